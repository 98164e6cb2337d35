import { z } from "zod";
import { text } from "@/lib/validation/text";
import { digitsOnly } from "@/lib/customers/fold";
import { identityDocuments } from "./policy";
import { normaliseBirthDate } from "./compare";

const digitsField = (pattern: RegExp, message: "verification.validation.phone" | "verification.validation.branchCode" | "verification.validation.accountNumber" | "verification.validation.documentLast4") =>
  text().transform(digitsOnly).pipe(z.string().regex(pattern, { error: message }));

export const customerIdField = z.uuid({ error: "validation.invalid" });
const nameField = text().trim().min(1).max(60);
const birthDateField = text()
  .trim()
  .min(1)
  .refine((v) => normaliseBirthDate(v) !== null, { error: "verification.validation.birthDate" });

/** What the operator types as the caller says it; compared with the record, never stored. */
export const phoneVerificationInput = z.object({
  customerId: customerIdField,
  name: nameField,
  birthDate: birthDateField,
  phone: digitsField(/^0\d{9,10}$/, "verification.validation.phone"),
  branchCode: digitsField(/^\d{3}$/, "verification.validation.branchCode"),
  accountNumber: digitsField(/^\d{1,7}$/, "verification.validation.accountNumber"),
  /** Optional: the code the caller reads from their app now (8 digits), checked against their active tokens. */
  otp: text()
    .transform(digitsOnly)
    .pipe(z.string().regex(/^\d{8}$/, { error: "verification.validation.otp" }))
    .optional(),
});

export const inPersonVerificationInput = z.object({
  customerId: customerIdField,
  documentType: z.enum(identityDocuments),
  documentLast4: digitsField(/^\d{4}$/, "verification.validation.documentLast4"),
  name: nameField,
  birthDate: birthDateField,
  photoMatches: z.enum(["yes", "no"]),
});

export const clearBlockInput = z.object({
  customerId: customerIdField,
  reason: text().trim().min(4).max(200),
});
