import { createHash } from "node:crypto";
import type { AuditEvent } from "@/db/schema";
import { canonicalJson } from "./canonical";

export const GENESIS_HASH = "0".repeat(64);

/** What an event says, without its storage identity (id, xid): the fields the hash covers. */
export type EventFields = Omit<AuditEvent, "id" | "xid">;

/** An event at its chain position. */
export type HashedFields = EventFields & { seq: number; prevHash: string };

/** The fields the hash covers, in a fixed form independent of how the driver returned them. */
export function hashInput(row: HashedFields): Record<string, unknown> {
  return {
    seq: row.seq,
    occurredAt: new Date(row.occurredAt),
    actorType: row.actorType,
    actorId: row.actorId,
    actorRole: row.actorRole,
    action: row.action,
    outcome: row.outcome,
    reason: row.reason,
    ticket: row.ticket,
    customerId: row.customerId,
    tokenId: row.tokenId,
    targetStaffId: row.targetStaffId,
    verificationId: row.verificationId,
    channel: row.channel,
    ip: row.ip,
    userAgent: row.userAgent,
    requestId: row.requestId,
    details: row.details,
    prevHash: row.prevHash,
  };
}

/**
 * hash = sha256(prev_hash || canonical_json(event fields + seq + prev_hash)). prev_hash is inside
 * the JSON too: that is the format events had when they carried their own chain position, so
 * events sealed before the sequencer existed still verify. The JSON is canonicalJson(hashInput(row)),
 * written out key by key in sorted order because verification hashes every event (the unit tests
 * hold the two equal).
 */
export function computeHash(row: HashedFields): string {
  const f = (key: string, value: unknown, first = false) => (value === undefined ? "" : `${first ? "" : ","}"${key}":${canonicalJson(value)}`);
  const json =
    "{" +
    f("action", row.action, true) +
    f("actorId", row.actorId) +
    f("actorRole", row.actorRole) +
    f("actorType", row.actorType) +
    f("channel", row.channel) +
    f("customerId", row.customerId) +
    f("details", row.details) +
    f("ip", row.ip) +
    `,"occurredAt":${JSON.stringify(new Date(row.occurredAt).toISOString())}` +
    f("outcome", row.outcome) +
    f("prevHash", row.prevHash) +
    f("reason", row.reason) +
    f("requestId", row.requestId) +
    f("seq", row.seq) +
    f("targetStaffId", row.targetStaffId) +
    f("ticket", row.ticket) +
    f("tokenId", row.tokenId) +
    f("userAgent", row.userAgent) +
    f("verificationId", row.verificationId) +
    "}";
  return createHash("sha256").update(row.prevHash).update(json).digest("hex");
}
