import type { TotpParams } from "@/lib/otp/totp";
import { DAY, MINUTE } from "@/lib/time/clock";

/**
 * The bank's rules for customer OTP tokens, each stated once: the code format, the acceptance
 * window, the locks, the lifetimes. Everything that checks, issues, renews or describes a token
 * reads them from here.
 */

/** サービスID the bank operates; 10112890 is personal internet banking. */
export const serviceIds = ["10112890", "10112905", "10113017"] as const;
export type ServiceId = (typeof serviceIds)[number];

export function isKnownService(serviceId: string): boolean {
  return (serviceIds as readonly string[]).includes(serviceId);
}

/** Customer tokens: 8 digits changing once a minute (「1分間に1回変化」), HMAC-SHA1 as every authenticator app supports. */
export const TOKEN_TOTP: TotpParams = { digits: 8, stepSeconds: 60, algorithm: "sha1" };

/**
 * Acceptance window: one 60-second step either side of the token's expected step (its clock
 * offset applied). That absorbs a code typed just before the minute turned plus network and
 * clock jitter of up to a minute, while keeping the guessing odds tiny: 3 candidates out of 10^8
 * per attempt, and the token locks after MAX_OTP_FAILURES wrong attempts (≈ 3·10^-7 per lock).
 * Larger drift is the app's password correction (resync), not a wider everyday window.
 */
export const VERIFY_WINDOW_STEPS = 1;
/**
 * Password correction searches ±60 steps (one hour) around the server's step for two codes from
 * consecutive steps; two 8-digit codes in a row make a false match ≈ 121·10^-16. A phone off by
 * more than an hour has a wrong date or time zone: the customer must fix the clock first.
 */
export const RESYNC_WINDOW_STEPS = 60;
/** Consecutive wrong codes that lock a token (a replay of an accepted code is refused, not counted). */
export const MAX_OTP_FAILURES = 10;

/** Consecutive wrong activation passwords that lock activation (S0C4). */
export const MAX_ACTIVATION_FAILURES = 5;
/** Activation passwords are 4 to 8 digits; the portal issues the maximum. */
export const ACTIVATION_PASSWORD_MIN_DIGITS = 4;
export const ACTIVATION_PASSWORD_DIGITS = 8;
/** How long a new activation password may be used. */
export const ACTIVATION_DEADLINE_MS = 30 * DAY;
/**
 * A phone whose clock is further than this from the server's cannot be set up (S0F1): its codes
 * would be outside even password correction's reach soon. Smaller drift is what resync is for.
 */
export const DEVICE_CLOCK_TOLERANCE_MS = 5 * MINUTE;

/** Tokens live three years from issue; renewal adds three more. */
export const TOKEN_LIFETIME_DAYS = 1095;
export const TOKEN_LIFETIME_MS = TOKEN_LIFETIME_DAYS * DAY;
/** Renewal is offered from 180 days before expiry. */
export const RENEWAL_WINDOW_DAYS = 180;
export const RENEWAL_WINDOW_MS = RENEWAL_WINDOW_DAYS * DAY;

/** Issuer shown in authenticator apps. */
export const OTP_ISSUER = "TokenDesk Bank";

/** Emergency access code: random digits, stored hashed, accepted once, valid at most a day. */
export const EMERGENCY_CODE_DIGITS = 10;
export const EMERGENCY_CODE_TTL_MS = DAY;
