/**
 * A few weeks of a help desk's past for the demo: the calls, counter visits, four-eyes decisions,
 * refusals and app traffic an auditor expects to find — replayed through the real actions with a
 * simulated clock, in time order, so every event is one the portal itself wrote and the audit
 * chain holds. Staff sign in through lib/auth as they would on the web (their sessions idle out
 * and end as real ones do); the app and internet banking call the token-service actions with the
 * demo API client's key; the day's notices go out through the notice worker's own batch.
 *
 * Deterministic: one seeded PRNG picks the calls, customers and times, so the same database start
 * gives the same history (only the dates move with the day it is seeded).
 *
 * Only customers from HISTORY_FIRST_INDEX on take part: the browser and integration tests pick
 * the demo customers before it by index and expect them as the demo data describes them.
 */
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { and, asc, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalRequests, registeredEmails, tokens, type Token } from "@/db/schema";
import { approveRequestAction } from "@/lib/actions/approvals/approve-request";
import { rejectRequestAction } from "@/lib/actions/approvals/reject-request";
import { viewCustomer } from "@/lib/actions/customers/view-customer";
import { addEmailAction } from "@/lib/actions/emails/add-email";
import { confirmEmailAction } from "@/lib/actions/emails/confirm-email";
import { deleteEmailAction } from "@/lib/actions/emails/delete-email";
import { executeAction, type ExecuteOptions } from "@/lib/actions/execute";
import { receiveDemoMail } from "@/lib/actions/notices/receive-demo-mail";
import { activateTokenAction } from "@/lib/actions/tokens/activate-token";
import { cancelTokenAction } from "@/lib/actions/tokens/cancel-token";
import { issueTokenAction } from "@/lib/actions/tokens/issue-token";
import { replaceTokenAction } from "@/lib/actions/tokens/replace-token";
import { requestEmergencyCodeAction } from "@/lib/actions/tokens/request-emergency-code";
import { resetActivationPasswordAction } from "@/lib/actions/tokens/reset-activation-password";
import { resumeTokenAction } from "@/lib/actions/tokens/resume-token";
import { resyncCallerTokenAction } from "@/lib/actions/tokens/resync-caller-token";
import { suspendTokenAction } from "@/lib/actions/tokens/suspend-token";
import { unlockTokenAction } from "@/lib/actions/tokens/unlock-token";
import { verifyOtpAction } from "@/lib/actions/tokens/verify-otp";
import type { ActionDefinition, ActionResult, RequestMeta } from "@/lib/actions/types";
import { clearVerificationBlock } from "@/lib/actions/verification/clear-verification-block";
import { verifyCallerByPhone } from "@/lib/actions/verification/verify-caller-by-phone";
import { verifyCallerInPerson } from "@/lib/actions/verification/verify-caller-in-person";
import { checkSession, endSession, sessionWithStaff, SESSION_IDLE_MS } from "@/lib/auth/sessions";
import { signInStaff } from "@/lib/auth/sign-in";
import { open } from "@/lib/crypto/secretbox";
import { DEMO_PASSWORD, demoTotpSecret } from "@/lib/demo/accounts";
import { openLetter } from "@/lib/letters/sealed";
import type { NoticeSender } from "@/lib/notifications/senders";
import { runNoticeBatch } from "@/lib/notifications/worker";
import { base32Decode } from "@/lib/otp/base32";
import { STAFF_TOTP, totpAt } from "@/lib/otp/totp";
import { HOUR, MINUTE, type Clock } from "@/lib/time/clock";
import { addDays, isWorkingDay, jstDate, jstDayStart } from "@/lib/time/working-days";
import { TOKEN_TOTP } from "@/lib/tokens/policy";
import type { identityDocuments } from "@/lib/verification/policy";
import { Rng, type DemoCustomer } from "./demo-data";
import { personalMailDomains } from "./names";

/** How far back the history reaches: four weeks of working days before the seeding day. */
export const HISTORY_DAYS = 28;
/** The first demo customer (by index) the history may touch; the tests' customers come before it. */
export const HISTORY_FIRST_INDEX = 40;
const HISTORY_SEED = 0x5eed2026;

export type MovingClock = Clock & { advance(ms: number): void; set(d: Date | string): void };

/** 08:30 JST on the first working day HISTORY_DAYS before `now`: when the desk's month begins. */
export function historyStart(now: Date): Date {
  let day = addDays(jstDate(now), -HISTORY_DAYS);
  while (!isWorkingDay(day)) day = addDays(day, 1);
  return at(day, 8, 30);
}

/** A customer's own moment (an app, internet banking): moved out of the night to the next 07:xx JST. */
function awake(moment: Date): Date {
  const hour = Number(new Date(moment.getTime() + 9 * HOUR).toISOString().slice(11, 13));
  if (hour >= 7 && hour < 23) return moment;
  const day = hour >= 23 ? addDays(jstDate(moment), 1) : jstDate(moment);
  return at(day, 7, moment.getUTCMinutes());
}

