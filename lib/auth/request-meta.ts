import { randomUUID } from "node:crypto";
import type { AuditChannel } from "@/db/schema";
import type { AuditContext } from "@/lib/audit/append";
import { clientAddress, clientRequestIdOf, parseTrustedProxies, PEER_HEADER, type TrustedProxies } from "./client-address";

let cached: { source: string | undefined; trusted: TrustedProxies } | undefined;

function trustedProxies(): TrustedProxies {
  const source = process.env.TOKENDESK_TRUSTED_PROXIES;
  if (!cached || cached.source !== source) cached = { source, trusted: parseTrustedProxies(source) };
  return cached.trusted;
}

/**
 * Where a request came from, for the audit trail. The address is the socket peer our server puts
 * in x-tokendesk-peer, or — only when that peer is a configured proxy — the nearest untrusted
 * X-Forwarded-For hop (lib/auth/client-address.ts). The request id is always the server's own; a
 * caller's x-request-id is kept apart as clientRequestId when it is a plain id.
 */
export function metaFromHeaders(headers: Headers, channel: AuditChannel): AuditContext & { clientRequestId: string | null } {
  return {
    channel,
    ip: clientAddress(headers.get(PEER_HEADER), headers.get("x-forwarded-for"), trustedProxies()),
    userAgent: headers.get("user-agent"),
    requestId: randomUUID(),
    clientRequestId: clientRequestIdOf(headers.get("x-request-id")),
  };
}
