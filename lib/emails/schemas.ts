import { z } from "zod";
import { deskChangeFields } from "@/lib/validation/call-notes";
import { contractIdField, digitsRegex, uuidField } from "@/lib/validation/identifiers";
import { text } from "@/lib/validation/text";
import { normaliseEmail } from "./address";
import { CONFIRM_CODE_DIGITS, EMAIL_MAX_LENGTH } from "./policy";

/** An e-mail address as the desk or internet banking types it; the field holds the normalised form. */
export const emailAddressField = text()
  .trim()
  .min(1)
  .max(EMAIL_MAX_LENGTH)
  .refine((value) => normaliseEmail(value) !== null, { error: "emails.validation.format" })
  .transform((value) => normaliseEmail(value)!);

/** The code mailed to a new address, exactly as mailed. */
export const confirmCodeField = text().regex(digitsRegex(CONFIRM_CODE_DIGITS), { error: "emails.validation.code" });

/** メールアドレス追加 at the desk, for a verified caller. */
export const addEmailInput = z.strictObject({ customerId: uuidField, address: emailAddressField, ...deskChangeFields });

/** メールアドレス削除 at the desk: which of the customer's addresses (its id, as the page lists them). */
export const deleteEmailInput = z.strictObject({ customerId: uuidField, emailId: uuidField, ...deskChangeFields });

/**
 * Internet banking passes on the code its signed-in customer typed. It names the customer by the
 * contract ID (契約者ID) — the one identifier internet banking holds for every customer, a token
 * or not — and the address the code was sent to.
 */
export const confirmEmailInput = z.strictObject({ contractId: contractIdField, address: emailAddressField, code: confirmCodeField });
