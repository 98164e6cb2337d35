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

/** hashInput's keys in canonical (code-unit) order, so hashing does not sort them per event. */
const HASHED_KEYS = Object.keys(hashInput({ occurredAt: new Date(0) } as HashedFields)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * hash = sha256(prev_hash || canonical_json(event fields + seq + prev_hash)). prev_hash is inside
 * the JSON too: that is the format events had when they carried their own chain position, so
 * events sealed before the sequencer existed still verify. Equal to
 * canonicalJson(hashInput(row)), written out key by key because verification hashes every event.
 */
export function computeHash(row: HashedFields): string {
  const input = hashInput(row);
  let json = "{";
  for (const key of HASHED_KEYS) {
    const value = input[key];
    if (value === undefined) continue;
    json += `${json.length > 1 ? "," : ""}"${key}":${canonicalJson(value)}`;
  }
  return createHash("sha256").update(row.prevHash).update(`${json}}`).digest("hex");
}
