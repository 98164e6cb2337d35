import fc from "fast-check";
import type { Token } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import type { ActionResult } from "@/lib/actions/types";
import { approveRequestAction } from "@/lib/actions/approvals/approve-request";
import { rejectRequestAction } from "@/lib/actions/approvals/reject-request";
import { viewCustomer } from "@/lib/actions/customers/view-customer";
import { addEmailAction } from "@/lib/actions/emails/add-email";
import { confirmEmailAction } from "@/lib/actions/emails/confirm-email";
import { deleteEmailAction } from "@/lib/actions/emails/delete-email";
import { activateTokenAction } from "@/lib/actions/tokens/activate-token";
import { cancelTokenAction } from "@/lib/actions/tokens/cancel-token";
import { exchangeTokenAction } from "@/lib/actions/tokens/exchange-token";
import { issueTokenAction } from "@/lib/actions/tokens/issue-token";
import { renewTokenAtDeskAction } from "@/lib/actions/tokens/renew-token-at-desk";
import { renewTokenAction } from "@/lib/actions/tokens/renew-token";
import { replaceTokenAction } from "@/lib/actions/tokens/replace-token";
import { requestEmergencyCodeAction } from "@/lib/actions/tokens/request-emergency-code";
import { resetActivationPasswordAction } from "@/lib/actions/tokens/reset-activation-password";
import { resumeTokenAction } from "@/lib/actions/tokens/resume-token";
import { resyncCallerTokenAction } from "@/lib/actions/tokens/resync-caller-token";
import { resyncTokenAction } from "@/lib/actions/tokens/resync-token";
import { suspendTokenAction } from "@/lib/actions/tokens/suspend-token";
import { unlockTokenAction } from "@/lib/actions/tokens/unlock-token";
import { verifyEmergencyCodeAction } from "@/lib/actions/tokens/verify-emergency-code";
import { verifyOtpAction } from "@/lib/actions/tokens/verify-otp";
import { clearVerificationBlock } from "@/lib/actions/verification/clear-verification-block";
import { verifyCallerByPhone } from "@/lib/actions/verification/verify-caller-by-phone";
import { verifyCallerInPerson } from "@/lib/actions/verification/verify-caller-in-person";
import { DAY, HOUR, MINUTE } from "@/lib/time/clock";
import type { Who, World } from "./world";

/**
 * Every desk action, approval, token-service call and the clock, as fast-check arbitraries of steps
 * over one customer's world. A step never predicts the answer (the pipeline decides who may do what);
 * the promises are checked after each step by World.afterStep, whatever the answer was.
 */
type Run = (w: World) => Promise<void>;

export class Step {
  constructor(
    private readonly label: string,
    private readonly act: Run,
  ) {}
  async run(w: World): Promise<void> {
    // A step of a call takes some seconds: two checks never share one instant.
    w.clock.advance(7_000);
    const before = await w.tokens();
    await this.act(w);
    await w.afterStep(before);
  }
  toString(): string {
    return this.label;
  }
}

const step = (label: string, act: Run) => new Step(label, act);
/** Callers reach operators and tellers most; an auditor's tries are the rare wrong door. */
const person = fc.constantFrom<Who>("operator", "operator", "teller", "teller", "supervisor", "supervisor", "supervisor2", "auditor");
/**
 * A desk step is one call: the staff member checks the caller (by phone, at the counter, or relies
 * on an earlier check), then acts. Counter checks are mostly tellers'; anyone may try the wrong door.
 */
const who = person.chain((by) =>
  fc.constantFrom<Caller["how"]>(...(by === "teller" ? (["earlier", "counter", "counter", "phone"] as const) : (["earlier", "phone", "phone", "phone", "counter"] as const))).map((how) => ({ by, how })),
);
type Caller = { by: Who; how: "earlier" | "phone" | "counter" };

