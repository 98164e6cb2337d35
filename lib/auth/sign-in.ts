import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { staff, staffSessions, type Staff } from "@/db/schema";
import { appendAuditEvent, type AuditContext } from "@/lib/audit/append";
import { open, seal } from "@/lib/crypto/secretbox";
import { STAFF_TOTP, generateTotpSecret, otpauthUri, verifyTotp } from "@/lib/otp/totp";
import { base32Encode } from "@/lib/otp/base32";
import { loginIdSchema } from "@/lib/staff/schemas";
import { MINUTE } from "@/lib/time/clock";
import { burnPasswordCheck, verifyPassword } from "./password";

export const MAX_FAILED_SIGN_INS = 10;
export const SIGN_IN_LOCK_MS = 30 * MINUTE;
/** One step either side of now: tolerates a phone clock ±30 s off without widening much more. */
const STAFF_TOTP_WINDOW = 1;

type FailureReason = "unknown_login" | "bad_password" | "bad_code" | "locked" | "disabled" | "demo_refused" | "already_enrolled";

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

/**
 * Password + TOTP sign-in. Every outcome is audited; the caller learns only "invalid" (never
 * whether the login ID exists, the account is locked or which factor failed), or that a correct
 * password belongs to an account that must first enrol an authenticator.
 */
export async function signInStaff(db: Db, input: Credentials & { code: string }, env: SignInEnv): Promise<SignInResult> {
  const primary = await checkPrimary(db, input, env);
  if (!primary.ok) return { ok: false, reason: "invalid" };
  const member = primary.member;

  const enrolled = member.totpSecretEnc !== null;
  const secretEnc = member.totpSecretEnc ?? member.totpPendingSecretEnc;
  if (!secretEnc) {
    await audit(db, member, "auth.sign_in", "failed", { reason: "mfa_enrolment_required" }, env);
    return { ok: false, reason: "enrolment_required" };
  }
  const code = input.code.replace(/\s/g, "");
  const check = verifyTotp(open(secretEnc), code, env.now, STAFF_TOTP, { window: STAFF_TOTP_WINDOW, lastUsedStep: member.totpLastStep });
  if (!check.ok) {
    await recordFailure(db, member, "bad_code", env, { replay: check.replay });
    return { ok: false, reason: "invalid" };
  }

  const sessionId = await db.transaction(async (tx) => {
    await tx
      .update(staff)
      .set({
        failedSignIns: 0,
        lockedUntil: null,
        totpLastStep: check.step,
        lastSignInAt: env.now,
        ...(enrolled ? {} : { totpSecretEnc: secretEnc, totpPendingSecretEnc: null }),
      })
      .where(eq(staff.id, member.id));
    const [session] = await tx
      .insert(staffSessions)
      .values({ staffId: member.id, createdAt: env.now, lastSeenAt: env.now, ip: env.context.ip ?? null, userAgent: env.context.userAgent?.slice(0, 512) ?? null })
      .returning({ id: staffSessions.id });
    if (!enrolled) await appendAuditEvent(tx, auditInput(member, "auth.mfa_enrolled", "success", {}), env.context, env.now);
    await appendAuditEvent(tx, auditInput(member, "auth.sign_in", "success", {}), env.context, env.now);
    return session!.id;
  });
  return { ok: true, staffId: member.id, sessionId };
}

export type EnrolmentResult = { ok: true; secretBase32: string; uri: string } | { ok: false };

/**
 * First sign-in (or after an admin reset): a correct password on an account with no authenticator
 * gets a new secret, shown once to that staff member. It becomes active only when a code from it
 * signs in.
 */
