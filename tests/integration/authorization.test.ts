import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq, isNotNull } from "drizzle-orm";
import type { z } from "zod";
import { auditEvents, customers, staff, staffRoles, type StaffRole } from "@/db/schema";
import { demoCustomers } from "@/db/seed/demo-data";
import { executeAction, type ExecuteOptions } from "@/lib/actions/execute";
import { allActions, allQueries } from "@/lib/actions/registry";
import { runQuery, type QueryDefinition, type QueryResult } from "@/lib/actions/query";
import type { ActionDefinition, ActionResult } from "@/lib/actions/types";
import { startChainVerification } from "@/lib/actions/audit/start-chain-verification";
import { createCustomer, importCustomers, importRecord } from "@/tests/fixtures/customers";
import { sealAndVerify } from "@/tests/fixtures/audit";
import { can, type ActorRole } from "@/lib/auth/permissions";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { PASSWORD, auditEventAt, createSignedInStaff, createStaffMember, formKey, staffOptions, systemOptions, webMeta, type Member } from "@/tests/fixtures/staff";

type AnyAction = ActionDefinition<z.ZodType, unknown>;

let t: TestDb;
const clock = fixedClock("2026-11-22T05:00:00.000Z");
const members = new Map<StaffRole, Member>();
/** Another staff member for staff-targeting actions (admins may not act on themselves). */
let targetId: string;
/** A customer to issue tokens for, and an API client's key for the token-service actions. */
let customerId: string;
let apiKey: string;
/** A customer outside the demo records the import cell uses, for the desk actions. */
const deskRecord = demoCustomers(61)[60]!;
let deskCustomerId: string;
/** An open chain verification run, for the progress query. */
let runId: string;
/** An operator's web event (it has an IP address to reveal, and a supervisor's explorer lists it). */
let operatorEventId: number;

beforeAll(async () => {
  t = await createTestDb();
  for (const role of staffRoles) members.set(role, await createSignedInStaff(t.db, clock, `${role}.matrix`, role));
  targetId = await createStaffMember(t.db, clock, { loginId: "target.matrix", role: "operator" });
  customerId = await createCustomer(t.db, clock);
  apiKey = await createClient(t.db, clock, "matrix-client", 100_000);
  await createClient(t.db, clock, "matrix-client-revocable");
  deskCustomerId = (await importCustomers(t.db, clock, [deskRecord]))[0]!;
  const run = await executeAction(startChainVerification, {}, systemOptions(t.db, clock));
  if (!run.ok) throw new Error(run.message);
  runId = run.data.runId;
  const [event] = await t.db.select({ id: auditEvents.id }).from(auditEvents).where(and(eq(auditEvents.actorRole, "operator"), isNotNull(auditEvents.ip))).orderBy(auditEvents.id).limit(1);
  operatorEventId = event!.id;
});
afterAll(async () => t?.close());

let serial = 0;
const demoRecords = demoCustomers(60);

/**
 * An input each action accepts — so that the only reason to refuse is the role. Every call gets a
 * fresh one (unique login IDs and customers, a desk change's request key), so a permitted call can really succeed.
 */
