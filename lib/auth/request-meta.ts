import { randomUUID } from "node:crypto";
import type { AuditChannel } from "@/db/schema";
import type { AuditContext } from "@/lib/audit/append";

/**
 * Where a request came from, for the audit trail. X-Forwarded-For is taken as set by the bank's
 * load balancer; the first address is the client.
 */
export function metaFromHeaders(headers: Headers, channel: AuditChannel): AuditContext {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return {
    channel,
    ip: forwarded || headers.get("x-real-ip") || null,
    userAgent: headers.get("user-agent"),
    requestId: headers.get("x-request-id") ?? randomUUID(),
  };
}
