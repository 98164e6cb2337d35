import { z } from "zod";
import { text } from "@/lib/validation/text";
import { staffRoles } from "@/db/schema";

export const loginIdSchema = text()
  .trim()
  .toLowerCase()
  .min(3)
  .max(32)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, { error: "validation.loginIdFormat" });

/** Staff passwords: long rather than complex (NIST SP 800-63B); at most 128 to bound hashing cost. */
export const staffPasswordSchema = text().min(12).max(128);

export const displayNameSchema = text().trim().min(1).max(40);
export const roleSchema = z.enum(staffRoles);
export const reasonSchema = text().trim().min(4).max(200);
export const staffIdSchema = z.uuid({ error: "validation.invalid" });
