import { isUuid } from "@/lib/validation/identifiers";

/**
 * The only error strings the sign-in handler ever hands back (next-auth v4 puts whatever
 * `authorize` throws into the redirect URL verbatim). Shared by the server and the sign-in form.
 */
export const SIGN_IN_ERRORS = { invalid: "invalid", enrolmentRequired: "enrolment_required", unavailable: "unavailable" } as const;

export type SignInError = { kind: "invalid" } | { kind: "enrolment_required" } | { kind: "unavailable"; errorId: string } | { kind: "failed" };

export function unavailableError(errorId: string): string {
  return `${SIGN_IN_ERRORS.unavailable}:${errorId}`;
}

/** Reads what the sign-in handler answered; anything unrecognised is a plain "could not sign in". */
export function parseSignInError(error: string | null | undefined): SignInError {
  if (error === SIGN_IN_ERRORS.invalid) return { kind: "invalid" };
  if (error === SIGN_IN_ERRORS.enrolmentRequired) return { kind: "enrolment_required" };
  const [head, errorId] = (error ?? "").split(":");
  if (head === SIGN_IN_ERRORS.unavailable && isUuid(errorId)) return { kind: "unavailable", errorId };
  return { kind: "failed" };
}