/** A genuine caller's answers, as the staff member checks them before acting. */
async function asCaller(w: World, { by, how }: Caller) {
  const options = await w.desk(by);
  if (how === "phone") {
    const answers = { customerId: w.customerId, name: w.nameKana, birthDate: w.birthDate, phone: w.phone, branchCode: w.branchCode, accountNumber: w.accountNumber };
    await w.call(`verification.phone by ${by}`, () => executeAction(verifyCallerByPhone, answers, options));
  }
  if (how === "counter") {
    const input = { customerId: w.customerId, documentType: "drivers_license", documentLast4: "1234", name: w.nameKanji, birthDate: w.birthDate, photoMatches: "yes" };
    await w.call(`verification.in_person by ${by}`, () => executeAction(verifyCallerInPerson, input, options));
  }
  return options;
}
const said = ({ by, how }: Caller) => (how === "earlier" ? by : `${by} (checked ${how === "phone" ? "by phone" : "at the counter"})`);
const tokenIndex = fc.nat({ max: 5 });

/** Another code than the app's, as a caller misreading the screen would give. */
const wrongOf = (code: string | null) => (code === "11111111" ? "22222222" : "11111111");
const label = (token: Token | undefined) => (token ? token.serial : "no token");

/** The desk's token buttons that take only the token (and the reason). */
const simpleDesk = {
  unlock: unlockTokenAction,
  suspend: suspendTokenAction,
  resume: resumeTokenAction,
  cancel: cancelTokenAction,
  renew: renewTokenAtDeskAction,
  reset_activation: resetActivationPasswordAction,
} as const;

