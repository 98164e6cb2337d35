import { MINUTE, HOUR } from "@/lib/time/clock";

/** A passed verification lets its staff member act for this customer for 10 minutes. */
export const VERIFICATION_TTL_MS = 10 * MINUTE;
/** Failed attempts on one customer, by any staff member, that block phone verification. */
export const MAX_FAILED_ATTEMPTS = 3;
export const FAILURE_WINDOW_MS = 24 * HOUR;

/** Identity documents a teller may accept at the counter. */
export const identityDocuments = ["drivers_license", "my_number_card", "passport", "residence_card", "health_insurance_card", "passbook"] as const;
export type IdentityDocument = (typeof identityDocuments)[number];
