import { describe, expect, it } from "vitest";
import { clientAddress, clientRequestIdOf, normaliseAddress, parseTrustedProxies } from "@/lib/auth/client-address";
import { metaFromHeaders } from "@/lib/auth/request-meta";

const none = parseTrustedProxies(undefined);
const lb = parseTrustedProxies("10.0.0.0/8, 192.0.2.1, ::1, fd00::/8");

describe("normaliseAddress", () => {
  it.each([
    ["203.0.113.5", "203.0.113.5"],
    [" ::ffff:127.0.0.1 ", "127.0.0.1"],
    ["203.0.113.5:51234", "203.0.113.5"],
    ["[2001:DB8::1]:443", "2001:db8::1"],
    ["2001:db8::1", "2001:db8::1"],
    ["unknown", null],
    ["<script>", null],
    ["", null],
  ])("%s → %s", (raw, expected) => expect(normaliseAddress(raw)).toBe(expected));
});

describe("parseTrustedProxies", () => {
  it("accepts IPs and CIDRs of both families", () => {
    expect(lb.has("10.200.3.4")).toBe(true);
    expect(lb.has("192.0.2.1")).toBe(true);
    expect(lb.has("192.0.2.2")).toBe(false);
    expect(lb.has("::1")).toBe(true);
    expect(lb.has("fd12::5")).toBe(true);
    expect(lb.has("2001:db8::1")).toBe(false);
  });
  it("trusts nothing by default, not even loopback", () => {
    expect(none.has("127.0.0.1")).toBe(false);
    expect(none.has("::1")).toBe(false);
  });
  it.each(["10.0.0.0/33", "lb.internal", "10.0.0.1/8/2", "::1/129", "10.0.0.0/x"])("refuses %s", (entry) => {
    expect(() => parseTrustedProxies(entry)).toThrow(/TOKENDESK_TRUSTED_PROXIES/);
  });
});

describe("clientAddress", () => {
  it("without a trusted proxy the socket peer is the client, whatever X-Forwarded-For says", () => {
    expect(clientAddress("198.51.100.9", "203.0.113.66", none)).toBe("198.51.100.9");
    expect(clientAddress("::ffff:127.0.0.1", "203.0.113.66", none)).toBe("127.0.0.1");
  });
  it("behind a trusted proxy: the right-most address that is not a trusted proxy", () => {
    // The client forged "1.2.3.4" at the left; the LB appended the real client 203.0.113.7.
    expect(clientAddress("10.0.0.5", "1.2.3.4, 203.0.113.7", lb)).toBe("203.0.113.7");
    // Two proxy hops inside the bank.
    expect(clientAddress("10.0.0.5", "1.2.3.4, 203.0.113.7, 10.1.1.1", lb)).toBe("203.0.113.7");
  });
  it("a malformed hop stops the walk at the last trusted address", () => {
    expect(clientAddress("10.0.0.5", "203.0.113.7, garbage", lb)).toBe("10.0.0.5");
    expect(clientAddress("10.0.0.5", "203.0.113.7, garbage, 10.1.1.1", lb)).toBe("10.1.1.1");
  });
  it("a request from a proxy itself, with nothing forwarded, is the proxy", () => {
    expect(clientAddress("10.0.0.5", null, lb)).toBe("10.0.0.5");
    expect(clientAddress("10.0.0.5", "10.1.1.1", lb)).toBe("10.1.1.1");
  });
  it("with no peer known (not behind our server) nothing is believed", () => {
    expect(clientAddress(null, "203.0.113.66", lb)).toBeNull();
  });
});

describe("request ids", () => {
  it("keeps a caller's id only when it is a plain id", () => {
    expect(clientRequestIdOf("ib-2026-11-22:abc_1.2")).toBe("ib-2026-11-22:abc_1.2");
    expect(clientRequestIdOf("x".repeat(65))).toBeNull();
    expect(clientRequestIdOf("a b")).toBeNull();
    expect(clientRequestIdOf("<script>")).toBeNull();
    expect(clientRequestIdOf(null)).toBeNull();
  });
  it("metaFromHeaders: the server's own request id always, the caller's apart; forged X-Forwarded-For and X-Real-IP ignored", () => {
    const meta = metaFromHeaders(new Headers({ "x-request-id": "forged-1", "x-forwarded-for": "203.0.113.66", "x-real-ip": "203.0.113.67", "x-tokendesk-peer": "198.51.100.9" }), "api");
    expect(meta.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(meta.requestId).not.toBe("forged-1");
    expect(meta.clientRequestId).toBe("forged-1");
    expect(meta.ip).toBe("198.51.100.9");
  });
});