/** A moment on a JST calendar day. */
function at(day: string, hour: number, minute = 0): Date {
  return new Date(jstDayStart(day).getTime() + hour * HOUR + minute * MINUTE);
}

type DeskLogin = "operator1" | "teller1" | "supervisor1";

/** Where each demo staff member works: the phone desk, the counter, the supervisor's desk. */
const desks: Record<DeskLogin, { ip: string }> = {
  operator1: { ip: "10.20.1.11" },
  teller1: { ip: "10.20.2.21" },
  supervisor1: { ip: "10.20.1.5" },
};
const BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const APP_META: Omit<RequestMeta, "requestId"> = { channel: "api", locale: "ja", ip: "203.0.113.24", userAgent: "bank-app-gateway/3.2" };

export interface HistoryCustomer {
  id: string;
  record: DemoCustomer;
}

export interface HistoryInput {
  db: Db;
  clock: MovingClock;
  /** Up to when (exclusive) the history may run: the seeding moment. */
  until: Date;
  staffIds: ReadonlyMap<string, string>;
  /** The seeded customers, in demo order (index = position). */
  customers: readonly HistoryCustomer[];
  apiKey: string;
}

export interface HistoryReport {
  /** JST working days with desk activity. */
  days: number;
}

interface Session {
  id: string;
  lastSeen: number;
}

interface Task {
  at: number;
  order: number;
  run: () => Promise<void>;
}

/** The replay's state: the staff's sessions, what the customers' apps and letters hold, the queue of what happens next. */
class Desk {
  readonly rng = new Rng(HISTORY_SEED);
  readonly sessions = new Map<DeskLogin, Session>();
  /** The TOTP secret each app holds (learnt when the app activated), by token id. */
  readonly secrets = new Map<string, Buffer>();
  /** Activation passwords the customers hold (from their letters and the demo data's print-outs), by user ID. */
  readonly passwords = new Map<string, string>();
  /** Customers something was changed for: later changes pick others, so each customer's past reads as one story. */
  readonly busy = new Set<string>();
  private queue: Task[] = [];
  private order = 0;
  private readonly pool: HistoryCustomer[];

  constructor(readonly input: HistoryInput) {
    this.pool = input.customers.slice(HISTORY_FIRST_INDEX);
    for (const c of this.pool) for (const t of c.record.tokens) if (t.activationPassword) this.passwords.set(t.userId, t.activationPassword);
  }

  get db(): Db {
    return this.input.db;
  }
  get clock(): MovingClock {
    return this.input.clock;
  }
  now(): Date {
    return this.clock.now();
  }

  schedule(when: Date, run: () => Promise<void>): void {
    if (when.getTime() >= this.input.until.getTime()) return;
    this.queue.push({ at: when.getTime(), order: this.order++, run });
  }

