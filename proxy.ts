import { NextResponse, type NextRequest } from "next/server";
import { callbackUrlCookies, portalTarget, redirectRefusedLine } from "@/lib/auth/redirects";
import { contentSecurityPolicy, isCrossOriginAction, newNonce, servedOverHttps, strictTransportSecurity } from "@/lib/server/security";

/**
 * Runs before every page, action and API request (Next 16's name for middleware): refuses
 * cross-origin server-action posts with 403, and sets a nonce-based Content-Security-Policy — on
 * the request, where Next picks the nonce up for its own scripts (x-nonce for ours), and on the
 * response. Keeps a callbackUrl off the portal's origin away from next-auth. Static, per-site
 * headers come from the same module through next.config.ts.
 */
export function proxy(request: NextRequest) {
  if (isCrossOriginAction(request.method, request.nextUrl.pathname, request.headers)) {
    return new NextResponse("Forbidden: cross-origin request", { status: 403, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  }
  const refused = request.nextUrl.pathname.startsWith("/api/auth/") ? refuseForeignCallbacks(request) : null;
  if (refused?.url) {
    // A route handler sees the URL the client sent, whatever a rewrite says: send the client to
    // the same route without the parameter (307 keeps a POST a POST).
    const redirect = NextResponse.redirect(refused.url, 307);
    for (const name of refused.cookies) redirect.cookies.set(name, "", { path: "/", maxAge: 0, secure: name.startsWith("__Secure-") });
    return redirect;
  }
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https: servedOverHttps() });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  if (refused?.cookies.length) {
    const kept = request.cookies.getAll().filter((c) => !refused.cookies.includes(c.name));
    requestHeaders.set("cookie", kept.map((c) => `${c.name}=${encodeURIComponent(c.value)}`).join("; "));
  }
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const name of refused?.cookies ?? []) response.cookies.set(name, "", { path: "/", maxAge: 0, secure: name.startsWith("__Secure-") });
  response.headers.set("content-security-policy", csp);
  const hsts = strictTransportSecurity(process.env.NEXTAUTH_URL);
  if (hsts) response.headers.set("strict-transport-security", hsts);
  return response;
}

/**
 * next-auth checks a callbackUrl in the query or in its cookie before any callback of ours runs,
 * and answers one it cannot parse with a 500 and a log line quoting it. So none that leaves the
 * portal reaches it: such a query parameter is dropped (a redirect to the same route without it),
 * such a cookie is dropped from the request and deleted in the browser, each with one log line. A
 * callbackUrl in a form body goes through the `redirect` callback (lib/auth/options.ts).
 */
function refuseForeignCallbacks(request: NextRequest): { url: URL | null; cookies: string[] } {
  const portal = process.env.NEXTAUTH_URL || request.nextUrl.origin;
  const refusal = (source: "query" | "cookie", value: string): boolean => {
    if (value === "") return false;
    const target = portalTarget(value, portal);
    if (target.ok) return false;
    console.warn(redirectRefusedLine(source, target));
    return true;
  };
  let url: URL | null = null;
  if (request.nextUrl.searchParams.getAll("callbackUrl").filter((value) => refusal("query", value)).length > 0) {
    const clean = request.nextUrl.clone();
    clean.searchParams.delete("callbackUrl");
    url = new URL(`${clean.pathname}${clean.search}`, portal);
  }
  const cookies: string[] = callbackUrlCookies.filter((name) => {
    const value = request.cookies.get(name)?.value;
    return value !== undefined && refusal("cookie", value);
  });
  return { url, cookies };
}

export const config = {
  // Everything but build assets, which carry the static headers of next.config.ts.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
