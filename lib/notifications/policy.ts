/** Retry policy of the delivery worker: 1 min × 2^(attempt−1) after each failure, stuck after 8. */
export const MAX_ATTEMPTS = 8;
export const BASE_BACKOFF_MS = 60_000;
/** A notice claimed longer ago than this is presumed lost with its worker and may be reclaimed. */
export const DEFAULT_LEASE_MS = 5 * 60_000;

export function backoffMs(attempt: number): number {
  return BASE_BACKOFF_MS * 2 ** Math.max(0, attempt - 1);
}

/** Error codes are short and ours: never the SMTP server's text, which may quote the address. */
export const errorCodePattern = /^[a-z0-9_]{1,40}$/;

/** A notice is a short message (a letter's own PDF comes separately); every kind renders within this. */
export const NOTICE_BODY_MAX = 1_900;
