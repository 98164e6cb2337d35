import { z } from "zod";
import { MACHINE_NAME, uuidField } from "@/lib/validation/identifiers";
import { text } from "@/lib/validation/text";
import { staffRoles } from "@/db/schema";

export const loginIdSchema = text()
  .trim()
  .toLowerCase()
  .min(3)
  .max(32)
  .regex(MACHINE_NAME, { error: "validation.loginIdFormat" });

/** Staff passwords: long rather than complex (NIST SP 800-63B); at most 128 to bound hashing cost. */
export const staffPasswordSchema = text().min(12).max(128);

export const displayNameSchema = text().trim().min(1).max(40);
export const roleSchema = z.enum(staffRoles);
export const reasonSchema = text().trim().min(4).max(200);
export const staffIdSchema = uuidField;
