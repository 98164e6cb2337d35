import { asc, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents, type AuditEvent, type StaffRole } from "@/db/schema";
import { executeAction, type ExecuteOptions } from "@/lib/actions/execute";
import { createStaff } from "@/lib/actions/staff/create-staff";
import type { RequestMeta } from "@/lib/actions/types";
import { signInStaff, startTotpEnrolment, type SignInEnv } from "@/lib/auth/sign-in";
import { base32Decode } from "@/lib/otp/base32";
import { STAFF_TOTP, totpAt } from "@/lib/otp/totp";
import type { Clock } from "@/lib/time/clock";

/** Long enough for staffPasswordField (12+), and easy to find if it ever leaks into a row. */
export const PASSWORD = "Correct-Horse-Battery-7319";

export const STEP_MS = STAFF_TOTP.stepSeconds * 1000;

export const webMeta: RequestMeta = { channel: "web", locale: "ja", ip: "192.0.2.10", userAgent: "vitest", requestId: "req-test" };
export const cliMeta: RequestMeta = { channel: "cli", locale: "en", requestId: "cli-test" };

/** The CLI's system actor: the only way to create the first staff accounts. */
export function systemOptions(db: Db, clock: Clock): ExecuteOptions {
  return { db, clock, actor: { type: "system", name: "test" }, meta: cliMeta };
}

export function signInEnv(clock: Clock, demoMode = false): SignInEnv {
  return { now: clock.now(), demoMode, context: { channel: "web", ip: "192.0.2.10", userAgent: "vitest" } };
}

export async function createStaffMember(
  db: Db,
  clock: Clock,
  input: { loginId: string; role: StaffRole; displayName?: string; password?: string; isDemo?: boolean },
): Promise<string> {
  const result = await executeAction(
    createStaff,
    { loginId: input.loginId, displayName: input.displayName ?? `Test ${input.loginId}`, role: input.role, initialPassword: input.password ?? PASSWORD, isDemo: input.isDemo },
    systemOptions(db, clock),
  );
  if (!result.ok) throw new Error(`createStaff ${input.loginId}: ${result.code} ${JSON.stringify(result.fieldErrors ?? {})}`);
  return result.data.staffId;
}

export interface Member {
  loginId: string;
  password: string;
  staffId: string;
  /** The authenticator secret (raw bytes). */
  secret: Buffer;
  secretBase32: string;
  sessionId: string;
}

/**
 * Creates a staff member, enrols an authenticator through the real enrolment flow and signs in
 * once on the web (which confirms the enrolment). Advances the clock one TOTP step first so that
 * codes never collide with an earlier sign-in's step.
 */
export async function createSignedInStaff(db: Db, clock: Clock & { advance(ms: number): void }, loginId: string, role: StaffRole): Promise<Member> {
  const staffId = await createStaffMember(db, clock, { loginId, role });
  const enrolment = await startTotpEnrolment(db, { loginId, password: PASSWORD }, signInEnv(clock));
  if (!enrolment.ok) throw new Error(`enrolment failed for ${loginId}`);
  const secret = base32Decode(enrolment.secretBase32);
  const member: Member = { loginId, password: PASSWORD, staffId, secret, secretBase32: enrolment.secretBase32, sessionId: "" };
  member.sessionId = await signInAgain(db, clock, member);
  return member;
}

/** A new sign-in of an enrolled member, one TOTP step after the last (codes are single-use). */
export async function signInAgain(db: Db, clock: Clock & { advance(ms: number): void }, member: Omit<Member, "sessionId">): Promise<string> {
  clock.advance(STEP_MS);
  const code = totpAt(member.secret, clock.now(), STAFF_TOTP);
  const result = await signInStaff(db, { loginId: member.loginId, password: member.password, code }, signInEnv(clock));
  if (!result.ok) throw new Error(`sign-in failed for ${member.loginId}: ${result.reason}`);
  return result.sessionId;
}

export function staffOptions(db: Db, clock: Clock, member: Pick<Member, "staffId" | "sessionId">, meta: RequestMeta = webMeta): ExecuteOptions {
  return { db, clock, actor: { type: "staff", staffId: member.staffId, sessionId: member.sessionId }, meta };
}

/** Every audit event in insertion order (id), sealed or not. */
export async function allAuditEvents(db: Db): Promise<AuditEvent[]> {
  return db.select().from(auditEvents).orderBy(asc(auditEvents.id));
}

export async function auditEventAt(db: Db, id: number | undefined): Promise<AuditEvent> {
  if (id === undefined) throw new Error("no audit event id returned");
  const [row] = await db.select().from(auditEvents).where(eq(auditEvents.id, id));
  if (!row) throw new Error(`no audit event ${id}`);
  return row;
}

export async function maxEventId(db: Db): Promise<number> {
  const [row] = await db.select({ id: auditEvents.id }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  return row?.id ?? 0;
}

/** The message of a failed query, including the driver's cause (drizzle wraps errors). */
export async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { cause?: { message?: string } };
    return `${e.message} ${e.cause?.message ?? ""}`;
  }
  throw new Error("expected the statement to be rejected, but it succeeded");
}
