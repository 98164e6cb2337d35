import { DAY, MINUTE } from "@/lib/time/clock";

/** サービスID the bank operates (seed 003 uses 10112890 for internet banking). */
export const serviceIds = ["10112890", "10112905", "10113017"] as const;

export function isKnownService(serviceId: string): boolean {
  return (serviceIds as readonly string[]).includes(serviceId);
}

/** Consecutive wrong activation passwords that lock activation (S0C4). */
export const MAX_ACTIVATION_FAILURES = 5;
/** How long a new activation password may be used. */
export const ACTIVATION_DEADLINE_MS = 30 * DAY;
/** Tokens live three years from issue (as the demo data); renewal adds three more. */
export const TOKEN_LIFETIME_MS = 1095 * DAY;
/** Renewal is offered from 180 days before expiry (seed 002 §3.8). */
export const RENEWAL_WINDOW_MS = 180 * DAY;
/**
 * A phone whose clock is further than this from the server's cannot be set up (S0F1): its codes
 * would be outside even password correction's reach soon. Smaller drift is what resync is for.
 */
export const DEVICE_CLOCK_TOLERANCE_MS = 5 * MINUTE;
/** Length of generated activation passwords (the domain allows 4–8 digits; we issue the maximum). */
export const ACTIVATION_PASSWORD_DIGITS = 8;
/** Issuer shown in authenticator apps. */
export const OTP_ISSUER = "TokenDesk Bank";

export const digitsPattern = (n: number | string) => new RegExp(`^\\d{${n}}$`);
