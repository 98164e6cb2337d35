import { randomUUID } from "node:crypto";
import { and, asc, eq, gt, max } from "drizzle-orm";
import { approvalRequests, auditEvents, customerNotices, customers, registeredEmails, tokens, type CustomerNotice, type Token } from "@/db/schema";
import { executeAction, type ExecuteOptions } from "@/lib/actions/execute";
import type { ActionResult } from "@/lib/actions/types";
import { verifyPassword } from "@/lib/auth/password";
import { invariantViolations, type Violation } from "@/lib/customers/invariants";
import { openLetter } from "@/lib/letters/sealed";
import { base32Decode } from "@/lib/otp/base32";
import { totpAt } from "@/lib/otp/totp";
import { MINUTE, type Clock } from "@/lib/time/clock";
import { effectiveStatus } from "@/lib/tokens/desk-rules";
import { TOKEN_TOTP } from "@/lib/tokens/policy";
import { apiOptions } from "@/tests/fixtures/api-clients";
import { createCustomer } from "@/tests/fixtures/customers";
import type { TestDb } from "@/tests/fixtures/db";
import { deliveredBody } from "@/tests/fixtures/emails";
import { signInAgain, staffOptions, systemOptions, type Member } from "@/tests/fixtures/staff";
import { pdfText } from "@/tests/unit/letters/pdf-inspect";
import { activateTokenAction } from "@/lib/actions/tokens/activate-token";
import { issueTokenAction } from "@/lib/actions/tokens/issue-token";

/** The desk's people in the model: one of each role that serves callers, and a second supervisor for four eyes. */
export const people = ["operator", "teller", "supervisor", "supervisor2", "auditor"] as const;
export type Who = (typeof people)[number];

export type MovingClock = Clock & { advance(ms: number): void };

/** What the staff and the customer could know from the real channels, never read from the database's secrets. */
export interface Knowledge {
  /** The activation passwords that reached the customer (letter, slip, back office print-out), by user ID. */
  passwords: Map<string, Set<string>>;
  /** The TOTP secret each activated app holds, by token id. */
  secrets: Map<string, Buffer>;
  /** Codes mailed to the customer: e-mail confirmations by address, emergency codes. */
  confirmCodes: Map<string, string>;
  emergencyCodes: string[];
  /** Post notices and e-mails already read. */
  readNotices: Set<string>;
}

/**
 * One customer's world: the real database, staff signed in, an API client, and what the customer
 * has learnt through the bank's channels. Every change goes through executeAction, as on the
 * desk and the API; after each step `afterStep` checks every promise of lib/customers/invariants.
 */
export class World {
  readonly knows: Knowledge = { passwords: new Map(), secrets: new Map(), confirmCodes: new Map(), emergencyCodes: [], readNotices: new Set() };
  readonly log: string[] = [];
  customerId = "";
  contractId = "";
  nameKanji = "";
  nameKana = "";
  birthDate = "";
  phone = "";
  branchCode = "";
  accountNumber = "";
  private lastSignIn = new Map<Who, number>();
  private lastEventId = 0;
  private calls = 0;
  private slipsShown = 0;

  constructor(
    readonly t: TestDb,
    readonly clock: MovingClock,
    readonly staff: Record<Who, Member>,
    readonly apiKey: string,
  ) {}

  static seq = 0;
  /** How often each action got each answer over the whole run: shows which states the sequences reached. */
  static readonly tally = new Map<string, number>();

  /** A new customer with one confirmed address and a token the back office issued (its password printed once), set up in the app or not yet. */
  async start(activated: boolean): Promise<void> {
    const n = ++World.seq;
    this.nameKanji = "山田 花子";
    this.nameKana = "ヤマダ ハナコ";
    this.birthDate = "1985-02-03";
    this.phone = `0907${String(n).padStart(7, "0")}`;
    this.branchCode = "002";
    this.accountNumber = String(5000000 + n);
    this.customerId = await createCustomer(this.t.db, this.clock, {
      nameKanji: this.nameKanji, nameKana: this.nameKana, birthDate: this.birthDate, phone: this.phone, branchCode: this.branchCode, accountNumber: this.accountNumber,
      branchName: "新宿支店", postalCode: "160-0022", address: "東京都新宿区新宿3-1-1", emails: [`model${n}@example.jp`],
    });
    const [c] = await this.t.db.select({ contractId: customers.contractId }).from(customers).where(eq(customers.id, this.customerId));
    this.contractId = c!.contractId;
    const userId = `66${String(n).padStart(10, "0")}`;
    const issued = await executeAction(issueTokenAction, { customerId: this.customerId, serviceId: "10112890", userId }, systemOptions(this.t.db, this.clock));
    if (!issued.ok || !issued.data.activationPassword) throw new Error(`issue: ${JSON.stringify(issued)}`);
    this.learnPassword(userId, issued.data.activationPassword);
    if (activated) {
      const done = await executeAction(activateTokenAction, { serviceId: "10112890", userId, activationPassword: issued.data.activationPassword }, this.api());
      if (!done.ok || !done.data.ok) throw new Error(`activate: ${JSON.stringify(done)}`);
      this.learnSecret(issued.data.tokenId, done.data.secretBase32);
    }
    this.lastEventId = await this.maxEventId();
  }

