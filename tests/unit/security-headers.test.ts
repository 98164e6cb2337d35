import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, isCrossOriginAction, newNonce, strictTransportSecurity } from "@/lib/server/security";

describe("Content-Security-Policy", () => {
  it("is nonce-based with strict-dynamic, and keeps the framing, object, base and form rules", () => {
    const csp = contentSecurityPolicy("abc123", { dev: false, https: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    for (const rule of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]) expect(csp).toContain(rule);
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy("n", { dev: true, https: true })).toMatch(/'unsafe-eval'.*upgrade-insecure-requests/);
  });
  it("nonces are fresh and 128-bit", () => {
    const a = newNonce();
    expect(Buffer.from(a, "base64")).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });
});

describe("HSTS", () => {
  it("only when the portal's URL is https", () => {
    expect(strictTransportSecurity("https://tokendesk.bank.example")).toMatch(/max-age=31536000/);
    expect(strictTransportSecurity("http://localhost:3000")).toBeNull();
    expect(strictTransportSecurity(undefined)).toBeNull();
  });
});

describe("cross-origin server actions", () => {
  const h = (headers: Record<string, string>) => new Headers({ host: "localhost:3000", ...headers });
  it("refuses a Next-Action or form POST whose Origin is another host", () => {
    expect(isCrossOriginAction("POST", "/customers", h({ "next-action": "abc", origin: "https://evil.example" }))).toBe(true);
    expect(isCrossOriginAction("POST", "/customers", h({ "content-type": "multipart/form-data; boundary=x", origin: "https://evil.example" }))).toBe(true);
    expect(isCrossOriginAction("POST", "/customers", h({ "next-action": "abc", origin: "null" }))).toBe(true);
  });
  it("lets same-origin actions, origin-less clients, GETs and API routes through", () => {
    expect(isCrossOriginAction("POST", "/customers", h({ "next-action": "abc", origin: "http://localhost:3000" }))).toBe(false);
    expect(isCrossOriginAction("POST", "/customers", h({ "next-action": "abc", origin: "https://portal.bank", "x-forwarded-host": "portal.bank" }))).toBe(false);
    expect(isCrossOriginAction("POST", "/customers", h({ "next-action": "abc" }))).toBe(false);
    expect(isCrossOriginAction("GET", "/customers", h({ origin: "https://evil.example" }))).toBe(false);
    expect(isCrossOriginAction("POST", "/api/auth/callback/credentials", h({ "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" }))).toBe(false);
    expect(isCrossOriginAction("POST", "/customers", h({ "content-type": "application/json", origin: "https://evil.example" }))).toBe(false);
  });
});