export const deskCommands = [
  fc.tuple(person, fc.boolean()).map(([by, right]) =>
    step(`${by} checks the caller by phone${right ? "" : " (wrong birth date)"}`, async (w) => {
      const answers = { customerId: w.customerId, name: w.nameKana, birthDate: right ? w.birthDate : "1990-01-01", phone: w.phone, branchCode: w.branchCode, accountNumber: w.accountNumber };
      await w.call(`verification.phone by ${by}`, async () => executeAction(verifyCallerByPhone, answers, await w.desk(by)));
    }),
  ),
  fc.tuple(person, fc.boolean()).map(([by, right]) =>
    step(`${by} checks the caller at the counter${right ? "" : " (wrong birth date)"}`, async (w) => {
      const input = { customerId: w.customerId, documentType: "drivers_license", documentLast4: "1234", name: w.nameKanji, birthDate: right ? w.birthDate : "1990-01-01", photoMatches: "yes" };
      await w.call(`verification.in_person by ${by}`, async () => executeAction(verifyCallerInPerson, input, await w.desk(by)));
    }),
  ),
  person.map((by) =>
    step(`${by} clears a verification block`, async (w) => {
      await w.call(`verification.clear_block by ${by}`, async () => executeAction(clearVerificationBlock, { customerId: w.customerId, reason: "本人確認書類を確認済み" }, await w.desk(by)));
    }),
  ),
  fc.tuple(who, fc.constantFrom(...(Object.keys(simpleDesk) as Array<keyof typeof simpleDesk>)), tokenIndex).map(([by, op, n]) =>
    step(`${said(by)} ${op} token #${n}`, async (w) => {
      const token = await w.pick(n);
      if (!token) return;
      const result = await w.call(`token.${op} ${label(token)} by ${by.by}`, async () => executeAction(simpleDesk[op] as never, { customerId: w.customerId, tokenId: token.id, ...w.change() } as never, await asCaller(w, by)) as Promise<ActionResult<unknown>>);
      if (result.ok) await w.readSlip((result.data as { slipPdf?: string | null }).slipPdf, token.userId);
    }),
  ),
  fc.tuple(who, tokenIndex, fc.boolean()).map(([by, n, right]) =>
    step(`${said(by)} corrects token #${n}'s clock${right ? "" : " with wrong codes"}`, async (w) => {
      const token = await w.pick(n);
      if (!token) return;
      const otp1 = w.code(token) ?? "12345678";
      const otp2 = right ? (w.code(token, 1) ?? "87654321") : wrongOf(otp1);
      await w.call(`token.resync ${label(token)} by ${by.by}`, async () => executeAction(resyncCallerTokenAction, { customerId: w.customerId, tokenId: token.id, otp1, otp2, ...w.change() }, await asCaller(w, by)));
    }),
  ),
  fc.tuple(who, tokenIndex, fc.constantFrom("lost", "stolen", "device_changed", "app_deleted"), fc.constantFrom(undefined, "counter_slip", "letter")).map(([by, n, reason, delivery]) =>
    step(`${said(by)} replaces token #${n} (${reason}${delivery ? `, ${delivery}` : ""})`, async (w) => {
      const token = await w.pick(n);
      if (!token) return;
      const input = { customerId: w.customerId, tokenId: token.id, replaceReason: reason, ...(delivery ? { delivery } : {}), ...w.change() };
      const result = await w.call(`token.replace ${label(token)} by ${by.by}`, async () => executeAction(replaceTokenAction, input, await asCaller(w, by)));
      if (result.ok && result.data.outcome === "replaced") await w.readSlip(result.data.slipPdf, result.data.userId);
    }),
  ),
  fc.tuple(who, tokenIndex).map(([by, n]) =>
    step(`${said(by)} exchanges token #${n}`, async (w) => {
      const token = await w.pick(n);
      if (!token) return;
      const otp = w.code(token) ?? "12345678";
      const result = await w.call(`token.exchange ${label(token)} by ${by.by}`, async () => executeAction(exchangeTokenAction, { customerId: w.customerId, tokenId: token.id, otp, ...w.change() }, await asCaller(w, by)));
      if (result.ok && result.data.ok) await w.readSlip(result.data.slipPdf, result.data.userId);
    }),
  ),
  who.map((by) =>
    step(`${said(by)} issues a new token`, async (w) => {
      const result = await w.call(`token.issue by ${by.by}`, async () => executeAction(issueTokenAction, { customerId: w.customerId, serviceId: "10112890", ...w.change() }, await asCaller(w, by)));
      if (result.ok) await w.readSlip(result.data.slipPdf, result.data.userId);
    }),
  ),
  who.map((by) =>
    step(`${said(by)} requests an emergency code`, async (w) => {
      await w.call(`token.emergency_code by ${by.by}`, async () => executeAction(requestEmergencyCodeAction, { customerId: w.customerId, ...w.change() }, await asCaller(w, by)));
    }),
  ),
  fc.tuple(who, fc.boolean(), fc.nat({ max: 3 })).map(([by, approve, n]) =>
    step(`${said(by)} ${approve ? "approves" : "rejects"} request #${n}`, async (w) => {
      const waiting = await w.pendingRequests();
      const request = waiting[n % Math.max(1, waiting.length)];
      if (!request) return;
      const action = (approve ? approveRequestAction : rejectRequestAction) as never;
      await w.call(`approval.${approve ? "approve" : "reject"} ${request.kind} by ${by.by}`, async () => executeAction(action, { requestId: request.id, ...w.change({ reason: "確認のうえ判断" }) }, await asCaller(w, by)));
    }),
  ),
  fc.tuple(who, fc.nat({ max: 4 })).map(([by, n]) =>
    step(`${said(by)} adds e-mail #${n}`, async (w) => {
      const address = `caller${n}.${w.contractId}@example.jp`;
      await w.call(`email.add by ${by.by}`, async () => executeAction(addEmailAction, { customerId: w.customerId, address, ...w.change() }, await asCaller(w, by)));
    }),
  ),
  fc.tuple(who, fc.nat({ max: 4 })).map(([by, n]) =>
    step(`${said(by)} deletes e-mail #${n}`, async (w) => {
      const live = (await w.emails()).filter((e) => !e.deletedAt);
      const email = live[n % Math.max(1, live.length)];
      if (!email) return;
      await w.call(`email.delete by ${by.by}`, async () => executeAction(deleteEmailAction, { customerId: w.customerId, emailId: email.id, ...w.change() }, await asCaller(w, by)));
    }),
  ),
  who.map((by) =>
    step(`${said(by)} opens the customer`, async (w) => {
      await w.call(`customer.view by ${by.by}`, async () => executeAction(viewCustomer, { customerId: w.customerId }, await asCaller(w, by)));
    }),
  ),
];

