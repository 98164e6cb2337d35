/**
 * What a token-service call answers. A refusal here is a domain answer, not an error: the action
 * commits (failure counters, locks) and records the refusal in its audit event.
 *
 * `appError` is the code the customer's app shows for the screen it is on; `reason` is for machines.
 * A wrong code (`invalid_code`) carries S0F1 when it matches only on a phone clock off by more than
 * the everyday window (within the resync window): still a counted failure, but the app can tell the
 * customer to fix the clock and run password correction.
 */
export type ServiceRefusal = {
  ok: false;
  reason:
    | "unknown_service"
    | "unknown_token"
    | "wrong_credentials"
    | "activation_expired"
    | "activation_locked"
    | "already_active"
    | "not_active"
    | "suspended"
    | "locked"
    | "expired"
    | "device_clock"
    | "outside_renewal_window"
    | "invalid_code"
    | "replay"
    | "rate_limited"
    // Confirming a registered e-mail address (token_service.confirm_email).
    | "unknown_email"
    | "email_already_confirmed"
    | "confirmation_expired"
    | "confirmation_void"
    | "wrong_confirmation_code";
  appError: AppErrorCode | null;
  /** The refusal locked the token (or its activation) just now. */
  lockedNow?: boolean;
};

export type AppErrorCode = "S0A1" | "S0C1" | "S0C4" | "S0B4" | "S0B5" | "S0F1" | "S3B3" | "S3B5" | "S3E4" | "S4E3";

export type ServiceResult<T> = ({ ok: true } & T) | ServiceRefusal;

export function refusal(reason: ServiceRefusal["reason"], appError: AppErrorCode | null = null, lockedNow = false): ServiceRefusal {
  return lockedNow ? { ok: false, reason, appError, lockedNow } : { ok: false, reason, appError };
}
