/**
 * Every security flag of the portal in one place: whether it is served over https (which makes
 * cookies Secure and turns HSTS on), the cookies it sets, the static headers next.config.ts sends
 * and the per-request headers proxy.ts sets. No imports: next.config.ts loads this file before
 * the app's path aliases exist. Pure functions, so their rules are unit-tested.
 */

/** Over https, as NEXTAUTH_URL says: session cookies become `__Secure-`, Secure, and HSTS is sent. */
export function servedOverHttps(publicUrl: string | undefined = process.env.NEXTAUTH_URL): boolean {
  return publicUrl?.startsWith("https://") ?? false;
}

/** next-auth's session cookie, by its name over http and over https. */
export const SESSION_COOKIE = "next-auth.session-token";
export const sessionCookieNames = [SESSION_COOKIE, `__Secure-${SESSION_COOKIE}`] as const;

/** The language choice: not secret, but no script needs it, and it only ever travels same-site. */
export const localeCookieOptions = { httpOnly: true, sameSite: "lax", path: "/", maxAge: 365 * 24 * 3600 } as const;

/**
 * Headers every response carries, build assets included (next.config.ts). The Content-Security-
 * Policy (a nonce per request) and HSTS (only over https, known at run time) are set by proxy.ts.
 */
export const staticSecurityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on a form posted
  // before the page has hydrated, and the server-action Origin check then refuses it.
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Cache-Control", value: "no-store" },
  // An internal portal: robots.txt says Disallow, and this keeps any page that leaks out of indexes.
  { key: "X-Robots-Tag", value: "noindex, nofollow" },
];

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
    // A counter slip is shown once from a blob: URL the page made itself (never a server URL).
    "frame-src blob:",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** HSTS only when the portal is really served over https: over http it would be ignored or break local use. */
export function strictTransportSecurity(publicUrl: string | undefined): string | null {
  return servedOverHttps(publicUrl) ? "max-age=31536000; includeSubDomains" : null;
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