  /** Runs the queue in time order; a task never starts before the previous one ended. */
  async drain(): Promise<void> {
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at || a.order - b.order);
      const task = this.queue.shift();
      if (!task) return;
      this.clock.set(new Date(Math.max(task.at, this.now().getTime() + 1_000)));
      await task.run();
    }
  }

  /** Some seconds pass between two steps of a call. */
  pause(minSeconds = 15, maxSeconds = 90): void {
    this.clock.advance(this.rng.int(minSeconds, maxSeconds) * 1000);
  }

  async call<S extends z.ZodType, R>(action: ActionDefinition<S, R>, input: unknown, options: ExecuteOptions): Promise<ActionResult<R>> {
    const result = await executeAction(action, input, options);
    if (!result.ok && result.code === "internal_error") throw new Error(`demo history: ${action.name} failed (${result.message})`);
    this.pause();
    return result;
  }

  /** A staff member's pipeline options on the web, signed in again when the last session idled out. */
  async desk(login: DeskLogin): Promise<ExecuteOptions> {
    const now = this.now();
    const meta: RequestMeta = { channel: "web", locale: "ja", ip: desks[login].ip, userAgent: BROWSER, requestId: randomUUID() };
    let session = this.sessions.get(login);
    if (session && now.getTime() - session.lastSeen > SESSION_IDLE_MS) {
      // The next page asks with the old session, finds it idle and ends it; then the sign-in page.
      await checkSession(this.db, session.id, now, meta);
      session = undefined;
      this.clock.advance(this.rng.int(20, 60) * 1000);
    }
    if (!session) session = await this.signIn(login);
    session.lastSeen = this.now().getTime();
    return { db: this.db, clock: this.clock, actor: { type: "staff", staffId: this.staffId(login), sessionId: session.id }, meta };
  }

  staffId(login: string): string {
    const id = this.input.staffIds.get(login);
    if (!id) throw new Error(`demo history: no staff ${login}`);
    return id;
  }

  async signIn(login: DeskLogin, mistypeFirst = false): Promise<Session> {
    const context = { channel: "web" as const, ip: desks[login].ip, userAgent: BROWSER, requestId: randomUUID() };
    const env = () => ({ now: this.now(), demoMode: true, context });
    if (mistypeFirst) {
      const code = totpAt(demoTotpSecret(login), this.now(), STAFF_TOTP);
      await signInStaff(this.db, { loginId: login, password: DEMO_PASSWORD, code: code === "000000" ? "111111" : "000000" }, env());
      this.clock.advance(40_000);
    }
    const result = await signInStaff(this.db, { loginId: login, password: DEMO_PASSWORD, code: totpAt(demoTotpSecret(login), this.now(), STAFF_TOTP) }, env());
    if (!result.ok) throw new Error(`demo history: ${login} could not sign in (${result.reason})`);
    this.clock.advance(this.rng.int(10, 40) * 1000);
    const session = { id: result.sessionId, lastSeen: this.now().getTime() };
    this.sessions.set(login, session);
    return session;
  }

  /** End of the day: whoever is still signed in signs out. */
  async signOutAll(): Promise<void> {
    for (const [login, session] of this.sessions) {
      const row = await sessionWithStaff(this.db, session.id);
      const now = this.now();
      if (row && !row.session.endedAt && now.getTime() - session.lastSeen <= SESSION_IDLE_MS) {
        await endSession(this.db, row.session, row.staff, "sign_out", now, { channel: "web", ip: desks[login].ip, userAgent: BROWSER, requestId: randomUUID() });
      }
    }
    this.sessions.clear();
  }

  api(): ExecuteOptions {
    return { db: this.db, clock: this.clock, actor: { type: "api_client", apiKey: this.input.apiKey }, meta: { ...APP_META, requestId: randomUUID() } };
  }

  async tokensOf(customerId: string): Promise<Token[]> {
    return this.db.select().from(tokens).where(eq(tokens.customerId, customerId)).orderBy(asc(tokens.issuedAt), asc(tokens.serial));
  }

  /**
   * A customer of the pool whose tokens satisfy `fits`, taken for good unless `reuse` (a call
   * that changes nothing may go to anyone).
   */
  async pick(fits: (tokens: Token[], c: HistoryCustomer) => Token | true | null, options: { reuse?: boolean } = {}): Promise<{ customer: HistoryCustomer; token: Token | null } | null> {
    const free = this.pool.filter((c) => options.reuse || !this.busy.has(c.id));
    if (!free.length) return null;
    const rows = await this.db.select().from(tokens).where(inArray(tokens.customerId, free.map((c) => c.id))).orderBy(asc(tokens.issuedAt), asc(tokens.serial));
    const start = this.rng.int(0, free.length - 1);
    for (let i = 0; i < free.length; i++) {
      const customer = free[(start + i) % free.length]!;
      const found = fits(rows.filter((t) => t.customerId === customer.id), customer);
      if (found) {
        if (!options.reuse) this.busy.add(customer.id);
        return { customer, token: found === true ? null : found };
      }
    }
    return null;
  }

  /** What a genuine caller answers on the phone (`wrong`: the birth date misremembered). */
  phoneAnswers(c: HistoryCustomer, wrong: "birthDate" | "account" | null = null) {
    const r = c.record;
    const birthDate = wrong === "birthDate" ? `${Number(r.birthDate.slice(0, 4)) + 1}${r.birthDate.slice(4)}` : r.birthDate;
    const accountNumber = wrong === "account" ? r.accountNumber.split("").reverse().join("") : r.accountNumber;
    return { customerId: c.id, name: r.nameKana, birthDate, phone: r.phone, branchCode: r.branchCode, accountNumber };
  }

  counterAnswers(c: HistoryCustomer, photoMatches: "yes" | "no" = "yes") {
    const documentType = this.rng.pick<(typeof identityDocuments)[number]>(["drivers_license", "drivers_license", "my_number_card", "my_number_card", "health_insurance_card", "passport"]);
    return { customerId: c.id, documentType, documentLast4: this.rng.digits(4), name: c.record.nameKanji, birthDate: c.record.birthDate, photoMatches };
  }

  /** Opens the customer and checks the caller on the phone; true when verified. */
  async phoneCheck(login: DeskLogin, c: HistoryCustomer, memo?: string): Promise<boolean> {
    await this.call(viewCustomer, { customerId: c.id }, await this.desk(login));
    const result = await this.call(verifyCallerByPhone, { ...this.phoneAnswers(c), ...(memo ? { memo } : {}) }, await this.desk(login));
    return result.ok && result.data.result === "passed";
  }

  async counterCheck(login: DeskLogin, c: HistoryCustomer): Promise<boolean> {
    await this.call(viewCustomer, { customerId: c.id }, await this.desk(login));
    const result = await this.call(verifyCallerInPerson, this.counterAnswers(c), await this.desk(login));
    return result.ok && result.data.result === "passed";
  }

  change(reason: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { reason, requestKey: randomUUID(), ...extra };
  }

  /** The customer's app sets up a token with the password from their letter or slip. */
  async activate(token: Pick<Token, "id" | "serviceId" | "userId">, password: string): Promise<boolean> {
    const result = await this.call(activateTokenAction, { serviceId: token.serviceId, userId: token.userId, activationPassword: password, device: { label: this.rng.pick(["iPhone 15", "iPhone 13", "Pixel 8", "Galaxy S23", "AQUOS sense8", "Xperia 10 V"]) } }, this.api());
    const data = result.ok ? (result.data as { ok?: boolean; secretBase32?: string }) : null;
    if (data?.ok && data.secretBase32) {
      this.secrets.set(token.id, base32Decode(data.secretBase32));
      return true;
    }
    return false;
  }

  /** Internet banking asks whether the code the customer typed is right (`wrong`: a mistyped code). */
  async bankSignIn(token: Pick<Token, "id" | "serviceId" | "userId">, wrong = false): Promise<void> {
    const secret = this.secrets.get(token.id);
    if (!secret) return;
    const code = totpAt(secret, this.now(), TOKEN_TOTP);
    const otp = wrong ? mistyped(code) : code;
    await this.call(verifyOtpAction, { serviceId: token.serviceId, userId: token.userId, otp }, this.api());
  }

  /** The delivery worker's round, with a demo post office and mail receiver that keep the replay's clock. */
  async deliverNotices(): Promise<void> {
    const system = (name: string, noticeId: string): ExecuteOptions => ({ db: this.db, clock: this.clock, actor: { type: "system", name }, meta: { channel: "cli", locale: "en", requestId: `${name}-${noticeId}` } });
    const senders: NoticeSender[] = [
      {
        channel: "email",
        send: async (notice) => {
          const body = notice.letterEnc ? open(notice.letterEnc).toString("utf8") : notice.body;
          const result = await this.call(receiveDemoMail, { noticeId: notice.id, channel: "email", recipient: notice.recipient, subject: notice.subject, body }, system("demo-smtp", notice.id));
          if (!result.ok) throw new Error(`demo_smtp_${result.code}`);
          // A confirmation code: the customer types it into internet banking that evening or the next day.
          const code = /確認コード：(\d+)/.exec(body)?.[1];
          const customer = this.pool.find((c) => c.id === notice.customerId);
          if (code && customer) this.schedule(awake(new Date(this.now().getTime() + this.rng.int(2, 20) * HOUR)), () => this.confirmEmail(customer, notice.recipient, code));
        },
      },
      {
        channel: "post",
        send: async (notice) => {
          const result = await this.call(receiveDemoMail, { noticeId: notice.id, channel: "post", recipient: notice.recipient, subject: notice.subject, body: notice.body, ...(notice.letterEnc ? { letterEnc: notice.letterEnc } : {}) }, system("demo-post", notice.id));
          if (!result.ok) throw new Error(`demo_post_${result.code}`);
          if (notice.letterEnc) {
            // The letter arrives a few days later; the customer sets up the app with its password.
            const letter = openLetter(notice.letterEnc);
            this.passwords.set(letter.userId, letter.activationPassword);
            this.schedule(awake(new Date(this.now().getTime() + this.rng.int(40, 100) * HOUR)), () => this.activateByUserId(letter.userId));
          }
        },
      },
    ];
    for (let round = 0; round < 10; round++) {
      const done = await runNoticeBatch({ db: this.db, senders, clock: this.clock, name: "notice-worker", batchSize: 50 });
      if (done.sent + done.failed + done.lost === 0) return;
    }
  }

  async activateByUserId(userId: string): Promise<void> {
    const [token] = await this.db.select().from(tokens).where(and(eq(tokens.userId, userId), eq(tokens.status, "pending_activation"))).limit(1);
    const password = this.passwords.get(userId);
    if (!token || !password) return;
    if (await this.activate(token, password)) this.followBankSignIns(token);
  }

  async confirmEmail(customer: HistoryCustomer, address: string, code: string): Promise<void> {
    await this.call(confirmEmailAction, { contractId: customer.record.contractId, address, code }, this.api());
  }

  /** From now on, the customer signs in to internet banking with the app every few days. */
  followBankSignIns(token: Pick<Token, "id" | "serviceId" | "userId">): void {
    let when = this.now().getTime() + this.rng.int(1, 6) * HOUR;
    for (let i = 0; i < 4; i++) {
      this.schedule(awake(new Date(when)), () => this.bankSignIn(token, this.rng.chance(0.15)));
      when += this.rng.int(40, 120) * HOUR;
    }
  }

  /** Approval requests of a customer still waiting, oldest first. */
  async waiting(customerId: string) {
    return this.db
      .select({ id: approvalRequests.id, kind: approvalRequests.kind })
      .from(approvalRequests)
      .where(and(eq(approvalRequests.customerId, customerId), eq(approvalRequests.status, "pending"), gt(approvalRequests.expiresAt, this.now())))
      .orderBy(asc(approvalRequests.createdAt));
  }
}