export async function startTotpEnrolment(db: Db, input: Credentials, env: SignInEnv): Promise<EnrolmentResult> {
  const primary = await checkPrimary(db, input, env);
  if (!primary.ok) return { ok: false };
  const member = primary.member;
  if (member.totpSecretEnc) {
    await audit(db, member, "auth.mfa_enrolment_started", "denied", { reason: "already_enrolled" satisfies FailureReason }, env);
    return { ok: false };
  }
  const secret = generateTotpSecret();
  await db.transaction(async (tx) => {
    await tx.update(staff).set({ totpPendingSecretEnc: seal(secret) }).where(eq(staff.id, member.id));
    await appendAuditEvent(tx, auditInput(member, "auth.mfa_enrolment_started", "success", {}), env.context, env.now);
  });
  return { ok: true, secretBase32: base32Encode(secret), uri: otpauthUri({ issuer: "TokenDesk", account: member.loginId, secret, params: STAFF_TOTP }) };
}

type Primary = { ok: true; member: Staff } | { ok: false };

async function checkPrimary(db: Db, input: Credentials, env: SignInEnv): Promise<Primary> {
  const login = loginIdSchema.safeParse(input.loginId);
  const [member] = login.success ? await db.select().from(staff).where(eq(staff.loginId, login.data)).limit(1) : [];
  if (!member) {
    await burnPasswordCheck(input.password);
    // A mistyped password can land in the login field: record it only if it looks like a login ID.
    await audit(db, null, "auth.sign_in", "failed", { reason: "unknown_login" satisfies FailureReason, loginId: login.success ? login.data : "(invalid format)" }, env);
    return { ok: false };
  }
  const passwordOk = await verifyPassword(member.passwordHash, input.password);
  if (member.lockedUntil && member.lockedUntil > env.now) {
    await audit(db, member, "auth.sign_in", "denied", { reason: "locked" satisfies FailureReason, lockedUntil: member.lockedUntil }, env);
    return { ok: false };
  }
  if (member.disabledAt) {
    await audit(db, member, "auth.sign_in", "denied", { reason: "disabled" satisfies FailureReason }, env);
    return { ok: false };
  }
  if (member.isDemo && !env.demoMode) {
    await audit(db, member, "auth.sign_in", "denied", { reason: "demo_refused" satisfies FailureReason }, env);
    return { ok: false };
  }
  if (!passwordOk) {
    await recordFailure(db, member, "bad_password", env);
    return { ok: false };
  }
  return { ok: true, member };
}

/** Counts a failed factor; the 10th in a row locks the account for 30 minutes. */
async function recordFailure(db: Db, member: Staff, reason: FailureReason, env: SignInEnv, extra: Record<string, unknown> = {}): Promise<void> {
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(staff)
      .set({ failedSignIns: sql`${staff.failedSignIns} + 1` })
      .where(eq(staff.id, member.id))
      .returning({ failedSignIns: staff.failedSignIns });
    const failures = updated!.failedSignIns;
    await appendAuditEvent(tx, auditInput(member, "auth.sign_in", "failed", { reason, failedSignIns: failures, ...extra }), env.context, env.now);
    if (failures >= MAX_FAILED_SIGN_INS) {
      const lockedUntil = new Date(env.now.getTime() + SIGN_IN_LOCK_MS);
      await tx.update(staff).set({ lockedUntil, failedSignIns: 0 }).where(eq(staff.id, member.id));
      await appendAuditEvent(tx, auditInput(member, "auth.locked", "success", { failedSignIns: failures, lockedUntil }), env.context, env.now);
    }
  });
}

function auditInput(member: Staff | null, action: string, outcome: "success" | "failed" | "denied", details: Record<string, unknown>) {
  return {
    actor: member ? { type: "staff" as const, id: member.id, role: member.role } : { type: "anonymous" as const, id: null, role: null },
    action,
    outcome,
    targetStaffId: member?.id ?? null,
    details,
  };
}

async function audit(db: Db, member: Staff | null, action: string, outcome: "success" | "failed" | "denied", details: Record<string, unknown>, env: SignInEnv) {
  await db.transaction((tx) => appendAuditEvent(tx, auditInput(member, action, outcome, details), env.context, env.now));
}
