/**
 * The per-request security headers proxy.ts sets. Pure functions, so their rules are unit-tested.
 */

/** A fresh, unguessable CSP nonce (128 bits, base64). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Nonce-based CSP. Next reads the nonce from this header on the request and puts it on its own
 * scripts; 'strict-dynamic' lets those load the rest of the bundle, and nothing else runs. Styles
 * come from the stylesheet Next links ('self') and nonce'd <style> tags; no inline style
 * attributes are used, so 'unsafe-inline' is not needed. Development needs 'unsafe-eval': React
 * rebuilds server error stacks in the browser with eval.
 */
export function contentSecurityPolicy(nonce: string, options: { dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    // The authenticator enrolment QR code is a data: URL.
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** HSTS only when the portal is really served over https: over http it would be ignored or break local use. */
export function strictTransportSecurity(publicUrl: string | undefined): string | null {
  return publicUrl?.startsWith("https://") ? "max-age=31536000; includeSubDomains" : null;
}

/**
 * A browser POST that Next would treat as a server action (Next-Action header, or a form post to a
 * page) whose Origin is not this host. Next refuses it too, but answers 500 and logs an error; the
 * proxy answers 403 first. Same comparison as Next: Origin's host against the first
 * X-Forwarded-Host, else Host. No Origin (not a browser) is left to Next. /api/ routes are not
 * server actions (next-auth's form posts carry its own CSRF token).
 */
export function isCrossOriginAction(method: string, pathname: string, headers: Headers): boolean {
  if (method !== "POST" || pathname.startsWith("/api/")) return false;
  const contentType = headers.get("content-type") ?? "";
  const possibleAction = headers.has("next-action") || contentType.startsWith("multipart/form-data") || contentType === "application/x-www-form-urlencoded";
  if (!possibleAction) return false;
  const origin = headers.get("origin");
  if (origin === null) return false;
  let originHost: string;
  try {
    originHost = origin === "null" ? "null" : new URL(origin).host;
  } catch {
    return true;
  }
  const forwardedHost = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  const host = headers.get("host");
  return originHost !== forwardedHost && originHost !== host;
}