/** The same digits with the last one wrong, as a customer mistypes a code or password. */
const mistyped = (digits: string) => `${digits.slice(0, -1)}${(Number(digits.at(-1)) + 1) % 10}`;
const live = (t: Token) => t.status !== "revoked" && t.status !== "expired";
const firstWith = (status: Token["status"]) => (ts: Token[]) => ts.find((t) => t.status === status) ?? null;

/** The phone desk's everyday calls: each opens the customer, checks the caller, then fixes one thing. */
type CallKind = "question" | "misremembered" | "unlock" | "reset" | "emailAdd" | "emailDelete" | "suspend" | "cancel" | "lostPhone";
const callWeights: ReadonlyArray<readonly [CallKind, number]> = [
  ["question", 30], ["misremembered", 10], ["unlock", 10], ["reset", 10], ["emailAdd", 10], ["emailDelete", 6], ["suspend", 7], ["cancel", 3], ["lostPhone", 7],
];
type VisitKind = "question" | "newToken" | "lostPhone" | "reset" | "photoMismatch";
const visitWeights: ReadonlyArray<readonly [VisitKind, number]> = [["question", 25], ["newToken", 30], ["lostPhone", 20], ["reset", 15], ["photoMismatch", 5]];

async function phoneCall(d: Desk, kind: CallKind): Promise<void> {
  const op = "operator1";
  const fix = async (pick: Awaited<ReturnType<Desk["pick"]>>, run: (c: HistoryCustomer, t: Token | null) => Promise<unknown>) => {
    if (!pick) return question(d, op);
    if (await d.phoneCheck(op, pick.customer)) await run(pick.customer, pick.token);
  };
  switch (kind) {
    case "question":
      return question(d, op);
    case "misremembered": {
      const pick = await d.pick(() => true, { reuse: true });
      if (!pick) return;
      await d.call(viewCustomer, { customerId: pick.customer.id }, await d.desk(op));
      await d.call(verifyCallerByPhone, d.phoneAnswers(pick.customer, d.rng.chance(0.5) ? "birthDate" : "account"), await d.desk(op));
      await d.call(verifyCallerByPhone, { ...d.phoneAnswers(pick.customer), memo: "生年月日を言い直して一致" }, await d.desk(op));
      return;
    }
    case "unlock":
      return fix(await d.pick(firstWith("locked")), async (c, t) =>
        d.call(unlockTokenAction, { customerId: c.id, tokenId: t!.id, ...d.change("ワンタイムパスワードの入力誤りによるロック。本人確認済み") }, await d.desk(op)));
    case "reset":
      return fix(await d.pick((ts) => ts.find((t) => t.status === "pending_activation" || t.status === "activation_locked") ?? null), async (c, t) =>
        d.call(resetActivationPasswordAction, { customerId: c.id, tokenId: t!.id, ...d.change("利用開始パスワードの通知書を紛失") }, await d.desk(op)));
    case "emailAdd":
      return fix(await d.pick((ts, c) => (c.record.emails.length < 3 ? true : null)), async (c) => {
        const local = c.record.emails[0]?.split("@")[0] ?? `c${c.record.contractId.slice(-6)}`;
        const address = `${local}.m@${d.rng.pick(personalMailDomains)}`;
        await d.call(addEmailAction, { customerId: c.id, address, ...d.change("通知先に携帯のアドレスを追加したいとの申出") }, await d.desk(op));
      });
    case "emailDelete":
      return fix(await d.pick((ts, c) => (c.record.emails.length >= 2 ? true : null)), async (c) => {
        const [email] = await d.db.select().from(registeredEmails).where(and(eq(registeredEmails.customerId, c.id), isNull(registeredEmails.deletedAt))).orderBy(asc(registeredEmails.createdAt), asc(registeredEmails.address)).limit(1);
        if (email) await d.call(deleteEmailAction, { customerId: c.id, emailId: email.id, ...d.change("勤務先を退職し、会社のアドレスは使えなくなった") }, await d.desk(op));
      });
    case "suspend":
      return fix(await d.pick(firstWith("active")), async (c, t) => {
        await d.call(suspendTokenAction, { customerId: c.id, tokenId: t!.id, ...d.change("スマートフォンを置き忘れ。見つかるまで停止したい") }, await d.desk(op));
        // Found a few days later: the customer calls again and the desk resumes it.
        d.schedule(nextWorkingMoment(d, 2, 4), async () => {
          if (await d.phoneCheck(op, c)) await d.call(resumeTokenAction, { customerId: c.id, tokenId: t!.id, ...d.change("スマートフォンが見つかったため再開の申出") }, await d.desk(op));
        });
      });
    case "cancel":
      return fix(await d.pick((ts) => (ts.filter(live).length === 1 ? ts.find((t) => t.status === "active") ?? null : null)), async (c, t) =>
        d.call(cancelTokenAction, { customerId: c.id, tokenId: t!.id, ...d.change("インターネットバンキングを使わなくなったため解約の申出") }, await d.desk(op)));
    case "lostPhone":
      return fix(await d.pick(firstWith("active")), async (c, t) => {
        const requested = await d.call(replaceTokenAction, { customerId: c.id, tokenId: t!.id, replaceReason: d.rng.pick(["lost", "device_changed", "app_deleted"]), delivery: "letter", ...d.change("スマートフォンの紛失・機種変更による再発行の申出") }, await d.desk(op));
        if (requested.ok) d.schedule(new Date(d.now().getTime() + d.rng.int(10, 50) * MINUTE), () => decide(d, c, true));
      });
  }
}