export const apiCommands = [
  fc.tuple(tokenIndex, fc.boolean()).map(([n, right]) =>
    step(`app activates token #${n}${right ? "" : " with a wrong password"}`, async (w) => {
      const token = await w.pick(n);
      if (!token) return;
      const known = [...(w.knows.passwords.get(token.userId) ?? [])];
      const password = right && known.length ? known[known.length - 1]! : "00000000";
      const result = await w.call(`token_service.activate ${label(token)}`, () => executeAction(activateTokenAction, { serviceId: token.serviceId, userId: token.userId, activationPassword: password }, w.api()));
      if (result.ok && result.data.ok) w.learnSecret(token.id, result.data.secretBase32);
    }),
  ),
  fc.tuple(tokenIndex, fc.constantFrom("right", "wrong", "next")).map(([n, kind]) =>
    step(`internet banking checks token #${n}'s ${kind} code`, async (w) => {
      const token = await w.pick(n);
      if (!token) return;
      const code = kind === "wrong" ? wrongOf(w.code(token)) : (w.code(token, kind === "next" ? 1 : 0) ?? "12345678");
      const result = await w.call(`token_service.verify ${label(token)}`, () => executeAction(verifyOtpAction, { serviceId: token.serviceId, userId: token.userId, otp: code }, w.api()));
      if (result.ok && result.data.ok && token.status === "revoked") throw new Error(`revoked token ${token.serial} accepted a code`);
    }),
  ),
  tokenIndex.map((n) =>
    step(`app corrects token #${n}'s clock`, async (w) => {
      const token = await w.pick(n);
      if (!token) return;
      const otp1 = w.code(token, 3) ?? "12345678";
      const otp2 = w.code(token, 4) ?? "87654321";
      await w.call(`token_service.resync ${label(token)}`, () => executeAction(resyncTokenAction, { serviceId: token.serviceId, userId: token.userId, otp1, otp2 }, w.api()));
    }),
  ),
  tokenIndex.map((n) =>
    step(`app renews token #${n}`, async (w) => {
      const token = await w.pick(n);
      if (!token) return;
      await w.call(`token_service.renew ${label(token)}`, () => executeAction(renewTokenAction, { serviceId: token.serviceId, userId: token.userId, otp: w.code(token) ?? "12345678" }, w.api()));
    }),
  ),
  fc.tuple(fc.nat({ max: 4 }), fc.boolean()).map(([n, right]) =>
    step(`internet banking confirms e-mail #${n}${right ? "" : " with a wrong code"}`, async (w) => {
      const address = `caller${n}.${w.contractId}@example.jp`;
      const known = w.knows.confirmCodes.get(address);
      const code = right && known ? known : "00000000";
      await w.call(`token_service.confirm_email`, () => executeAction(confirmEmailAction, { contractId: w.contractId, address, code }, w.api()));
    }),
  ),
  tokenIndex.map((n) =>
    step(`internet banking takes an emergency code for token #${n}`, async (w) => {
      const token = await w.pick(n);
      if (!token) return;
      const emergencyCode = w.knows.emergencyCodes.at(-1) ?? "0000000000";
      await w.call(`token_service.verify_emergency ${label(token)}`, () => executeAction(verifyEmergencyCodeAction, { serviceId: token.serviceId, userId: token.userId, emergencyCode }, w.api()));
    }),
  ),
];

export const clockCommands = [
  fc.constantFrom(MINUTE, 20 * MINUTE, 3 * HOUR, 25 * HOUR, 460 * DAY).map((ms) =>
    step(`time passes: ${ms >= DAY ? `${Math.round(ms / DAY)} days` : ms >= HOUR ? `${ms / HOUR} hours` : `${ms / MINUTE} minutes`}`, async (w) => {
      w.clock.advance(ms);
      w.log.push(`time +${ms / MINUTE} min`);
    }),
  ),
];

/** The whole vocabulary, desk steps weighted so that sequences reach the four-eyes states often. */
export const everyCommand = [...deskCommands, ...deskCommands, ...apiCommands, ...clockCommands];

export type { Who };
