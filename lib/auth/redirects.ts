/**
 * Where sign-in and sign-out may send a browser: the portal's own origin, nothing else. A caller
 * chooses the target (next-auth's `callbackUrl`, in the query, the form or its cookie), so it is
 * parsed here without ever throwing, and a refusal is logged as one short line that carries
 * neither the caller's string nor a stack. No imports: proxy.ts uses it too.
 */

export type PortalTarget = { ok: true; url: string } | { ok: false; reason: "other_origin" | "malformed"; scheme?: string; host?: string };

/** next-auth's callback-url cookie, by its name over http and over https. */
export const callbackUrlCookies = ["next-auth.callback-url", "__Secure-next-auth.callback-url"] as const;

/**
 * `value` as a URL on the portal (`baseUrl`'s origin), or why not. Only a path ("/…") is read
 * against the portal; anything else must be a whole http(s) URL of the same origin. The URL is
 * rebuilt from its parts, so no user-info rides along and the path never starts with "//" (which a
 * later relative redirect would read as another host).
 */
export function portalTarget(value: string, baseUrl: string): PortalTarget {
  let base: URL;
  let target: URL;
  try {
    base = new URL(baseUrl);
    // "/\evil.example" and "//evil.example" resolve to another host here, and are refused below.
    target = value.startsWith("/") ? new URL(value, base) : new URL(value);
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (target.origin !== base.origin) return { ok: false, reason: "other_origin", scheme: target.protocol.slice(0, 16), host: target.host.slice(0, 64) || undefined };
  return { ok: true, url: `${base.origin}${target.pathname.replace(/^\/+/, "/")}${target.search}${target.hash}` };
}

/**
 * The one log line of a refused target: where it came from, why, and for another origin its
 * scheme and host (cut short, JSON-escaped) — never its path or query, which the caller wrote.
 */
export function redirectRefusedLine(source: "query" | "cookie" | "redirect", refusal: Extract<PortalTarget, { ok: false }>): string {
  return JSON.stringify({ level: "warn", event: "redirect_refused", source, reason: refusal.reason, scheme: refusal.scheme, host: refusal.host });
}