/** A caller with a question about their token: checked, nothing changed. */
async function question(d: Desk, login: DeskLogin): Promise<void> {
  const pick = await d.pick(() => true, { reuse: true });
  if (pick) await d.phoneCheck(login, pick.customer, d.rng.pick(["トークンの表示について問合せ。操作方法を案内", "有効期限の確認。期限を案内", "ログイン手順の問合せ", "アプリの通知設定について案内"]));
}

async function counterVisit(d: Desk, kind: VisitKind): Promise<void> {
  const teller = "teller1";
  switch (kind) {
    case "question": {
      const pick = await d.pick(() => true, { reuse: true });
      if (pick) await d.counterCheck(teller, pick.customer);
      return;
    }
    case "photoMismatch": {
      // Someone comes with another person's documents: the teller records the failed check and stops.
      const pick = await d.pick(() => true);
      if (!pick) return;
      await d.call(viewCustomer, { customerId: pick.customer.id }, await d.desk(teller));
      await d.call(verifyCallerInPerson, { ...d.counterAnswers(pick.customer, "no"), memo: "写真と来店者が一致しないため手続きせず" }, await d.desk(teller));
      return;
    }
    case "newToken": {
      const pick = await d.pick((ts) => (ts.some((t) => t.status === "expired") && !ts.some(live) ? true : null));
      if (!pick || !(await d.counterCheck(teller, pick.customer))) return;
      const expired = (await d.tokensOf(pick.customer.id)).find((t) => t.status === "expired");
      await d.call(issueTokenAction, { customerId: pick.customer.id, serviceId: expired?.serviceId ?? "10112890", ...d.change("有効期限切れのため新しいトークンを発行") }, await d.desk(teller));
      return;
    }
    case "lostPhone": {
      const pick = await d.pick(firstWith("active"));
      if (!pick || !(await d.counterCheck(teller, pick.customer))) return;
      await d.call(replaceTokenAction, { customerId: pick.customer.id, tokenId: pick.token!.id, replaceReason: d.rng.pick(["lost", "device_changed"]), delivery: "letter", ...d.change("機種変更のため来店。再発行を郵送で") }, await d.desk(teller));
      return;
    }
    case "reset": {
      const pick = await d.pick((ts) => ts.find((t) => t.status === "pending_activation" || t.status === "activation_locked") ?? null);
      if (!pick || !(await d.counterCheck(teller, pick.customer))) return;
      await d.call(resetActivationPasswordAction, { customerId: pick.customer.id, tokenId: pick.token!.id, ...d.change("利用開始パスワードを忘れたため来店") }, await d.desk(teller));
    }
  }
}

