/**
 * The only error strings the sign-in handler ever hands back (next-auth v4 puts whatever
 * `authorize` throws into the redirect URL verbatim). Shared by the server and the sign-in form.
 * None carries an error id: an answer that differs per attempt would tell an attempt that failed
 * inside apart from one refused outright; the id stays in the server log.
 */
export const SIGN_IN_ERRORS = { invalid: "invalid", enrolmentRequired: "enrolment_required", unavailable: "unavailable" } as const;

export type SignInError = { kind: "invalid" } | { kind: "enrolment_required" } | { kind: "unavailable" } | { kind: "failed" };

/** Reads what the sign-in handler answered; anything unrecognised is a plain "could not sign in". */
export function parseSignInError(error: string | null | undefined): SignInError {
  if (error === SIGN_IN_ERRORS.invalid) return { kind: "invalid" };
  if (error === SIGN_IN_ERRORS.enrolmentRequired) return { kind: "enrolment_required" };
  if (error === SIGN_IN_ERRORS.unavailable) return { kind: "unavailable" };
  return { kind: "failed" };
}