const validInputs: Record<string, () => unknown> = {
  "staff.create": () => ({ loginId: `matrix.new.${++serial}`, displayName: `New ${serial}`, role: "operator", initialPassword: PASSWORD }),
  "staff.change_role": () => ({ staffId: targetId, role: serial++ % 2 ? "teller" : "supervisor", reason: "Matrix test" }),
  "staff.disable": () => ({ staffId: targetId, reason: "Matrix test" }),
  "staff.enable": () => ({ staffId: targetId, reason: "Matrix test" }),
  "staff.unlock": () => ({ staffId: targetId, reason: "Matrix test" }),
  "staff.reset_mfa": () => ({ staffId: targetId, reason: "Matrix test" }),
  "demo.import_customer": () => importRecord(demoRecords[serial++ % demoRecords.length]!, clock),
  "token.issue": () => ({ customerId, serviceId: "10112890", reason: "Matrix test", ...formKey() }),
  // A token id no customer has: a permitted call is refused for the caller's verification or as not found.
  "token.unlock": () => ({ customerId: deskCustomerId, tokenId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", reason: "Matrix test", ...formKey() }),
  "token.resync": () => ({ customerId: deskCustomerId, tokenId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", otp1: "12345678", otp2: "87654321", reason: "Matrix test", ...formKey() }),
  "token.suspend": () => ({ customerId: deskCustomerId, tokenId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", reason: "Matrix test", ...formKey() }),
  "token.resume": () => ({ customerId: deskCustomerId, tokenId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", reason: "Matrix test", ...formKey() }),
  "token.cancel": () => ({ customerId: deskCustomerId, tokenId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", reason: "Matrix test", ...formKey() }),
  // No live verification in this table: a permitted staff call is refused for that, not the role.
  "token.reset_activation": () => ({ customerId: deskCustomerId, tokenId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", reason: "Matrix test", ...formKey() }),
  "token.renew": () => ({ customerId: deskCustomerId, tokenId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", reason: "Matrix test", ...formKey() }),
  "token.replace": () => ({ customerId: deskCustomerId, tokenId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", replaceReason: "lost", reason: "Matrix test", ...formKey() }),
  "token.exchange": () => ({ customerId: deskCustomerId, tokenId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", otp: "12345678", reason: "Matrix test", ...formKey() }),
  "token.emergency_code": () => ({ customerId: deskCustomerId, reason: "Matrix test", ...formKey() }),
  // A request no one made: a permitted supervisor's decision answers not_found, changing nothing.
  "approval.approve": () => ({ requestId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", reason: "Matrix test", ...formKey() }),
  "approval.reject": () => ({ requestId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", reason: "Matrix test", ...formKey() }),
  "token_service.verify_emergency": () => ({ serviceId: "10112890", userId: matrixUserId(), emergencyCode: "1234567890" }),
  "api_client.create": () => ({ name: `matrix-new-${++serial}` }),
  "api_client.revoke": () => ({ name: "matrix-client-revocable", reason: "Matrix test" }),
  "token_service.activate": () => ({ serviceId: "10112890", userId: matrixUserId(), activationPassword: "1234" }),
  "token_service.verify": () => ({ serviceId: "10112890", userId: matrixUserId(), otp: "12345678" }),
  "token_service.resync": () => ({ serviceId: "10112890", userId: matrixUserId(), otp1: "12345678", otp2: "87654321" }),
  "token_service.renew": () => ({ serviceId: "10112890", userId: matrixUserId(), otp: "12345678" }),
  "customer.view": () => ({ customerId: deskCustomerId }),
  // The right answers, so that repeated permitted calls never block the customer.
  "verification.phone": () => ({ customerId: deskCustomerId, name: deskRecord.nameKana, birthDate: deskRecord.birthDate, phone: deskRecord.phone, branchCode: deskRecord.branchCode, accountNumber: deskRecord.accountNumber }),
  "verification.in_person": () => ({ customerId: deskCustomerId, documentType: "drivers_license", documentLast4: "1234", name: deskRecord.nameKanji, birthDate: deskRecord.birthDate, photoMatches: "yes" }),
  "verification.clear_block": () => ({ customerId: deskCustomerId, reason: "Matrix test" }),
  // Unknown notices: a permitted call runs and answers conflict / not_found, changing nothing.
  "notice.claim": () => ({ limit: 5, channels: ["email", "post"] }),
  "notice.mark_sent": () => ({ noticeId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", attempt: 1 }),
  "notice.mark_failed": () => ({ noticeId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", attempt: 1, errorCode: "smtp_451" }),
  "demo.mailbox_receive": () => ({ noticeId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", channel: "email", recipient: "matrix@example.jp", subject: "件名", body: "本文" }),
  // Nobody here has verified the caller: a permitted call is refused for that, changing nothing.
  "email.add": () => ({ customerId: deskCustomerId, address: `matrix.${++serial}@example.jp`, reason: "Matrix test", ...formKey() }),
  "email.delete": () => ({ customerId: deskCustomerId, emailId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", reason: "Matrix test", ...formKey() }),
  // No address waits for this contract: a permitted call runs and answers unknown_email.
  "token_service.confirm_email": () => ({ contractId: deskRecord.contractId, address: "matrix@example.jp", code: "12345678" }),
  // A run is already open (beforeAll): a permitted start answers conflict, a permitted finish of an unknown run too.
  "audit.verify_start": () => ({}),
  "audit.verify_finish": () => ({ runId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", result: "ok", checked: 0 }),
  "audit.review_events": () => ({ eventIds: [1], comment: "Matrix test" }),
  "audit.review_day": () => ({ day: "2026-11-22", expectedEvents: 0, comment: "Matrix test" }),
  "audit.reveal": () => ({ eventId: String(operatorEventId), field: "ip", reason: "Matrix test" }),
};

/** A user ID no token has: the call runs (and answers "unknown") without touching a lock. */
function matrixUserId(): string {
  return `4400${String(++serial).padStart(8, "0")}`;
}

const actions = allActions as readonly AnyAction[];

/** Codes that would make a "not forbidden" assertion pass without the permission having been checked. */
const vacuous = ["forbidden", "unauthenticated", "invalid_input"];

function inputFor(action: AnyAction): unknown {
  const make = validInputs[action.name];
  if (!make) throw new Error(`no valid input for ${action.name}: add one to validInputs`);
  const input = make();
  // The table itself must be right: a refusal for bad input would hide a permission bug.
  const parsed = action.input.safeParse(input);
  expect(parsed.success, `${action.name}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
  return input;
}

async function expectRoleOutcome(role: ActorRole, action: AnyAction, result: ActionResult<unknown>) {
  if (can(role, action.permission)) {
    if (!result.ok) expect(vacuous, `${role} ${action.name}: ${result.code} ${result.message}`).not.toContain(result.code);
    return;
  }
  expect(result).toMatchObject({ ok: false, code: "forbidden" });
  const event = await auditEventAt(t.db, result.auditEventId);
  expect(event).toMatchObject({ action: action.name, outcome: "denied", actorRole: role });
  expect(event.details).toMatchObject({ stage: "permission", permission: action.permission });
}

it("every registered action has a valid input in this test's table", () => {
  expect(actions.map((a) => a.name).sort()).toEqual(Object.keys(validInputs).sort());
});

describe.each(staffRoles.map((role) => ({ role })))("role $role", ({ role }) => {
  const cells = actions.map((action) => ({ name: action.name, action, expected: can(role, action.permission) ? "allowed" : "forbidden" }));

  it.each(cells)("$name is $expected", async ({ action }) => {
    const member = members.get(role)!;
    const result = await executeAction(action, inputFor(action), staffOptions(t.db, clock, member));
    await expectRoleOutcome(role, action, result);
    if (!result.ok && result.code === "forbidden") {
      expect((await auditEventAt(t.db, result.auditEventId)).actorId).toBe(member.staffId);
    }
  });
});

describe("the system actor", () => {
  const cells = actions.map((action) => ({ name: action.name, action, expected: can("system", action.permission) ? "allowed" : "forbidden" }));

  it.each(cells)("on the CLI: $name is $expected", async ({ action }) => {
    const result = await executeAction(action, inputFor(action), systemOptions(t.db, clock));
    await expectRoleOutcome("system", action, result);
  });

  it.each(cells)("on the web: $name is unauthenticated and changes nothing", async ({ action }) => {
    const counts = async () => ({
      staff: (await t.db.select({ n: count() }).from(staff))[0]!.n,
      customers: (await t.db.select({ n: count() }).from(customers))[0]!.n,
    });
    const before = await counts();
    const options: ExecuteOptions = { ...systemOptions(t.db, clock), meta: webMeta };
    const result = await executeAction(action, inputFor(action), options);
    expect(result).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(await counts()).toEqual(before);
    const event = await auditEventAt(t.db, result.ok ? undefined : result.auditEventId);
    expect(event).toMatchObject({ action: action.name, outcome: "denied", actorType: "anonymous", actorId: "test", channel: "web" });
  });
});

describe("an API client (token-service API channel)", () => {
  const cells = actions.map((action) => ({ name: action.name, action, expected: can("api_client", action.permission) ? "allowed" : "forbidden" }));

  it.each(cells)("$name is $expected", async ({ action }) => {
    const result = await executeAction(action, inputFor(action), apiOptions(t.db, clock, apiKey));
    await expectRoleOutcome("api_client", action, result);
    if (!result.ok && result.code === "forbidden") expect((await auditEventAt(t.db, result.auditEventId)).actorType).toBe("api_client");
  });
});

type AnyQuery = QueryDefinition<z.ZodType, unknown>;
const queries = allQueries as readonly AnyQuery[];

/** An input each query accepts, so that the only reason to refuse is the role. */
const validQueryInputs: Record<string, () => unknown> = {
  "customer.search": () => ({ kind: "contract", query: deskRecord.contractId }),
  "staff.list": () => ({}),
  "desk.home": () => ({}),
  "audit.integrity": () => ({}),
  "audit.verification_run": () => ({ runId }),
  "audit.reviews": () => ({ day: "2026-11-22" }),
  "audit.overdue_reviews": () => ({}),
  "audit.report": () => ({ from: "2026-11-22", to: "2026-11-22" }),
  "audit.explore": () => ({ action: "auth.sign_in" }),
  "audit.event": () => ({ id: String(operatorEventId) }),
  "audit.export": () => ({ action: "auth.sign_in", columns: ["occurredAt", "action"], format: "csv" }),
  "approval.queue": () => ({}),
  "approval.inbox": () => ({}),
  // An entry no one filed: a permitted read answers "no letter" (the route's 404).
  "demo.mailbox_letter": () => ({ entryId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a" }),
  // A customer with nothing filed: the page shows them chosen, with an empty mailbox.
  "demo.mailbox": () => ({ customerId: deskCustomerId }),
  "notice.stuck": () => ({}),
};

function queryInputFor(query: AnyQuery): unknown {
  const make = validQueryInputs[query.name];
  if (!make) throw new Error(`no valid input for ${query.name}: add one to validQueryInputs`);
  const input = make();
  expect(query.input.safeParse(input).success, query.name).toBe(true);
  return input;
}

async function expectQueryOutcome(role: ActorRole, query: AnyQuery, result: QueryResult<unknown>) {
  if (can(role, query.permission)) {
    expect(result, `${role} ${query.name}`).toMatchObject({ ok: true });
    return;
  }
  expect(result).toMatchObject({ ok: false, code: "forbidden" });
  const event = await auditEventAt(t.db, result.ok ? undefined : result.auditEventId);
  expect(event).toMatchObject({ action: query.name, outcome: "denied", actorRole: role });
  expect(event.details).toMatchObject({ stage: "permission", permission: query.permission });
}

describe("queries", () => {
  it("every registered query has a valid input in this test's table, and names are unique across actions and queries", () => {
    expect(queries.map((q) => q.name).sort()).toEqual(Object.keys(validQueryInputs).sort());
    const names = [...actions.map((a) => a.name), ...queries.map((q) => q.name)];
    expect(new Set(names).size).toBe(names.length);
  });

  describe.each(staffRoles.map((role) => ({ role })))("role $role", ({ role }) => {
    const cells = queries.map((query) => ({ name: query.name, query, expected: can(role, query.permission) ? "allowed" : "forbidden" }));
    it.each(cells)("$name is $expected", async ({ query }) => {
      const result = await runQuery(query, queryInputFor(query), staffOptions(t.db, clock, members.get(role)!));
      await expectQueryOutcome(role, query, result);
    });
  });

  const systemCells = queries.map((query) => ({ name: query.name, query, expected: can("system", query.permission) ? "allowed" : "forbidden" }));
  it.each(systemCells)("the system actor on the CLI: $name is $expected", async ({ query }) => {
    await expectQueryOutcome("system", query, await runQuery(query, queryInputFor(query), systemOptions(t.db, clock)));
  });

  it.each(systemCells)("the system actor on the web: $name is unauthenticated and audited", async ({ query }) => {
    const result = await runQuery(query, queryInputFor(query), { ...systemOptions(t.db, clock), meta: webMeta });
    expect(result).toMatchObject({ ok: false, code: "unauthenticated" });
    const event = await auditEventAt(t.db, result.ok ? undefined : result.auditEventId);
    expect(event).toMatchObject({ action: query.name, outcome: "denied", actorType: "anonymous", channel: "web" });
  });

  const apiCells = queries.map((query) => ({ name: query.name, query, expected: can("api_client", query.permission) ? "allowed" : "forbidden" }));
  it.each(apiCells)("an API client: $name is $expected", async ({ query }) => {
    await expectQueryOutcome("api_client", query, await runQuery(query, queryInputFor(query), apiOptions(t.db, clock, apiKey)));
  });
});

it("every refusal above was audited and the chain is intact", async () => {
  const [{ n }] = (await t.db.select({ n: count() }).from(auditEvents)) as [{ n: number }];
  expect(n).toBeGreaterThan(staffRoles.length * actions.length);
  expect(await sealAndVerify(t.db)).toMatchObject({ ok: true });
});