  /** The pipeline options of a staff member, signed in again when the session would have idled out. */
  async desk(who: Who): Promise<ExecuteOptions> {
    const member = this.staff[who];
    const last = this.lastSignIn.get(who) ?? -Infinity;
    if (this.clock.now().getTime() - last > 10 * MINUTE) {
      member.sessionId = await signInAgain(this.t.db, this.clock, member);
      // Sign-in moves the clock one step: the app's codes of that step are new again.
    }
    this.lastSignIn.set(who, this.clock.now().getTime());
    return staffOptions(this.t.db, this.clock, member);
  }

  api(): ExecuteOptions {
    return apiOptions(this.t.db, this.clock, this.apiKey);
  }

  /** Runs one pipeline call; an internal error (HTTP 500) is never an acceptable answer. */
  async call<D>(label: string, run: () => Promise<ActionResult<D>>): Promise<ActionResult<D>> {
    this.calls++;
    const result = await run();
    const data = result.ok ? (result.data as { ok?: boolean; reason?: string; result?: string; outcome?: string } | null) : null;
    const answer = data?.ok === false ? `refused ${data.reason ?? ""}` : (data?.outcome ?? data?.result ?? "ok");
    const said = result.ok ? answer : `${result.code}${result.fieldErrors ? ` ${JSON.stringify(result.fieldErrors)}` : ""}`;
    this.log.push(`${label} → ${said}`);
    const key = `${label.split(" ")[0]} → ${said.split(" ")[0]}`;
    World.tally.set(key, (World.tally.get(key) ?? 0) + 1);
    if (!result.ok && result.code === "internal_error") throw new Error(`${label} answered internal_error (${result.message})`);
    return result;
  }

  /** Desk-change fields every form sends: a reason and a fresh request key. */
  change(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { reason: "モデルテストによる操作", requestKey: randomUUID(), ...extra };
  }

  async tokens(): Promise<Token[]> {
    return this.t.db.select().from(tokens).where(eq(tokens.customerId, this.customerId)).orderBy(asc(tokens.issuedAt), asc(tokens.serial));
  }

  async pick(n: number): Promise<Token | undefined> {
    const all = await this.tokens();
    return all.length ? all[n % all.length] : undefined;
  }

  async pendingRequests(kind?: "replacement" | "emergency_code") {
    const rows = await this.t.db
      .select({ id: approvalRequests.id, kind: approvalRequests.kind })
      .from(approvalRequests)
      .where(and(eq(approvalRequests.customerId, this.customerId), eq(approvalRequests.status, "pending"), gt(approvalRequests.expiresAt, this.clock.now())));
    return kind ? rows.filter((r) => r.kind === kind) : rows;
  }

  async emails() {
    return this.t.db.select().from(registeredEmails).where(and(eq(registeredEmails.customerId, this.customerId))).orderBy(asc(registeredEmails.createdAt));
  }

  /** The app's code for a token whose secret the customer's phone holds, `steps` from now. */
  code(token: Token, steps = 0): string | null {
    const secret = this.knows.secrets.get(token.id);
    return secret ? totpAt(secret, new Date(this.clock.now().getTime() + steps * MINUTE), TOKEN_TOTP) : null;
  }

  learnPassword(userId: string, password: string): void {
    this.knows.passwords.set(userId, new Set([...(this.knows.passwords.get(userId) ?? []), password]));
  }

  learnSecret(tokenId: string, secretBase32: string): void {
    this.knows.secrets.set(tokenId, base32Decode(secretBase32));
  }

  /** A counter slip handed over: the teller prints it, the customer reads the password from it. */
  async readSlip(slipPdf: string | null | undefined, userId: string): Promise<void> {
    if (!slipPdf) return;
    this.slipsShown++;
    const text = await pdfText(new Uint8Array(Buffer.from(slipPdf, "base64")));
    for (const digits of text.replace(userId, "").match(/\d{4,8}/g) ?? []) this.learnPassword(userId, digits);
  }

