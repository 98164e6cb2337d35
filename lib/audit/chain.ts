import * as crypto from "node:crypto";
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
 * events sealed before the sequencer existed still verify. This is the reference the sequencer
 * seals with; verification uses computeHashOfText, which the unit tests hold to the same bytes.
 */
export function computeHash(row: HashedFields): string {
  return createHash("sha256").update(row.prevHash).update(canonicalJson(hashInput(row))).digest("hex");
}

/**
 * A chain row as verification reads it: every column as the database's text (null for NULL), in
 * this order. The event columns follow the hash JSON's sorted key order so the row is written out
 * front to back.
 */
export const Col = {
  Seq: 0, PrevHash: 1, Hash: 2, EventId: 3, Xid: 4, OccurredAtMs: 5, Action: 6, ActorId: 7,
  ActorRole: 8, ActorType: 9, Channel: 10, CustomerId: 11, Details: 12, Ip: 13, Outcome: 14,
  Reason: 15, RequestId: 16, TargetStaffId: 17, Ticket: 18, TokenId: 19, UserAgent: 20,
  VerificationId: 21,
} as const;
export type TextRow = ReadonlyArray<string | null>;

/** sha256 hex of one string: the one-shot crypto.hash where Node has it (20.12+), a few times cheaper per row than a Hash object. */
const sha256Hex: (data: string) => string =
  typeof crypto.hash === "function" ? (data) => crypto.hash("sha256", data, "hex") : (data) => createHash("sha256").update(data).digest("hex");

const str = (v: string | null | undefined) => (v === null || v === undefined ? "null" : JSON.stringify(v));

/**
 * computeHash for a TextRow (its event present), without building the event: the same bytes,
 * which the unit tests hold equal to computeHash on many random events. details is the jsonb's
 * text, parsed and written out canonically; occurredAt comes as epoch milliseconds.
 */
export function computeHashOfText(f: TextRow): string {
  const json =
    `{"action":${str(f[Col.Action])},"actorId":${str(f[Col.ActorId])},"actorRole":${str(f[Col.ActorRole])},"actorType":${str(f[Col.ActorType])}` +
    `,"channel":${str(f[Col.Channel])},"customerId":${str(f[Col.CustomerId])},"details":${canonicalJson(JSON.parse(f[Col.Details]!))}` +
    `,"ip":${str(f[Col.Ip])},"occurredAt":"${new Date(Number(f[Col.OccurredAtMs])).toISOString()}","outcome":${str(f[Col.Outcome])}` +
    `,"prevHash":${str(f[Col.PrevHash])},"reason":${str(f[Col.Reason])},"requestId":${str(f[Col.RequestId])},"seq":${Number(f[Col.Seq])}` +
    `,"targetStaffId":${str(f[Col.TargetStaffId])},"ticket":${str(f[Col.Ticket])},"tokenId":${str(f[Col.TokenId])}` +
    `,"userAgent":${str(f[Col.UserAgent])},"verificationId":${str(f[Col.VerificationId])}}`;
  // Hashing prev_hash then the JSON is hashing their concatenation.
  return sha256Hex(f[Col.PrevHash]! + json);
}
