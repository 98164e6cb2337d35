import { eq } from "drizzle-orm";
import { staff } from "@/db/schema";
import { endAllSessions } from "@/lib/auth/sessions";
import { resetStaffMfaInput } from "@/lib/staff/schemas";
import { defineAction } from "../types";
import { loadTargetStaff } from "./load-target";

/** Clears the authenticator; the staff member enrols a new one at their next sign-in. */
export const resetStaffMfa = defineAction({
  name: "staff.reset_mfa",
  permission: "staff.reset_mfa",
  input: resetStaffMfaInput,
  assurance: "none",
  async run({ tx, principal, now }, input) {
    const target = await loadTargetStaff(tx, principal, input.staffId);
    await tx
      .update(staff)
      .set({ totpSecretEnc: null, totpPendingSecretEnc: null, totpLastStep: null, updatedAt: now })
      .where(eq(staff.id, target.id));
    const endedSessions = await endAllSessions(tx, target.id, "mfa_reset", now);
    return {
      data: { staffId: target.id },
      audit: { targetStaffId: target.id, reason: input.reason, details: { before: { mfaEnrolled: target.totpSecretEnc !== null }, after: { mfaEnrolled: false }, endedSessions } },
    };
  },
});
