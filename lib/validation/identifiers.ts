import { z } from "zod";
import { digitsOnly } from "@/lib/customers/fold";
import type { MessageKey } from "@/lib/i18n/translate";
import { ACTIVATION_PASSWORD_DIGITS, ACTIVATION_PASSWORD_MIN_DIGITS, EMERGENCY_CODE_DIGITS, TOKEN_TOTP } from "@/lib/tokens/policy";
import { text } from "./text";

/**
 * The shape of every identifier the portal reads, stated once: the forms, the token-service API,
 * the customer search and the pipeline all test against these. Each zod field builds on `text()`,
 * so a control character is refused before any format check or transform sees the value.
 */

/** `^\d{min,max}$`: whole strings of ASCII digits, the base of every numeric format below. */
export function digitsRegex(min: number, max: number = min): RegExp {
  return new RegExp(min === max ? `^\\d{${min}}$` : `^\\d{${min},${max}}$`);
}

/** Any RFC 4122 UUID in its canonical text form (database ids, session ids, error ids). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** サービスID: which bank service a token belongs to. */
export const SERVICE_ID = digitsRegex(8);
/** ユーザID: the customer's user ID within a service. */
export const USER_ID = digitsRegex(12);
/** A token's serial number as printed on it and shown by the app. */
export const SERIAL = digitsRegex(8);
/** 契約者ID: the customer's contract number. */
export const CONTRACT_ID = digitsRegex(10);
/** A one-time password from a customer's token. */
export const OTP_CODE = digitsRegex(TOKEN_TOTP.digits);
export const EMERGENCY_CODE = digitsRegex(EMERGENCY_CODE_DIGITS);
export const ACTIVATION_PASSWORD = digitsRegex(ACTIVATION_PASSWORD_MIN_DIGITS, ACTIVATION_PASSWORD_DIGITS);
/** Japanese phone numbers, digits only: a leading 0 and 10 or 11 digits in all. */
export const PHONE = /^0\d{9,10}$/;
export const BRANCH_CODE = digitsRegex(3);
/** Account numbers are stored as 7 digits; a caller may say them without the leading zeros. */
export const ACCOUNT_NUMBER_DIGITS = 7;
export const ACCOUNT_NUMBER = digitsRegex(ACCOUNT_NUMBER_DIGITS);
export const ACCOUNT_NUMBER_SPOKEN = digitsRegex(1, ACCOUNT_NUMBER_DIGITS);
/** The last four digits of an identity document's number, checked for form only. */
export const DOCUMENT_LAST4 = digitsRegex(4);
export const POSTAL_CODE = /^\d{3}-\d{4}$/;
/** Staff login IDs and API client names: lower-case letters and digits, then also `._-`. */
export const MACHINE_NAME = /^[a-z0-9][a-z0-9._-]*$/;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/** A database id (customer, staff member); anything else, a missing value included, is "invalid". */
export const uuidField = text({ error: "validation.invalid" }).pipe(z.uuid({ error: "validation.invalid" }));

/** Exactly as an API client or the legacy record sends it: no spaces, no full-width digits. */
export const serviceIdField = text().regex(SERVICE_ID);
export const userIdField = text().regex(USER_ID);
export const serialField = text().regex(SERIAL);
export const contractIdField = text().regex(CONTRACT_ID);
export const otpField = text().regex(OTP_CODE);
export const emergencyCodeField = text().regex(EMERGENCY_CODE);
export const activationPasswordField = text().regex(ACTIVATION_PASSWORD);
export const phoneField = text().regex(PHONE);
export const branchCodeField = text().regex(BRANCH_CODE);
export const accountNumberField = text().regex(ACCOUNT_NUMBER);
export const postalCodeField = text().regex(POSTAL_CODE);

/**
 * As an operator types what a caller says: full-width digits, spaces and hyphens are folded away
 * before the format is checked, and the field holds the bare digits.
 */
export function typedDigitsField(pattern: RegExp, message: MessageKey) {
  return text().transform(digitsOnly).pipe(z.string().regex(pattern, { error: message }));
}

/** The same folding for a search box: the bare digits if they have the format, else null. */
export function typedDigits(raw: string, pattern: RegExp): string | null {
  const digits = digitsOnly(raw);
  return pattern.test(digits) ? digits : null;
}
