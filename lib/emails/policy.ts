import { DAY } from "@/lib/time/clock";

/**
 * The rules for a customer's registered e-mail addresses, in one place: the forms, the actions,
 * the notices and the catalogue's messages (checked by a test) all read these.
 */

/** Live addresses per customer, confirmed or waiting for their code, as the bank's records allow. */
export const MAX_LIVE_EMAILS = 3;
/** Digits of the confirmation code mailed to a new address. */
export const CONFIRM_CODE_DIGITS = 8;
/** How long the customer has to enter the code. */
export const CONFIRM_VALID_MS = DAY;
export const CONFIRM_VALID_HOURS = CONFIRM_VALID_MS / (60 * 60 * 1000);
/** Wrong codes after which the code is void and the desk must register the address again. */
export const MAX_CONFIRM_FAILURES = 5;
/** RFC 5321's limit on a forward path, and so on any address a mail server will take. */
export const EMAIL_MAX_LENGTH = 254;
export const EMAIL_LOCAL_MAX_LENGTH = 64;
