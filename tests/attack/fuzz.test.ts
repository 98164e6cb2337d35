import fc from "fast-check";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import { encode } from "next-auth/jwt";
import type { DbHandle } from "@/db/client";
import { importDemoCustomer } from "@/lib/actions/demo/import-demo-customer";
import { executeAction, type ExecuteOptions } from "@/lib/actions/execute";
import { allActions } from "@/lib/actions/registry";
import { can, type ActorRole } from "@/lib/auth/permissions";
import { searchCustomersInput } from "@/lib/customers/search-schema";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { cliMeta, createSignedInStaff, createStaffMember, formKey, systemOptions } from "@/tests/fixtures/staff";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { createCustomer } from "@/tests/fixtures/customers";
import { recordFigure } from "./figures";
import { alwaysBad, badBodies, badInputs, describeInput, prototypePolluted, type BadInput } from "./fuzz-inputs";

/**
 * Property-based fuzzing of every action (through the pipeline, as a principal allowed to run it)
 * and every JSON route handler (in-process, as Next would call it): bad input is refused with a
 * typed error or a 4xx, never a 5xx or internal_error, and changes nothing.
 */

// Route handlers read the session from next/headers: give them the fuzz request's headers.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => {
    const jar = new Map((request.headers.get("cookie") ?? "").split(/;\s*/).filter(Boolean).map((c) => c.split("=") as [string, string]));
    return { get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined), getAll: () => [...jar].map(([name, value]) => ({ name, value })) };
  },
}));

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
console.log(`fuzz: seed ${SEED}, ${RUNS} inputs per target (replay with FUZZ_SEED=${SEED})`);

let t: TestDb;
const clock = fixedClock(new Date());
const principals = new Map<ActorRole, ExecuteOptions>();
const bases = new Map<string, Record<string, unknown>>();
let apiKey = "";
let sessionCookie = "";
let tried = 0;
const serverErrors: string[] = [];

