import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import postgres from "postgres";
import { can, type ActorRole, type Permission } from "@/lib/auth/permissions";
import { recordFigure } from "@/tests/attack/figures";
import type { E2eAccount } from "@/tests/fixtures/e2e-accounts";
import { E2E_SERVER_FILE, E2E_TOKEN_FILE, type E2eServer, type E2eToken } from "./env";
import { account, signIn } from "./helpers";

/**
 * Every server action in the build and every route handler, called directly over HTTP (no UI)
 * with each role's session, an API key, and nothing: what runs must be exactly what
 * lib/auth/permissions.ts grants, and every refusal must leave a "denied" audit event (checked in
 * the database on PostgreSQL; an embedded PGlite directory belongs to the server process alone).
 */

const roles = ["operator", "teller", "supervisor", "auditor", "admin"] as const;
type Who = (typeof roles)[number] | "api_client" | "none";
const everyone: readonly Who[] = [...roles, "api_client", "none"];

/** Any well-formed id: permission is decided before the input is even read. */
const SOME_ID = "00000000-0000-4000-8000-000000000000";

/** JSON-encoded arguments, or a form: `(formData)` or, for useActionState forms, `(prevState, formData)`. */
type Body = { json: unknown[] } | { form: Record<string, string>; state?: true };
interface Target {
  name: string;
  /** null: open to anyone (sign-in, sign-out, language, health). */
  permission: Permission | null;
  /** The audit event's action for a refusal. */
  audited?: string;
  call(api: APIRequestContext, headers: Record<string, string>): Promise<{ status: number; text: string }>;
}

/** How each server action in the manifest is called, and what it requires. */
const serverActions: Record<string, Array<{ label?: string; permission: Permission | null; audited?: string; body: Body }>> = {
  signOutAction: [{ permission: null, body: { json: [] } }],
  setLocaleAction: [{ permission: null, body: { form: { locale: "ja", back: "/" } } }],
  startEnrolmentAction: [{ permission: null, body: { json: [{ loginId: "nobody-here", password: "not-a-password" }] } }],
  searchCustomersAction: [{ permission: "customer.search", audited: "customer.search", body: { form: {}, state: true } }],
  createStaffAction: [{ permission: "staff.create", audited: "staff.create", body: { form: {}, state: true } }],
  manageStaffAction: (
    [
      ["changeRole", "staff.change_role"],
      ["disable", "staff.disable"],
      ["enable", "staff.enable"],
      ["unlock", "staff.unlock"],
      ["resetMfa", "staff.reset_mfa"],
    ] as const
  ).map(([op, permission]) => ({ label: op, permission, audited: permission, body: { form: { op, staffId: SOME_ID }, state: true } })),
  clearBlockAction: [{ permission: "customer.clear_verification_block", audited: "verification.clear_block", body: { form: { customerId: SOME_ID }, state: true } }],
  verifyByPhoneAction: [{ permission: "customer.verify_phone", audited: "verification.phone", body: { form: { customerId: SOME_ID }, state: true } }],
  verifyInPersonAction: [{ permission: "customer.verify_in_person", audited: "verification.in_person", body: { form: { customerId: SOME_ID }, state: true } }],
  // The desk's fixes: one form per action, each refused before its input is read.
  ...Object.fromEntries(
    (
      [
        ["resetActivationFormAction", "token.reset_activation", "token.reset_activation"],
        ["renewTokenFormAction", "token.renew", "token.renew"],
        ["issueTokenFormAction", "token.issue", "token.issue"],
        ["unlockTokenFormAction", "token.unlock", "token.unlock"],
        ["resyncTokenFormAction", "token.resync", "token.resync"],
        ["suspendTokenFormAction", "token.suspend", "token.suspend"],
        ["resumeTokenFormAction", "token.resume", "token.resume"],
        ["cancelTokenFormAction", "token.cancel", "token.cancel"],
        ["addEmailFormAction", "email.add", "email.add"],
        ["deleteEmailFormAction", "email.delete", "email.delete"],
        ["replaceTokenFormAction", "token.replace", "token.replace"],
        ["exchangeTokenFormAction", "token.exchange", "token.exchange"],
        ["requestEmergencyCodeFormAction", "token.emergency_code", "token.emergency_code"],
      ] as const
    ).map(([name, permission, audited]) => [name, [{ permission, audited, body: { form: { customerId: SOME_ID, tokenId: SOME_ID }, state: true } }]]),
  ),
  // A supervisor's decision on a request (the form's "decision" picks approve or reject).
  decideFormAction: (["approve", "reject"] as const).map((decision) => ({
    label: decision,
    permission: "approval.decide" as Permission,
    audited: `approval.${decision}`,
    body: { form: { decision, requestId: SOME_ID }, state: true as const },
  })),
  // The auditor's workspace.
  exploreWithText: [{ permission: "audit.explore", audited: "audit.explore", body: { json: [{}] } }],
  revealValueAction: [{ permission: "audit.reveal", audited: "audit.reveal", body: { form: { eventId: "1", field: "ip" }, state: true } }],
  startVerificationAction: [{ permission: "audit.verify", audited: "audit.verify_start", body: { json: [] } }],
  verificationRunAction: [{ permission: "audit.view", audited: "audit.verification_run", body: { json: [SOME_ID] } }],
  reviewEventsAction: [{ permission: "audit.review", audited: "audit.review_events", body: { form: {}, state: true } }],
  reviewDayAction: [{ permission: "audit.review", audited: "audit.review_day", body: { form: {}, state: true } }],
};