  /** The customer opens what the bank posted and mailed since the last look. */
  async readMail(): Promise<CustomerNotice[]> {
    const fresh: CustomerNotice[] = [];
    const rows = await this.t.db.select().from(customerNotices).where(eq(customerNotices.customerId, this.customerId)).orderBy(asc(customerNotices.createdAt));
    for (const notice of rows) {
      if (this.knows.readNotices.has(notice.id)) continue;
      this.knows.readNotices.add(notice.id);
      fresh.push(notice);
      if (notice.channel === "post" && notice.letterEnc) {
        try {
          const letter = openLetter(notice.letterEnc);
          this.learnPassword(letter.userId, letter.activationPassword);
        } catch {
          // A post notice without an activation letter (a decision, a reminder).
        }
      }
      if (notice.channel === "email") {
        const body = deliveredBody(notice);
        const confirm = /確認コード：(\d+)/.exec(body)?.[1];
        if (confirm) this.knows.confirmCodes.set(notice.recipient, confirm);
        const emergency = /緊急用コード：(\d{10})/.exec(body)?.[1];
        if (emergency) this.knows.emergencyCodes.push(emergency);
      }
    }
    return fresh;
  }

  private async maxEventId(): Promise<number> {
    const [row] = await this.t.db.select({ id: max(auditEvents.id) }).from(auditEvents);
    return Number(row?.id ?? 0);
  }

  /**
   * After every step: the record keeps every promise (lib/customers/invariants.ts), every token whose
   * state changed is named by exactly one new audit event, and every token still waiting for set-up
   * has a password its customer could know.
   */
  async afterStep(before: Token[]): Promise<void> {
    const mail = await this.readMail();
    const now = this.clock.now();
    const problems: Violation[] = await invariantViolations(this.t.db, this.customerId, now);
    // What the customer is told of their new activation password must be what happened.
    const deliveries = ["token_issued", "token_replaced", "activation_password_reset", "activation_password_handed_over"];
    const said = mail.filter((n) => n.channel === "email" && deliveries.includes(n.kind)).map((n) => deliveredBody(n));
    if (said.some((body) => body.includes("窓口でお渡しした利用開始票")) && this.slipsShown === 0) {
      problems.push({ invariant: "activationPasswordReachable", found: "a notice says the password is on a slip handed over at the counter, but no slip was shown" });
    }
    if (said.some((body) => body.includes("書面で登録住所にお送りします")) && !mail.some((n) => n.channel === "post" && n.letterEnc)) {
      problems.push({ invariant: "activationPasswordReachable", found: "a notice says a letter goes by post, but no letter was written" });
    }
    this.slipsShown = 0;
    const after = await this.tokens();

    const events = await this.t.db.select().from(auditEvents).where(and(gt(auditEvents.id, this.lastEventId), eq(auditEvents.customerId, this.customerId))).orderBy(asc(auditEvents.id));
    this.lastEventId = await this.maxEventId();
    if (events.length > this.calls) problems.push({ invariant: "oneEventPerChange", found: `${this.calls} call(s) wrote ${events.length} events: ${events.map((e) => e.action).join(", ")}` });
    const state = (t: Token | undefined) =>
      t ? JSON.stringify([t.status, t.revokedAt, t.replacedByTokenId, t.activationPasswordHash, t.expiresAt, t.clockOffsetSteps, t.otpFailures, t.activationFailures, t.totpSecretEnc]) : "";
    for (const token of after) {
      if (state(before.find((b) => b.id === token.id)) === state(token)) continue;
      const naming = events.filter((e) => e.tokenId === token.id || JSON.stringify(e.details).includes(token.serial) || JSON.stringify(e.details).includes(token.id));
      if (naming.length !== 1) problems.push({ invariant: "oneEventPerChange", found: `${token.serial} changed with ${naming.length} events naming it (${events.map((e) => `${e.action}/${e.outcome}`).join(", ") || "none"})` });
    }
    this.calls = 0;

    for (const token of after) {
      if (effectiveStatus(token, now) !== "pending_activation" || !token.activationPasswordHash) continue;
      if (!(await this.passwordKnown(token))) problems.push({ invariant: "activationPasswordReachable", found: `${token.serial} waits for set-up but no letter, slip or print-out gave its customer the password` });
    }

    if (problems.length > 0) {
      throw new Error(`promises broken after:\n  ${this.log.join("\n  ")}\n${problems.map((p) => `- ${p.invariant}: ${p.found}`).join("\n")}`);
    }
  }

  private checked = new Map<string, boolean>();
  private async passwordKnown(token: Token): Promise<boolean> {
    const hash = token.activationPasswordHash!;
    if (this.checked.get(hash)) return true;
    for (const candidate of this.knows.passwords.get(token.userId) ?? []) {
      if (await verifyPassword(hash, candidate)) {
        this.checked.set(hash, true);
        return true;
      }
    }
    return false;
  }
}
