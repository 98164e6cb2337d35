import type { AuthEventType } from "@/lib/audit/vocabulary";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { staff, staffSessions, type Staff } from "@/db/schema";
import { appendAuditEvent, type AuditContext } from "@/lib/audit/append";
import { open, seal } from "@/lib/crypto/secretbox";
import { STAFF_TOTP, generateTotpSecret, otpauthUri, verifyTotp } from "@/lib/otp/totp";
import { base32Encode } from "@/lib/otp/base32";
import { loginIdField } from "@/lib/staff/schemas";
import { burnPasswordCheck, verifyPassword } from "./password";
import { clearCount, countAttempt, lockedUntilNow, mayClearCount, type CountedAttempt } from "./sign-in-attempts";

export { MAX_FAILED_SIGN_INS, SIGN_IN_LOCK_MS } from "./sign-in-attempts";

/** One step either side of now: tolerates a phone clock ±30 s off without widening much more. */
const STAFF_TOTP_WINDOW = 1;

type FailureReason = "unknown_login" | "bad_password" | "bad_code" | "locked" | "disabled" | "demo_refused" | "already_enrolled";
type Outcome = "success" | "failed" | "denied";

export interface Credentials {
  loginId: string;
  password: string;
}

export type SignInResult =
  | { ok: true; staffId: string; sessionId: string }
  | { ok: false; reason: "invalid" | "enrolment_required" };

export interface SignInEnv {
  now: Date;
  demoMode: boolean;
  context: AuditContext;
}

const INVALID = { ok: false, reason: "invalid" } as const;

/**
 * Password + TOTP sign-in. Every outcome is audited; the caller learns only "invalid" (never
 * whether the login ID exists, the account is locked or which factor failed), or that a correct
 * password belongs to an account that must first enrol an authenticator. The attempt is counted
 * before either factor is checked and the count covers both: a wrong code is a failure too.
 */
export async function signInStaff(db: Db, input: Credentials & { code: string }, env: SignInEnv): Promise<SignInResult> {
  const primary = await checkPrimary(db, input, env);
  if (!primary.ok) return INVALID;
  const attempt = primary.attempt;
  const member = attempt.member;

  const enrolled = member.totpSecretEnc !== null;
  const secretEnc = member.totpSecretEnc ?? member.totpPendingSecretEnc;
  if (!secretEnc) {
    // The password was all this account can prove: the count starts over, as after a sign-in.
    if (!(await clearCount(db, attempt, env.now))) return refuseLockedMeanwhile(db, attempt, env);
    await audit(db, member, "auth.sign_in", "failed", { reason: "mfa_enrolment_required" }, env);
    return { ok: false, reason: "enrolment_required" };
  }
  const code = input.code.replace(/\s/g, "");
  const check = verifyTotp(open(secretEnc), code, env.now, STAFF_TOTP, { window: STAFF_TOTP_WINDOW, lastUsedStep: member.totpLastStep });
  if (!check.ok) {
    await recordFailure(db, attempt, env, { reason: "bad_code", extra: { replay: check.replay } });
    return INVALID;
  }

  const sessionId = await db.transaction(async (tx) => {
    // Spends the code and ends the count in one step: a concurrent sign-in with the same code, or
    // one that arrives after another attempt locked the account, finds no row to update.
    const won = await tx
      .update(staff)
      .set({
        failedSignIns: 0,
        lockedUntil: null,
        totpLastStep: check.step,
        lastSignInAt: env.now,
        ...(enrolled ? {} : { totpSecretEnc: secretEnc, totpPendingSecretEnc: null }),
      })
      .where(and(eq(staff.id, member.id), mayClearCount(attempt, env.now), or(isNull(staff.totpLastStep), lt(staff.totpLastStep, check.step))))
      .returning({ id: staff.id });
    if (won.length === 0) return null;
    const [session] = await tx
      .insert(staffSessions)
      .values({ staffId: member.id, createdAt: env.now, lastSeenAt: env.now, ip: env.context.ip ?? null, userAgent: env.context.userAgent?.slice(0, 512) ?? null })
      .returning({ id: staffSessions.id });
    if (!enrolled) await appendAuditEvent(tx, auditInput(member, "auth.mfa_enrolled", "success", {}), env.context, env.now);
    await appendAuditEvent(tx, auditInput(member, "auth.sign_in", "success", {}), env.context, env.now);
    return session!.id;
  });
  if (sessionId) return { ok: true, staffId: member.id, sessionId };
  if (!attempt.lockedUntil && (await lockedUntilNow(db, member.id, env.now))) return refuseLockedMeanwhile(db, attempt, env);
  await recordFailure(db, attempt, env, { reason: "bad_code", extra: { replay: true } });
  return INVALID;
}

export type EnrolmentResult = { ok: true; secretBase32: string; uri: string } | { ok: false };

/**
 * First sign-in (or after an admin reset): a correct password on an account with no authenticator
 * gets a new secret, shown once to that staff member. It becomes active only when a code from it
 * signs in. Counted like a sign-in: asking an enrolled account is a failure.
 */
