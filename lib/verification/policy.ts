import { MINUTE, HOUR } from "@/lib/time/clock";

/** A passed verification lets its staff member act for this customer for 10 minutes. */
export const VERIFICATION_TTL_MS = 10 * MINUTE;
/** Failed attempts on one customer, by any staff member, that block phone verification. */
export const MAX_FAILED_ATTEMPTS = 3;
export const FAILURE_WINDOW_MS = 24 * HOUR;

/** Facts a caller states on the phone; each is compared with the record and recorded by name only. */
export const phoneFacts = ["name", "birthDate", "phone", "account"] as const;
export type PhoneFact = (typeof phoneFacts)[number];

/** Facts checked at the counter. */
export const inPersonFacts = ["document", "name", "birthDate", "photo"] as const;
export type InPersonFact = (typeof inPersonFacts)[number];

export const identityDocuments = ["drivers_license", "my_number_card", "passport", "residence_card", "health_insurance_card", "passbook"] as const;
export type IdentityDocument = (typeof identityDocuments)[number];

export type AssuranceLevel = "phone" | "in_person";