/** "app/(desk)/customers/[customerId]/page" → "/customers/<id>" */
function pagePath(worker: string): string {
  const parts = worker.replace(/^app\//, "").replace(/\/?page$/, "").split("/").filter((p) => p && !/^\(.*\)$/.test(p));
  return `/${parts.map((p) => (p.startsWith("[") ? SOME_ID : p)).join("/")}`;
}

/** A FormData, not an object: "0" would be enumerated first, and React resolves the root on arrival. */
function encodeForm(fields: Record<string, string>, withState: boolean): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(`_1_${name}`, value);
  form.append("0", JSON.stringify(withState ? [null, "$K1"] : ["$K1"]));
  return form;
}

function actionTargets(origin: string): Target[] {
  const manifest = JSON.parse(readFileSync(path.join(process.cwd(), ".next", "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; exportedName: string; filename: string }>;
  };
  return Object.entries(manifest.node).flatMap(([id, entry]): Target[] => {
    const known = serverActions[entry.exportedName];
    // A new server action must be added above, with its permission, or this test fails.
    if (!known) return [{ name: `${entry.filename}#${entry.exportedName} (not in this test's table)`, permission: "desk.home" as Permission, call: async () => ({ status: 0, text: "" }) }];
    const page = pagePath(Object.keys(entry.workers).sort()[0]!);
    return known.map((k) => ({
      name: `action ${entry.exportedName}${k.label ? `:${k.label}` : ""} (${page})`,
      permission: k.permission,
      audited: k.audited,
      async call(api: APIRequestContext, headers: Record<string, string>) {
        const common = { headers: { ...headers, "next-action": id, origin, accept: "text/x-component" }, maxRedirects: 0 };
        // React's encodeReply for a FormData argument: its fields as "_1_<name>", then the root
        // argument array "0" referring to them as "$K1".
        const response =
          "json" in k.body
            ? await api.post(page, { ...common, headers: { ...common.headers, "content-type": "text/plain;charset=UTF-8" }, data: JSON.stringify(k.body.json) })
            : await api.post(page, { ...common, multipart: encodeForm(k.body.form, k.body.state === true) });
        return { status: response.status(), text: await response.text() };
      },
    }));
  });
}

function routeTargets(): Target[] {
  const json = (url: string, permission: Permission | null, audited: string | undefined, body: unknown): Target => ({
    name: `route POST ${url}`,
    permission,
    audited,
    async call(api, headers) {
      const response = await api.post(url, { headers: { ...headers, "content-type": "application/json" }, data: JSON.stringify(body), maxRedirects: 0 });
      return { status: response.status(), text: await response.text() };
    },
  });
  const get = (url: string, permission: Permission | null = null, audited?: string): Target => ({
    name: `route GET ${url}`,
    permission,
    audited,
    async call(api, headers) {
      const response = await api.get(url, { headers, maxRedirects: 0 });
      return { status: response.status(), text: await response.text() };
    },
  });
  return [
    get("/api/health"),
    get("/api/auth/csrf"),
    get("/api/auth/session"),
    json("/api/customers/search", "customer.search", "customer.search", {}),
    ...(["activate", "verify", "resync", "renew"] as const).map((op) => json(`/api/token-service/v1/${op}`, `token_service.${op}`, `token_service.${op}`, {})),
    json("/api/token-service/v1/confirm-email", "token_service.confirm_email", "token_service.confirm_email", {}),
    json("/api/token-service/v1/verify-emergency", "token_service.verify", "token_service.verify_emergency", {}),
    json("/audit/export", "audit.export", "audit.export", {}),
    get("/audit/reports/csv?table=perDay&from=2026-11-22&to=2026-11-22", "audit.view", "audit.report"),
    // Demo mode only: the mailbox page's own gate, read through demo.mailbox_letter (a letter the caller may not read is 401/403).
    get(`/demo/mailbox/letter/${SOME_ID}`, "demo.mailbox_read", "demo.mailbox_letter"),
  ];
}

const refusalMarkers = ['"code":"forbidden"', '"code":"unauthenticated"', '"status":"forbidden"', '"status":"unauthenticated"', '"forbidden":true'];
const refused = (r: { status: number; text: string }) => r.status === 401 || r.status === 403 || refusalMarkers.some((m) => r.text.includes(m));

test("every server action and route handler answers each role exactly as the permission matrix says, and audits each refusal", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const origin = new URL(baseURL!).origin;
  const token = JSON.parse(readFileSync(E2E_TOKEN_FILE, "utf8")) as E2eToken;
  const server = JSON.parse(readFileSync(E2E_SERVER_FILE, "utf8")) as E2eServer;
  const sql = server.databaseUrl ? postgres(server.databaseUrl, { max: 1, onnotice: () => {} }) : null;
  if (!sql) console.log("attack-authorization: audit rows not checked on PGlite (the server process owns the directory); run with DATABASE_URL");

  // One sign-in per role; sign-out runs last so each session serves every other call.
  const callers = new Map<Who, { api: APIRequestContext; headers: Record<string, string>; close: () => Promise<void> }>();
  for (const role of roles) callers.set(role, await signedIn(browser, account(role, "x")));
  const anon = await browser.newContext();
  callers.set("none", { api: anon.request, headers: {}, close: () => anon.close() });
  const keyed = await browser.newContext();
  callers.set("api_client", { api: keyed.request, headers: { authorization: `Bearer ${token.apiKey}` }, close: () => keyed.close() });

  const targets = [...actionTargets(origin), ...routeTargets()].sort((a, b) => Number(a.name.includes("signOutAction")) - Number(b.name.includes("signOutAction")));
  const broken: string[] = [];
  let calls = 0;
  for (const target of targets) {
    for (const who of everyone) {
      const caller = callers.get(who)!;
      const role: ActorRole | null = who === "none" ? null : who;
      const allowed = target.permission === null || (role !== null && can(role, target.permission));
      const before = sql ? Number((await sql`select coalesce(max(id), 0) as id from audit_events`)[0]!.id) : 0;
      const result = await target.call(caller.api, caller.headers);
      calls += 1;
      const where = `${target.name} as ${who}`;
      if (result.status >= 500 || result.status === 0 || result.text.includes('"code":"internal_error"')) broken.push(`${where}: HTTP ${result.status}`);
      else if (allowed === refused(result)) broken.push(`${where}: ${allowed ? "refused" : "allowed"} (HTTP ${result.status}) ${result.text.slice(0, 160)}`);
      else if (!allowed && sql && target.audited) {
        const rows = await sql`select action, outcome from audit_events where id > ${before} and outcome = 'denied' and action = ${target.audited}`;
        if (rows.length === 0) broken.push(`${where}: refused but no denied "${target.audited}" audit event`);
      }
    }
  }
  for (const caller of callers.values()) await caller.close();
  await sql?.end();

  recordFigure("authz-http", "Every server action and route handler × every role and none → calls that broke the matrix", `${broken.length} of ${calls}`);
  console.log(`attack-authorization: ${targets.length} targets × ${everyone.length} callers = ${calls} calls, ${broken.length} broke the matrix`);
  expect(broken).toEqual([]);
  expect(targets.length).toBeGreaterThanOrEqual(18);
});

async function signedIn(browser: Browser, staff: E2eAccount) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, staff);
  await page.close();
  return { api: context.request, headers: {}, close: () => context.close() };
}
