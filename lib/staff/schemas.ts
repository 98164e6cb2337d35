import { z } from "zod";
import { staffRoles } from "@/db/schema";
import { MACHINE_NAME, uuidField } from "@/lib/validation/identifiers";
import { reasonField, text } from "@/lib/validation/text";

export const loginIdField = text()
  .trim()
  .toLowerCase()
  .min(3)
  .max(32)
  .regex(MACHINE_NAME, { error: "validation.loginIdFormat" });

/** Staff passwords: long rather than complex (NIST SP 800-63B); at most 128 to bound hashing cost. */
export const staffPasswordField = text().min(12).max(128);

export const displayNameField = text().trim().min(1).max(40);
export const roleField = z.enum(staffRoles);

export const createStaffInput = z.object({
  loginId: loginIdField,
  displayName: displayNameField,
  role: roleField,
  /** Handed to the new colleague out of band; they enrol their authenticator at first sign-in. */
  initialPassword: staffPasswordField,
  isDemo: z.boolean().optional(),
});

export const changeStaffRoleInput = z.object({ staffId: uuidField, role: roleField, reason: reasonField });

/** An admin's change to one colleague's account, with the reason the audit records. */
const staffChangeInput = z.object({ staffId: uuidField, reason: reasonField });
export const disableStaffInput = staffChangeInput;
export const enableStaffInput = staffChangeInput;
export const unlockStaffInput = staffChangeInput;
export const resetStaffMfaInput = staffChangeInput;