/** The supervisor decides the customer's waiting requests (approves, or rejects with the reason). */
async function decide(d: Desk, c: HistoryCustomer, approve: boolean): Promise<void> {
  for (const request of await d.waiting(c.id)) {
    const reason = approve ? (request.kind === "replacement" ? "申出内容と本人確認の記録を確認、再発行を承認" : "緊急用コードの必要性を確認、承認") : "登録電話番号以外からの申出で本人確認の根拠が不十分なため却下";
    await d.call((approve ? approveRequestAction : rejectRequestAction) as never, { requestId: request.id, ...d.change(reason) }, await d.desk("supervisor1"));
  }
}

/** A moment in business hours `from`–`to` working days after today. */
function nextWorkingMoment(d: Desk, from: number, to: number): Date {
  let day = jstDate(d.now());
  let n = d.rng.int(from, to);
  while (n > 0) {
    day = addDays(day, 1);
    if (isWorkingDay(day)) n--;
  }
  return at(day, d.rng.int(9, 16), d.rng.int(0, 59));
}

/**
 * The stories an auditor should find, each on its own day of the month: refusals for the wrong
 * role, a missing verification and bad input; a burst of failed checks that blocks a customer
 * until a supervisor clears it; a lost phone bridged by an emergency code; a rejected replacement;
 * an operator at work late at night; an app's clock corrected by the desk.
 */
