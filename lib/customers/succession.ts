import { z } from "zod";

/**
 * One token taking another's place, read from the one audit event that made both changes: the
 * counter's replacement (token.replace), a supervisor's approval of a phone request
 * (approval.approve), the back office's replacement (token.issue naming the token it revoked) and
 * an exchange (token.exchange). Typed readers of the events' details (lib/audit/vocabulary.ts), so
 * a details shape the history does not know is no succession rather than a half-read one.
 */
export interface Succession {
  /** How the old token went: revoked by a replacement, revoked on a supervisor's approval, or to go on the new one's activation. */
  how: "replaced" | "approved" | "exchange" | "exchangeCompleted";
  old: { tokenId: string | null; serial: string };
  new: { tokenId: string | null; serial: string };
}

const replacedAtDesk = z.object({ outcome: z.literal("replaced"), serial: z.string(), newTokenId: z.string(), newSerial: z.string() });
/** An approval recorded before it named the new token's id carried the new token as its subject. */
const approved = z.object({ kind: z.literal("replacement"), serial: z.string(), newSerial: z.string(), newTokenId: z.string().optional() });
const replacedByBackOffice = z.object({ serial: z.string(), replacedTokenId: z.string(), replacedSerial: z.string() });
const exchanged = z.object({ result: z.literal("accepted"), serial: z.string(), newTokenId: z.string(), newSerial: z.string() });
/** The new token's activation, which revoked the exchange's old token in the same event. */
const exchangeCompleted = z.object({ result: z.literal("accepted"), serial: z.string(), retiredSerials: z.array(z.string()).length(1) });

/** The succession a successful event records, with the token ids it names (null: to be found by serial). */
export function successionOf(row: { action: string; outcome: string; tokenId: string | null; details: unknown }): Succession | null {
  if (row.outcome !== "success") return null;
  switch (row.action) {
    case "token.replace": {
      const d = replacedAtDesk.safeParse(row.details);
      return d.success ? { how: "replaced", old: { tokenId: row.tokenId, serial: d.data.serial }, new: { tokenId: d.data.newTokenId, serial: d.data.newSerial } } : null;
    }
    case "approval.approve": {
      const d = approved.safeParse(row.details);
      if (!d.success) return null;
      const { newTokenId } = d.data;
      return { how: "approved", old: { tokenId: newTokenId ? row.tokenId : null, serial: d.data.serial }, new: { tokenId: newTokenId ?? row.tokenId, serial: d.data.newSerial } };
    }
    case "token.issue": {
      const d = replacedByBackOffice.safeParse(row.details);
      return d.success ? { how: "replaced", old: { tokenId: d.data.replacedTokenId, serial: d.data.replacedSerial }, new: { tokenId: row.tokenId, serial: d.data.serial } } : null;
    }
    case "token.exchange": {
      const d = exchanged.safeParse(row.details);
      return d.success ? { how: "exchange", old: { tokenId: row.tokenId, serial: d.data.serial }, new: { tokenId: d.data.newTokenId, serial: d.data.newSerial } } : null;
    }
    case "token_service.activate": {
      const d = exchangeCompleted.safeParse(row.details);
      return d.success ? { how: "exchangeCompleted", old: { tokenId: null, serial: d.data.retiredSerials[0]! }, new: { tokenId: row.tokenId, serial: d.data.serial } } : null;
    }
    default:
      return null;
  }
}
