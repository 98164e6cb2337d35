import { z } from "zod";
import { reasonField, text } from "@/lib/validation/text";
import { ACCOUNT_NUMBER_SPOKEN, BRANCH_CODE, DOCUMENT_LAST4, OTP_CODE, PHONE, typedDigitsField, uuidField } from "@/lib/validation/identifiers";
import { callNotesFields } from "@/lib/validation/call-notes";
import { identityDocuments } from "./policy";
import { normaliseBirthDate } from "./compare";

const nameField = text().trim().min(1).max(60);
const birthDateField = text()
  .trim()
  .min(1)
  .refine((v) => normaliseBirthDate(v) !== null, { error: "verification.validation.birthDate" });

/** What the operator types as the caller says it; compared with the record, never stored (the call memo and ticket are). */
export const verifyCallerByPhoneInput = z.object({
  customerId: uuidField,
  name: nameField,
  birthDate: birthDateField,
  phone: typedDigitsField(PHONE, "verification.validation.phone"),
  branchCode: typedDigitsField(BRANCH_CODE, "verification.validation.branchCode"),
  accountNumber: typedDigitsField(ACCOUNT_NUMBER_SPOKEN, "verification.validation.accountNumber"),
  /** Optional: the code the caller reads from their app now, checked against their active tokens. */
  otp: typedDigitsField(OTP_CODE, "verification.validation.otp").optional(),
  ...callNotesFields,
});

export const verifyCallerInPersonInput = z.object({
  customerId: uuidField,
  documentType: z.enum(identityDocuments),
  documentLast4: typedDigitsField(DOCUMENT_LAST4, "verification.validation.documentLast4"),
  name: nameField,
  birthDate: birthDateField,
  photoMatches: z.enum(["yes", "no"]),
  ...callNotesFields,
});

export const clearVerificationBlockInput = z.object({
  customerId: uuidField,
  reason: reasonField,
});