function scriptedStories(d: Desk, days: string[]): void {
  const on = (i: number, hour: number, minute: number, run: () => Promise<void>) => {
    const day = days[Math.min(i, days.length - 1)];
    if (day) d.schedule(at(day, hour, minute), run);
  };

  on(1, 8, 52, async () => {
    // A mistyped authenticator code before the first sign-in of the day.
    await d.signIn("teller1", true);
  });

  on(2, 10, 14, async () => {
    // The operator's menu has no 発行; a bookmarked form tried anyway.
    const pick = await d.pick(() => true);
    if (!pick || !(await d.phoneCheck("operator1", pick.customer))) return;
    await d.call(issueTokenAction, { customerId: pick.customer.id, serviceId: "10112890", ...d.change("追加のトークンを希望") }, await d.desk("operator1"));
  });

  on(3, 11, 5, async () => {
    // A change before the caller was checked: refused, then done properly.
    const pick = await d.pick(firstWith("locked")) ?? (await d.pick(firstWith("active")));
    if (!pick) return;
    const options = await d.desk("operator1");
    await d.call(viewCustomer, { customerId: pick.customer.id }, options);
    const action = pick.token!.status === "locked" ? unlockTokenAction : suspendTokenAction;
    await d.call(action as never, { customerId: pick.customer.id, tokenId: pick.token!.id, ...d.change("本人確認前に操作") }, await d.desk("operator1"));
    await d.call(verifyCallerByPhone, d.phoneAnswers(pick.customer), await d.desk("operator1"));
    await d.call(action as never, { customerId: pick.customer.id, tokenId: pick.token!.id, ...d.change("本人確認のうえ申出どおり対応") }, await d.desk("operator1"));
  });

  on(4, 14, 20, async () => {
    // A mistyped address is refused beside the field; the corrected one goes through.
    const pick = await d.pick((ts, c) => (c.record.emails.length < 3 ? true : null));
    if (!pick || !(await d.phoneCheck("operator1", pick.customer))) return;
    const local = `k${pick.customer.record.contractId.slice(-5)}`;
    await d.call(addEmailAction, { customerId: pick.customer.id, address: `${local}@@example.ne.jp`, ...d.change("通知先アドレスの追加") }, await d.desk("operator1"));
    await d.call(addEmailAction, { customerId: pick.customer.id, address: `${local}@example.ne.jp`, ...d.change("通知先アドレスの追加") }, await d.desk("operator1"));
  });

  on(6, 10, 40, async () => {
    // The anomaly: someone keeps guessing one customer's details on the phone until the block.
    const pick = await d.pick(firstWith("active"));
    if (!pick) return;
    const c = pick.customer;
    await d.call(viewCustomer, { customerId: c.id }, await d.desk("operator1"));
    for (const wrong of ["birthDate", "account", "birthDate", null] as const) {
      await d.call(verifyCallerByPhone, { ...d.phoneAnswers(c, wrong), memo: "名乗りと回答が一致しない" }, await d.desk("operator1"));
      d.clock.advance(d.rng.int(2, 5) * MINUTE);
    }
    // Next working day: the real customer at the counter. The teller may not lift the block; the supervisor does.
    d.schedule(nextWorkingMoment(d, 1, 1), async () => {
      await d.call(viewCustomer, { customerId: c.id }, await d.desk("teller1"));
      await d.call(clearVerificationBlock, { customerId: c.id, reason: "来店した本人の確認書類を確認" }, await d.desk("teller1"));
      await d.call(clearVerificationBlock, { customerId: c.id, reason: "来店した本人の運転免許証を確認。前日の電話は本人ではない可能性" }, await d.desk("supervisor1"));
      await d.call(verifyCallerInPerson, d.counterAnswers(c), await d.desk("teller1"));
    });
  });

  on(8, 9, 35, async () => {
    // A lost phone: replacement by letter and an emergency code (mailed to a confirmed address) to bridge the days until it arrives.
    const pick = await d.pick((ts, c) => (c.record.emails.length ? firstWith("active")(ts) : null));
    if (!pick || !(await d.phoneCheck("operator1", pick.customer))) return;
    const c = pick.customer;
    await d.call(replaceTokenAction, { customerId: c.id, tokenId: pick.token!.id, replaceReason: "lost", delivery: "letter", ...d.change("旅行先でスマートフォンを紛失。振込の予定あり") }, await d.desk("operator1"));
    await d.call(requestEmergencyCodeAction, { customerId: c.id, ...d.change("再発行が届くまでの振込に緊急用コードが必要") }, await d.desk("operator1"));
    // A teller is no approver.
    const [first] = await d.waiting(c.id);
    if (first) await d.call(approveRequestAction as never, { requestId: first.id, ...d.change("承認") }, await d.desk("teller1"));
    d.clock.advance(12 * MINUTE);
    await decide(d, c, true);
  });

  on(11, 15, 10, async () => {
    // A replacement asked for from a number not on record: the supervisor rejects it.
    const pick = await d.pick(firstWith("active"));
    if (!pick || !(await d.phoneCheck("operator1", pick.customer, "登録外の番号からの着信"))) return;
    const requested = await d.call(replaceTokenAction, { customerId: pick.customer.id, tokenId: pick.token!.id, replaceReason: "app_deleted", delivery: "letter", ...d.change("アプリを削除したとの申出（登録外の番号から）") }, await d.desk("operator1"));
    if (requested.ok) {
      d.clock.advance(25 * MINUTE);
      await decide(d, pick.customer, false);
    }
  });

  on(13, 22, 41, async () => {
    // Late at night: the operator on the evening line suspends a stolen phone's token; the next day the teller replaces it.
    const pick = await d.pick(firstWith("active"));
    if (!pick || !(await d.phoneCheck("operator1", pick.customer, "夜間の紛失受付"))) return;
    const c = pick.customer;
    await d.call(suspendTokenAction, { customerId: c.id, tokenId: pick.token!.id, ...d.change("スマートフォン盗難の申出（夜間）。至急停止") }, await d.desk("operator1"));
    await d.signOutAll();
    d.schedule(nextWorkingMoment(d, 1, 1), async () => {
      if (!(await d.counterCheck("teller1", c))) return;
      await d.call(replaceTokenAction, { customerId: c.id, tokenId: pick.token!.id, replaceReason: "stolen", delivery: "letter", ...d.change("盗難届受理番号を確認。再発行") }, await d.desk("teller1"));
    });
  });

  on(15, 13, 30, async () => {
    // The operator opens the counter's check: a verification method the phone desk does not have.
    const pick = await d.pick(() => true, { reuse: true });
    if (!pick) return;
    await d.call(viewCustomer, { customerId: pick.customer.id }, await d.desk("operator1"));
    await d.call(verifyCallerInPerson, d.counterAnswers(pick.customer), await d.desk("operator1"));
    await d.call(verifyCallerByPhone, d.phoneAnswers(pick.customer), await d.desk("operator1"));
  });

  on(16, 10, 20, async () => {
    // A token the desk issued this month is off by a few steps: the caller reads two codes, the desk corrects it.
    const known = [...d.secrets.keys()];
    if (!known.length) return;
    const [token] = await d.db.select().from(tokens).where(and(inArray(tokens.id, known), eq(tokens.status, "active"))).limit(1);
    const c = token && d.input.customers.find((x) => x.id === token.customerId);
    if (!token || !c || !(await d.phoneCheck("operator1", c))) return;
    const secret = d.secrets.get(token.id)!;
    const otp1 = totpAt(secret, d.now(), TOKEN_TOTP);
    const otp2 = totpAt(secret, new Date(d.now().getTime() + MINUTE), TOKEN_TOTP);
    await d.call(resyncCallerTokenAction, { customerId: c.id, tokenId: token.id, otp1, otp2, ...d.change("時刻ずれの疑い。2回分のコードで補正") }, await d.desk("operator1"));
  });
}

