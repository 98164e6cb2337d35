import { createHash } from "node:crypto";
import type { AuditEvent } from "@/db/schema";
import { canonicalJson } from "./canonical";

export const GENESIS_HASH = "0".repeat(64);

export type HashedFields = Omit<AuditEvent, "hash">;

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

/** hash = sha256(prev_hash || canonical_json(row)). */
export function computeHash(row: HashedFields): string {
  return createHash("sha256").update(row.prevHash).update(canonicalJson(hashInput(row))).digest("hex");
}
