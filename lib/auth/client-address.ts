import { BlockList, isIP } from "node:net";

/**
 * Which address the audit trail records for a request. The socket peer is the truth; forwarding
 * headers are believed only when that peer is one of the bank's proxies (TOKENDESK_TRUSTED_PROXIES,
 * comma-separated IPs or CIDRs). Default: no proxy is trusted, not even loopback — a same-host
 * reverse proxy must be listed (127.0.0.1, ::1), otherwise any local process could forge addresses.
 */

/** Set by our HTTP server (lib/server/serve.mjs) from the socket on every request, client's value replaced. */
export const PEER_HEADER = "x-tokendesk-peer";

export class TrustedProxyConfigError extends Error {
  override name = "TrustedProxyConfigError";
}

/** A bare IP: IPv4-mapped IPv6 as IPv4, ports and brackets removed; null when it is not an IP. */
export function normaliseAddress(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let a = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(":"));
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(a);
  if (mapped) a = mapped[1]!;
  return isIP(a) ? a.toLowerCase() : null;
}

export interface TrustedProxies {
  has(address: string): boolean;
}

/** Parses "10.0.0.0/8, 192.0.2.1, ::1"; an entry that is not an IP or CIDR is a configuration error. */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const list = new BlockList();
  for (const entry of (value ?? "").split(",").map((e) => e.trim()).filter(Boolean)) {
    const [addr, prefix, extra] = entry.split("/");
    const ip = normaliseAddress(addr);
    const family = ip ? (isIP(ip) === 4 ? "ipv4" : "ipv6") : null;
    const bits = prefix === undefined ? null : Number(prefix);
    if (!ip || !family || extra !== undefined || (bits !== null && (!/^\d+$/.test(prefix!) || bits > (family === "ipv4" ? 32 : 128)))) {
      throw new TrustedProxyConfigError(`TOKENDESK_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR`);
    }
    if (bits === null) list.addAddress(ip, family);
    else list.addSubnet(ip, bits, family);
  }
  return { has: (address) => list.check(address, isIP(address) === 4 ? "ipv4" : "ipv6") };
}

/**
 * The client's address: the peer itself unless it is a trusted proxy; then X-Forwarded-For read
 * from the right, skipping trusted proxies, up to the first address that is not one. A malformed
 * entry stops the walk (everything left of it is the client's own claim): the last trusted hop
 * is recorded instead. With no peer known (not served by our server) nothing is believed.
 */
export function clientAddress(peer: string | null, forwardedFor: string | null, trusted: TrustedProxies): string | null {
  const socket = normaliseAddress(peer);
  if (!socket) return null;
  if (!trusted.has(socket)) return socket;
  let nearest = socket;
  const hops = (forwardedFor ?? "").split(",").map((h) => h.trim()).filter(Boolean).reverse();
  for (const hop of hops) {
    const address = normaliseAddress(hop);
    if (!address) return nearest;
    if (!trusted.has(address)) return address;
    nearest = address;
  }
  return nearest;
}

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** A caller's own x-request-id, kept only as a correlating detail and only if it is plainly an id. */
export function clientRequestIdOf(value: string | null): string | null {
  return value && CLIENT_REQUEST_ID.test(value) ? value : null;
}