/**
 * Replays the history. Returns what it did; the customers' and staff's present state is what the
 * replay left (for the customers from HISTORY_FIRST_INDEX on).
 */
export async function seedHistory(input: HistoryInput): Promise<HistoryReport> {
  const d = new Desk(input);
  const days: string[] = [];
  for (let day = jstDate(input.clock.now()); at(day, 0).getTime() < jstDayStart(jstDate(input.until)).getTime(); day = addDays(day, 1)) {
    if (isWorkingDay(day)) days.push(day);
  }

  // The demo's pending tokens: their customers have had their letters for a while; some set up the app now.
  for (const c of input.customers.slice(HISTORY_FIRST_INDEX)) {
    for (const t of c.record.tokens) {
      if (t.status !== "pending_activation" || !t.activationPassword || d.rng.chance(0.5)) continue;
      const day = days[d.rng.int(0, Math.max(0, days.length - 1))];
      if (!day) continue;
      const password = t.activationPassword;
      d.schedule(at(day, d.rng.int(7, 22), d.rng.int(0, 59)), async () => {
        const [row] = await d.db.select().from(tokens).where(and(eq(tokens.userId, t.userId), eq(tokens.status, "pending_activation"))).limit(1);
        if (!row) return;
        // Every so often the first try has a digit wrong.
        if (d.rng.chance(0.3)) await d.call(activateTokenAction, { serviceId: row.serviceId, userId: row.userId, activationPassword: mistyped(password) }, d.api());
        if (await d.activate(row, password)) d.followBankSignIns(row);
      });
    }
  }

  for (const day of days) {
    // The phone desk works through its calls in two stretches, the counter in one: one sign-in each.
    for (const [from, to] of [[9, 10], [13, 15]] as const) {
      const calls = Array.from({ length: d.rng.int(1, 2) }, () => d.rng.weighted(callWeights));
      d.schedule(at(day, d.rng.int(from, to), d.rng.int(0, 59)), async () => {
        for (const kind of calls) {
          await phoneCall(d, kind);
          d.clock.advance(d.rng.int(2, 9) * MINUTE);
        }
      });
    }
    const visits = Array.from({ length: d.rng.int(1, 2) }, () => d.rng.weighted(visitWeights));
    d.schedule(at(day, d.rng.int(10, 14), d.rng.int(0, 59)), async () => {
      for (const kind of visits) {
        await counterVisit(d, kind);
        d.clock.advance(d.rng.int(4, 12) * MINUTE);
      }
    });
    d.schedule(at(day, 17, 40), async () => {
      await d.signOutAll();
      await d.deliverNotices();
    });
  }
  scriptedStories(d, days);
  await d.drain();
  await d.signOutAll();
  return { days: days.length };
}
