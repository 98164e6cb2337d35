import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, isCrossOriginAction, newNonce, servedOverHttps, strictTransportSecurity } from "@/lib/server/security";

/**
 * Runs before every page, action and API request (Next 16's name for middleware): refuses
 * cross-origin server-action posts with 403, and sets a nonce-based Content-Security-Policy — on
 * the request, where Next picks the nonce up for its own scripts (x-nonce for ours), and on the
 * response. Static, per-site headers come from the same module through next.config.ts.
 */
export function proxy(request: NextRequest) {
  if (isCrossOriginAction(request.method, request.nextUrl.pathname, request.headers)) {
    return new NextResponse("Forbidden: cross-origin request", { status: 403, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  }
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https: servedOverHttps() });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  const hsts = strictTransportSecurity(process.env.NEXTAUTH_URL);
  if (hsts) response.headers.set("strict-transport-security", hsts);
  return response;
}

export const config = {
  // Everything but build assets, which carry the static headers of next.config.ts.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
