import type { ActionErrorCode, ActionResult } from "@/lib/actions/types";
import type { ServiceRefusal, ServiceResult } from "@/lib/tokens/outcome";
import { RENEWAL_WINDOW_DAYS } from "@/lib/tokens/policy";
import { CONFIRM_VALID_HOURS, MAX_CONFIRM_FAILURES } from "@/lib/emails/policy";

/** Machine-readable error codes of the token-service API (besides the app's S-codes). */
export type ApiErrorCode =
  | "unauthenticated"
  | "forbidden"
  | "invalid_json"
  | "invalid_input"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "unavailable"
  | "internal_error";

export function apiError(status: number, code: ApiErrorCode | ServiceRefusal["reason"], message: string, extra: Record<string, unknown> = {}, headers: HeadersInit = {}): Response {
  return Response.json({ ok: false, error: { code, message, ...extra } }, { status, headers: { "cache-control": "no-store", ...headers } });
}

const pipelineStatus: Record<ActionErrorCode, [number, ApiErrorCode]> = {
  unauthenticated: [401, "unauthenticated"],
  forbidden: [403, "forbidden"],
  invalid_input: [400, "invalid_input"],
  verification_required: [403, "forbidden"],
  not_found: [404, "invalid_input"],
  conflict: [409, "invalid_input"],
  internal_error: [500, "internal_error"],
};

/** HTTP status of each domain refusal; the body always carries the reason and the app's code. */
const refusalStatus: Record<ServiceRefusal["reason"], number> = {
  unknown_service: 404,
  unknown_token: 404,
  wrong_credentials: 401,
  activation_expired: 401,
  activation_locked: 423,
  already_active: 409,
  not_active: 409,
  suspended: 403,
  locked: 423,
  expired: 410,
  device_clock: 422,
  outside_renewal_window: 409,
  invalid_code: 401,
  replay: 401,
  rate_limited: 429,
  unknown_email: 404,
  email_already_confirmed: 409,
  confirmation_expired: 410,
  confirmation_void: 423,
  wrong_confirmation_code: 401,
};

const refusalMessage: Record<ServiceRefusal["reason"], string> = {
  unknown_service: "Unknown service ID.",
  unknown_token: "No token for this service ID and user ID.",
  wrong_credentials: "Service ID, user ID or activation password is wrong.",
  activation_expired: "The activation password has expired; the bank must issue a new one.",
  activation_locked: "The activation password is locked; the bank must reset it.",
  already_active: "This user ID is already set up on a device.",
  not_active: "The token has not been set up yet.",
  suspended: "The token is suspended.",
  locked: "The token is locked after too many wrong codes; the bank must unlock it.",
  expired: "The token has expired.",
  device_clock: "The device's date, time or time zone is wrong.",
  outside_renewal_window: `Renewal is possible only within ${RENEWAL_WINDOW_DAYS} days before expiry.`,
  invalid_code: "The one-time password is wrong.",
  replay: "This one-time password has already been used.",
  rate_limited: "Too many requests; try again in a minute.",
  unknown_email: "This contract has no registered e-mail address waiting with this address.",
  email_already_confirmed: "This e-mail address is already confirmed.",
  confirmation_expired: `The confirmation code has expired (${CONFIRM_VALID_HOURS} hours); the bank must register the address again.`,
  confirmation_void: `The confirmation code is void after ${MAX_CONFIRM_FAILURES} wrong codes; the bank must register the address again.`,
  wrong_confirmation_code: `The confirmation code is wrong; after ${MAX_CONFIRM_FAILURES} wrong codes it becomes void.`,
};

/**
 * The one place a token-service action's result becomes HTTP. `verify` answers 200 for a checked
 * code either way (accepted or rejected is the answer internet banking asked for); other
 * operations answer a refusal with a 4xx.
 */
export function toHttp<T extends object>(result: ActionResult<ServiceResult<T>>, op: string, present: (value: T) => Record<string, unknown>): Response {
  if (!result.ok) {
    const [status, code] = pipelineStatus[result.code];
    return apiError(status, code, result.code === "internal_error" ? result.message : pipelineMessage(result.code), result.fieldErrors ? { fields: Object.keys(result.fieldErrors) } : {});
  }
  const data = result.data;
  if (data.ok) return Response.json({ ok: true, ...present(data as unknown as T) }, { headers: { "cache-control": "no-store" } });
  const body = { reason: data.reason, appError: data.appError, ...(data.lockedNow ? { locked: true } : {}) };
  if (op === "verify" && data.reason !== "rate_limited") {
    return Response.json({ ok: true, result: "rejected", ...body }, { headers: { "cache-control": "no-store" } });
  }
  const headers: HeadersInit = data.reason === "rate_limited" ? { "retry-after": "60" } : {};
  return apiError(refusalStatus[data.reason], data.reason, refusalMessage[data.reason], { appError: data.appError, ...(data.lockedNow ? { locked: true } : {}) }, headers);
}

function pipelineMessage(code: ActionErrorCode): string {
  if (code === "unauthenticated") return "Missing, unknown or revoked API key.";
  if (code === "invalid_input") return "The request body does not match the operation's schema.";
  return "Not allowed.";
}