beforeAll(async () => {
  process.env.TOKENDESK_DEMO = "0";
  t = await createTestDb();
  (globalThis as unknown as { __tokendeskDb?: Promise<DbHandle> }).__tokendeskDb = Promise.resolve(t.handle);
  const customerId = await createCustomer(t.db, clock);
  apiKey = await createClient(t.db, clock, "fuzz-existing");
  const target = await createStaffMember(t.db, clock, { loginId: "fuzz-target", role: "operator" });
  principals.set("system", systemOptions(t.db, clock));
  principals.set("api_client", apiOptions(t.db, clock, apiKey));
  for (const role of ["operator", "teller", "supervisor", "auditor", "admin"] as const) {
    const staffId = await createStaffMember(t.db, clock, { loginId: `fuzz-${role}`, role });
    principals.set(role, { db: t.db, clock, actor: { type: "staff", staffId, sessionId: null }, meta: cliMeta });
  }
  const searcher = await createSignedInStaff(t.db, clock, "fuzz-searcher", "operator");
  sessionCookie = `next-auth.session-token=${await encode({ token: { sub: searcher.staffId, sid: searcher.sessionId }, secret: process.env.NEXTAUTH_SECRET! })}`;

  const person = { name: "試験 太郎", birthDate: "1980-04-01" };
  const reason = { staffId: target, reason: "異動のため確認" };
  const token = { serviceId: "10112890", userId: "559999999999" };
  // A desk change's form key, so that bad inputs reach every check a real form's would (and the key itself is fuzzed).
  const desk = formKey();
  const entries: Record<string, Record<string, unknown>> = {
    "staff.create": { loginId: "fuzz-new", displayName: "試験 花子", role: "operator", initialPassword: "Fuzz-password-2026" },
    "staff.change_role": { ...reason, role: "teller" },
    "staff.disable": reason,
    "staff.enable": reason,
    "staff.unlock": reason,
    "staff.reset_mfa": reason,
    "demo.import_customer": {
      contractId: "7999999999", nameKanji: "試験 次郎", nameKana: "シケン ジロウ", birthDate: "1980-04-01", phone: "09099999999", branchCode: "001",
      branchName: "本店", accountNumber: "1999999", postalCode: "100-0001", address: "東京都千代田区千代田1-1", emails: [], tokens: [],
    },
    "customer.view": { customerId },
    "verification.phone": { customerId, ...person, phone: "09000000001", branchCode: "001", accountNumber: "1000001" },
    "verification.in_person": { customerId, ...person, documentType: "passport", documentLast4: "1234", photoMatches: true },
    "verification.clear_block": { customerId, reason: "窓口で確認済み" },
    "token.issue": { customerId, serviceId: "10112890", reason: "新規発行のご依頼", ...desk },
    "token.unlock": { customerId, tokenId: customerId, reason: "10回誤入力のため", ...desk },
    "token.resync": { customerId, tokenId: customerId, otp1: "12345678", otp2: "23456789", reason: "時計のずれのため", ...desk },
    "token.suspend": { customerId, tokenId: customerId, reason: "紛失の疑いのため", ...desk },
    "token.resume": { customerId, tokenId: customerId, reason: "見つかったため", ...desk },
    "token.cancel": { customerId, tokenId: customerId, reason: "お客さまのご依頼", ...desk },
    "token.reset_activation": { customerId, tokenId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", reason: "S0C4 のため再発行", ...desk },
    "token.renew": { customerId, tokenId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", reason: "更新のご依頼", ...desk },
    "token.replace": { customerId, tokenId: customerId, replaceReason: "lost", delivery: "letter", reason: "スマートフォン紛失のため", ...desk },
    "token.exchange": { customerId, tokenId: customerId, otp: "12345678", reason: "機種変更のため", ...desk },
    "token.emergency_code": { customerId, reason: "至急の振込のため", ...desk },
    "approval.approve": { requestId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", reason: "確認済みのため", ...desk },
    "approval.reject": { requestId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", reason: "不一致のため", ...desk },
    "token_service.verify_emergency": { ...token, emergencyCode: "1234567890" },
    "api_client.create": { name: "fuzz-new-client", rateLimitPerMinute: 10 },
    "api_client.revoke": { name: "fuzz-existing", reason: "不要になったため" },
    "token_service.activate": { ...token, activationPassword: "1234" },
    "token_service.verify": { ...token, otp: "12345678" },
    "token_service.resync": { ...token, otp1: "12345678", otp2: "23456789" },
    "token_service.renew": { ...token, otp: "12345678" },
    "notice.claim": { limit: 10, channels: ["email"], leaseMs: 300_000 },
    "notice.mark_sent": { noticeId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", attempt: 1 },
    "notice.mark_failed": { noticeId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", attempt: 1, errorCode: "smtp_451" },
    "demo.mailbox_receive": { noticeId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", channel: "email", recipient: "fuzz@example.jp", subject: "件名", body: "本文\n二行目" },
    "email.add": { customerId, address: "fuzz@example.jp", reason: "お客さまのご依頼", ...desk },
    "email.delete": { customerId, emailId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", reason: "お客さまのご依頼", ...desk },
    "token_service.confirm_email": { contractId: "7999999999", address: "fuzz@example.jp", code: "12345678" },
    "audit.verify_start": {},
    "audit.verify_finish": { runId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", result: "failed", checked: 3, firstBadSeq: 2, problem: "hash_mismatch" },
    "audit.review_events": { eventIds: [1, 2], comment: "申請書と照合済み" },
    "audit.review_day": { day: "2026-11-22", action: "token.issue", outcome: "success", highRiskOnly: false, expectedEvents: 1, comment: "申請書と照合済み" },
    "audit.reveal": { eventId: "1", field: "ip", reason: "監査のため確認" },
  };
  for (const [name, base] of Object.entries(entries)) bases.set(name, base);
});

afterAll(async () => {
  (globalThis as unknown as { __tokendeskDb?: Promise<DbHandle> }).__tokendeskDb = undefined;
  recordFigure("fuzz-inputs", "Bad inputs tried (route handlers + actions) / 5xx or internal errors seen", `${tried} / ${serverErrors.length}`);
  await t?.close();
});

/**
 * Every table's content, except refusals in the audit log (which every bad input must add) and the
 * audit chain, which the sequencer extends in the background as it seals those refusals.
 */
async function snapshot(): Promise<string> {
  const tables = (await t.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like '%migrations%' and table_name <> 'audit_chain' order by 1`)) as unknown as { rows?: Array<{ table_name: string }> } & Array<{ table_name: string }>;
  const names = (tables.rows ?? tables).map((r) => r.table_name);
  const parts: string[] = [];
  for (const name of names) {
    const filter = name === "audit_events" ? sql.raw(`where outcome not in ('invalid', 'denied')`) : sql.raw("");
    const result = (await t.db.execute(sql`select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) as h from ${sql.identifier(name)} x ${filter}`)) as unknown as { rows?: Array<{ h: string }> } & Array<{ h: string }>;
    parts.push(`${name}:${(result.rows ?? result)[0]!.h}`);
  }
  return parts.join(" ");
}

function principalFor(role: (r: ActorRole) => boolean): ExecuteOptions {
  const found = (["system", "admin", "operator", "teller", "supervisor", "auditor", "api_client"] as const).find(role);
  if (!found) throw new Error("no principal may run this action");
  return principals.get(found)!;
}

function sample<T>(arb: fc.Arbitrary<T>, offset: number): T[] {
  return fc.sample(arb, { numRuns: RUNS, seed: SEED + offset });
}

describe("fuzzing every action through the pipeline", () => {
  it.each(allActions.map((a, i) => [a.name, a as unknown as (typeof allActions)[0], i] as const))("%s refuses every bad input, with a typed error, changing nothing", async (name, action, index) => {
    const base = bases.get(name);
    expect(base, `no valid base input for ${name}: add one to the fuzz test`).toBeDefined();
    const options = principalFor((role) => can(role, action.permission));
    const problems: string[] = [];
    const before = await snapshot();
    const schema = action.input as z.ZodType;
    for (const bad of sample(badInputs(base!), index)) {
      if (!alwaysBad(bad) && schema.safeParse(bad.value).success) continue;
      tried += 1;
      const result = await executeAction(action, bad.value, options);
      const where = `${bad.kind}${bad.field ? ` ${bad.field}` : ""}: ${describeInput(bad.value)}`;
      if (!result.ok && result.code === "internal_error") serverErrors.push(`${name} ${where}`);
      if (result.ok) problems.push(`accepted ${where}`);
      else if (!result.message || result.code === "internal_error") problems.push(`${result.code} ${where}`);
    }
    expect(problems).toEqual([]);
    expect(await snapshot()).toBe(before);
    expect(prototypePolluted()).toBe(false);
  });
});

type Handler = (request: Request) => Promise<Response>;
const routes: Array<{ path: string; load: () => Promise<Handler>; schema: z.ZodType; base: () => Record<string, unknown>; auth: () => Record<string, string> }> = [
  ...(["activate", "verify", "resync", "renew"] as const).map((op) => ({
    path: `/api/token-service/v1/${op}`,
    load: async () => (await import(`@/app/api/token-service/v1/${op}/route`)).POST as Handler,
    schema: allActions.find((a) => a.name === `token_service.${op}`)!.input as z.ZodType,
    base: () => bases.get(`token_service.${op}`)!,
    auth: () => ({ authorization: `Bearer ${apiKey}` }),
  })),
  {
    path: "/api/token-service/v1/confirm-email",
    load: async () => (await import("@/app/api/token-service/v1/confirm-email/route")).POST as Handler,
    schema: allActions.find((a) => a.name === "token_service.confirm_email")!.input as z.ZodType,
    base: () => bases.get("token_service.confirm_email")!,
    auth: () => ({ authorization: `Bearer ${apiKey}` }),
  },
  {
    path: "/api/customers/search",
    load: async () => (await import("@/app/api/customers/search/route")).POST as Handler,
    schema: searchCustomersInput,
    base: () => ({ kind: "name", query: "試験" }),
    auth: () => ({ cookie: sessionCookie }),
  },
];

describe("fuzzing every JSON route handler", () => {
  it.each(routes.map((r, i) => [r.path, r, i] as const))("POST %s answers every bad body with a 4xx and a clear error, changing nothing", async (path, route, index) => {
    const handler = await route.load();
    const problems: string[] = [];
    const before = await snapshot();
    for (const input of sample(badBodies(route.base()), 100 + index)) {
      const bad = (input as { bad?: BadInput }).bad;
      if (bad && !alwaysBad(bad) && route.schema.safeParse(bad.value).success) continue;
      tried += 1;
      request.headers = new Headers({ "user-agent": "fuzz", ...(input.contentType ? { "content-type": input.contentType } : {}), ...route.auth() });
      const response = await handler(new Request(`http://localhost${path}`, { method: "POST", headers: request.headers, body: input.body }));
      const text = await response.text();
      const where = `${input.kind}: ${describeInput(input.body)}`;
      if (response.status >= 500 || text.includes("internal_error")) serverErrors.push(`${path} ${where}`);
      if (response.status < 400 || response.status >= 500) problems.push(`HTTP ${response.status} for ${where}`);
      else if (!/"(code|status)":"[a-z_]+"/.test(text)) problems.push(`no error code in ${text.slice(0, 120)} for ${where}`);
    }
    expect(problems).toEqual([]);
    expect(await snapshot()).toBe(before);
  });
});

describe("found by fuzzing", () => {
  it("importing a contract ID or an account twice is a conflict with a message, not a unique-constraint internal_error", async () => {
    const record = { ...bases.get("demo.import_customer")!, contractId: "7888888888", accountNumber: "1888888" };
    const system = principals.get("system")!;
    expect(await executeAction(importDemoCustomer, record, system)).toMatchObject({ ok: true });
    expect(await executeAction(importDemoCustomer, record, system)).toMatchObject({ ok: false, code: "conflict", message: "A customer with this contract ID already exists." });
    expect(await executeAction(importDemoCustomer, { ...record, contractId: "7888888889" }, system)).toMatchObject({
      ok: false,
      code: "conflict",
      message: "A customer with this branch and account number already exists.",
    });
  });
});
