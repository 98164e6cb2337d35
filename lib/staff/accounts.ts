import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import { staff, type Staff } from "@/db/schema";
import { ActionError, type ActionAudit, type Principal } from "@/lib/actions/types";
import type { ActionEventType } from "@/lib/audit/vocabulary";
import { hashPassword } from "@/lib/auth/password";
import { endAllSessions } from "@/lib/auth/sessions";
import { seal } from "@/lib/crypto/secretbox";
import { demoTotpSecret } from "@/lib/demo/accounts";
import type { changeStaffRoleInput, createStaffInput, disableStaffInput } from "./schemas";

/**
 * Every change to a staff account. Each runs inside the action's transaction and returns what
 * the caller sees and what the audit event records (never a password or an authenticator secret).
 */
type Change<D, N extends ActionEventType> = Promise<{ data: D; audit: ActionAudit<N> }>;
type StaffChange = z.output<typeof disableStaffInput>;

export async function createStaffMember(tx: Tx, principal: Principal, input: z.output<typeof createStaffInput>): Change<{ staffId: string; loginId: string }, "staff.create"> {
  const [existing] = await tx.select({ id: staff.id }).from(staff).where(eq(staff.loginId, input.loginId)).limit(1);
  if (existing) throw new ActionError("conflict", "staff.errors.loginIdTaken", { loginId: "staff.errors.loginIdTaken" });
  // Only the CLI's system actor (the demo seed) may mark demo accounts.
  const isDemo = principal.role === "system" && input.isDemo === true;
  const [created] = await tx
    .insert(staff)
    .values({
      loginId: input.loginId,
      displayName: input.displayName,
      role: input.role,
      passwordHash: await hashPassword(input.initialPassword),
      isDemo,
      // Demo accounts come enrolled, so `npm run demo:code` can print their codes.
      totpSecretEnc: isDemo ? seal(demoTotpSecret(input.loginId)) : null,
    })
    .returning({ id: staff.id });
  return {
    data: { staffId: created!.id, loginId: input.loginId },
    audit: { targetStaffId: created!.id, details: { after: { loginId: input.loginId, displayName: input.displayName, role: input.role, isDemo } } },
  };
}

/** Locks the staff row an admin action changes; admins may not act on their own account. */
async function lockTarget(tx: Tx, principal: Principal, staffId: string): Promise<Staff> {
  const [target] = await tx.select().from(staff).where(eq(staff.id, staffId)).for("update").limit(1);
  if (!target) throw new ActionError("not_found", "staff.errors.notFound");
  if (principal.staff?.id === target.id) {
    throw new ActionError("forbidden", "staff.errors.notOnSelf", undefined, { targetStaffId: target.id });
  }
  return target;
}

export async function changeRole(tx: Tx, principal: Principal, input: z.output<typeof changeStaffRoleInput>, now: Date): Change<{ staffId: string }, "staff.change_role"> {
  const target = await lockTarget(tx, principal, input.staffId);
  if (target.role === input.role) throw new ActionError("conflict", "staff.errors.sameRole", { role: "staff.errors.sameRole" }, { targetStaffId: target.id });
  await tx.update(staff).set({ role: input.role, updatedAt: now }).where(eq(staff.id, target.id));
  // A new role starts with a new sign-in, so no page rendered under the old role stays open.
  const endedSessions = await endAllSessions(tx, target.id, "role_changed", now);
  return {
    data: { staffId: target.id },
    audit: { targetStaffId: target.id, reason: input.reason, details: { before: { role: target.role }, after: { role: input.role }, endedSessions } },
  };
}

export async function disableAccount(tx: Tx, principal: Principal, input: StaffChange, now: Date): Change<{ staffId: string }, "staff.disable"> {
  const target = await lockTarget(tx, principal, input.staffId);
  if (target.disabledAt) throw new ActionError("conflict", "staff.errors.alreadyDisabled", undefined, { targetStaffId: target.id });
  await tx.update(staff).set({ disabledAt: now, updatedAt: now }).where(eq(staff.id, target.id));
  const endedSessions = await endAllSessions(tx, target.id, "disabled", now);
  return {
    data: { staffId: target.id },
    audit: { targetStaffId: target.id, reason: input.reason, details: { before: { disabled: false }, after: { disabled: true }, endedSessions } },
  };
}

export async function enableAccount(tx: Tx, principal: Principal, input: StaffChange, now: Date): Change<{ staffId: string }, "staff.enable"> {
  const target = await lockTarget(tx, principal, input.staffId);
  if (!target.disabledAt) throw new ActionError("conflict", "staff.errors.notDisabled", undefined, { targetStaffId: target.id });
  await tx.update(staff).set({ disabledAt: null, failedSignIns: 0, lockedUntil: null, updatedAt: now }).where(eq(staff.id, target.id));
  return {
    data: { staffId: target.id },
    audit: { targetStaffId: target.id, reason: input.reason, details: { before: { disabled: true }, after: { disabled: false } } },
  };
}

export async function unlockAccount(tx: Tx, principal: Principal, input: StaffChange, now: Date): Change<{ staffId: string }, "staff.unlock"> {
  const target = await lockTarget(tx, principal, input.staffId);
  const locked = target.lockedUntil !== null && target.lockedUntil > now;
  if (!locked && target.failedSignIns === 0) throw new ActionError("conflict", "staff.errors.notLocked", undefined, { targetStaffId: target.id });
  await tx.update(staff).set({ failedSignIns: 0, lockedUntil: null, updatedAt: now }).where(eq(staff.id, target.id));
  return {
    data: { staffId: target.id },
    audit: { targetStaffId: target.id, reason: input.reason, details: { before: { failedSignIns: target.failedSignIns, lockedUntil: target.lockedUntil }, after: { failedSignIns: 0, lockedUntil: null } } },
  };
}

/** Clears the authenticator; the staff member enrols a new one at their next sign-in. */
export async function resetMfa(tx: Tx, principal: Principal, input: StaffChange, now: Date): Change<{ staffId: string }, "staff.reset_mfa"> {
  const target = await lockTarget(tx, principal, input.staffId);
  await tx
    .update(staff)
    .set({ totpSecretEnc: null, totpPendingSecretEnc: null, totpLastStep: null, updatedAt: now })
    .where(eq(staff.id, target.id));
  const endedSessions = await endAllSessions(tx, target.id, "mfa_reset", now);
  return {
    data: { staffId: target.id },
    audit: { targetStaffId: target.id, reason: input.reason, details: { before: { mfaEnrolled: target.totpSecretEnc !== null }, after: { mfaEnrolled: false }, endedSessions } },
  };
}