export async function startTotpEnrolment(db: Db, input: Credentials, env: SignInEnv): Promise<EnrolmentResult> {
  const primary = await checkPrimary(db, input, env);
  if (!primary.ok) return { ok: false };
  const attempt = primary.attempt;
  const member = attempt.member;
  if (member.totpSecretEnc) {
    await recordFailure(db, attempt, env, { action: "auth.mfa_enrolment_started", outcome: "denied", reason: "already_enrolled" });
    return { ok: false };
  }
  const secret = generateTotpSecret();
  const offered = await db.transaction(async (tx) => {
    const rows = await tx
      .update(staff)
      .set({ totpPendingSecretEnc: seal(secret), failedSignIns: 0, lockedUntil: null })
      .where(and(eq(staff.id, member.id), isNull(staff.totpSecretEnc), mayClearCount(attempt, env.now)))
      .returning({ id: staff.id });
    if (rows.length === 0) return false;
    await appendAuditEvent(tx, auditInput(member, "auth.mfa_enrolment_started", "success", {}), env.context, env.now);
    return true;
  });
  if (!offered) {
    await refuseLockedMeanwhile(db, attempt, env);
    return { ok: false };
  }
  return { ok: true, secretBase32: base32Encode(secret), uri: otpauthUri({ issuer: "TokenDesk", account: member.loginId, secret, params: STAFF_TOTP }) };
}

type Primary = { ok: true; attempt: CountedAttempt } | { ok: false };

/** Matches no staff row: what an attempt on an ID that may not be checked is counted against. */
const NO_STAFF_ID = "00000000-0000-0000-0000-000000000000";

/**
 * Finds the account, counts the attempt, then checks the password. Every refusal spends one
 * argon2 check, so neither an unknown ID nor a locked account answers faster than a wrong password.
 * The counting statement runs for every attempt — for an unknown, disabled or demo-refused ID
 * against no row — so a counter that fails (a lost grant, a broken migration) fails every login
 * ID alike, and its failure cannot tell which IDs exist.
 */
async function checkPrimary(db: Db, input: Credentials, env: SignInEnv): Promise<Primary> {
  const login = loginIdField.safeParse(input.loginId);
  const [found] = login.success ? await db.select().from(staff).where(eq(staff.loginId, login.data)).limit(1) : [];
  const refusal: FailureReason | null = !found ? "unknown_login" : found.disabledAt ? "disabled" : found.isDemo && !env.demoMode ? "demo_refused" : null;
  const attempt = await countAttempt(db, found && !refusal ? found.id : NO_STAFF_ID, env.now);
  if (!found) {
    await burnPasswordCheck(input.password);
    // A mistyped password can land in the login field: record it only if it looks like a login ID.
    await audit(db, null, "auth.sign_in", "failed", { reason: "unknown_login" satisfies FailureReason, loginId: login.success ? login.data : "(invalid format)" }, env);
    return { ok: false };
  }
  if (refusal) {
    await burnPasswordCheck(input.password);
    await audit(db, found, "auth.sign_in", "denied", { reason: refusal }, env);
    return { ok: false };
  }
  if (!attempt) {
    // Locked: refused without looking at the password, in the time a check would have taken.
    await burnPasswordCheck(input.password);
    const lockedUntil = await lockedUntilNow(db, found.id, env.now);
    await audit(db, found, "auth.sign_in", "denied", { reason: "locked" satisfies FailureReason, lockedUntil }, env);
    return { ok: false };
  }
  if (!(await verifyPassword(attempt.member.passwordHash, input.password))) {
    await recordFailure(db, attempt, env, { reason: "bad_password" });
    return { ok: false };
  }
  return { ok: true, attempt };
}

/** Audits a counted attempt that failed; the last one allowed also records the lock it wrote. */
async function recordFailure(
  db: Db,
  attempt: CountedAttempt,
  env: SignInEnv,
  what: { reason: FailureReason; action?: AuthEventType; outcome?: Outcome; extra?: Record<string, unknown> },
): Promise<void> {
  const member = attempt.member;
  await db.transaction(async (tx) => {
    const details = { reason: what.reason, failedSignIns: attempt.ordinal, ...what.extra };
    await appendAuditEvent(tx, auditInput(member, what.action ?? "auth.sign_in", what.outcome ?? "failed", details), env.context, env.now);
    if (attempt.lockedUntil) {
      await appendAuditEvent(tx, auditInput(member, "auth.locked", "success", { failedSignIns: attempt.ordinal, lockedUntil: attempt.lockedUntil }), env.context, env.now);
    }
  });
}

/** A counted attempt whose factors held, but another attempt locked the account while it was checked. */
async function refuseLockedMeanwhile(db: Db, attempt: CountedAttempt, env: SignInEnv): Promise<typeof INVALID> {
  await recordFailure(db, attempt, env, { reason: "locked", outcome: "denied", extra: { lockedUntil: await lockedUntilNow(db, attempt.member.id, env.now) } });
  return INVALID;
}

function auditInput(member: Staff | null, action: AuthEventType, outcome: Outcome, details: Record<string, unknown>) {
  return {
    actor: member ? { type: "staff" as const, id: member.id, role: member.role } : { type: "anonymous" as const, id: null, role: null },
    action,
    outcome,
    targetStaffId: member?.id ?? null,
    details,
  };
}

async function audit(db: Db, member: Staff | null, action: AuthEventType, outcome: Outcome, details: Record<string, unknown>, env: SignInEnv) {
  await db.transaction((tx) => appendAuditEvent(tx, auditInput(member, action, outcome, details), env.context, env.now));
}
