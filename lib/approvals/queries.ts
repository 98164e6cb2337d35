import { aliasedTable, and, asc, count, desc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import { approvalRequests, customers, identityVerifications, staff, tokens, type RiskFlag } from "@/db/schema";
import { defineQuery } from "@/lib/actions/query";
import { can } from "@/lib/auth/permissions";
import { DAY } from "@/lib/time/clock";

const noInput = z.object({});

/** One request as the approver reads it: people and things by name, never an id but the row's own. */
export interface QueueRow {
  id: string;
  kind: "replacement" | "emergency_code";
  /** "expired" when its time ran out, whatever the row still says. */
  state: "pending" | "expired";
  createdAt: string;
  expiresAt: string;
  requesterName: string;
  requesterRole: string;
  customerId: string;
  contractId: string;
  customerName: string;
  serial: string | null;
  revokeReason: string | null;
  note: string;
  verificationMethod: "phone" | "in_person";
  verifiedAt: string;
  verifiedBy: string;
  riskFlags: RiskFlag[];
  /** The viewer filed it: they may not decide it (the server refuses it anyway). */
  mine: boolean;
  [key: string]: unknown;
}

const verifier = aliasedTable(staff, "verifier");

/**
 * The supervisor's approvals queue: every request still pending, oldest first, with the evidence
 * its requester gathered (how, when and by whom the caller was verified) and why it was flagged.
 * It shows customers' names, so each look is audited (how many requests were shown).
 */
export const approvalQueueQuery = defineQuery({
  name: "approval.queue",
  permission: "approval.decide",
  input: noInput,
  audit: (_input, rows: QueueRow[]) => ({ details: { hits: rows.length } }),
  async run({ db, now, principal }): Promise<QueueRow[]> {
    const rows = await db
      .select({
        r: approvalRequests,
        requesterName: staff.displayName,
        contractId: customers.contractId,
        customerName: customers.nameKanji,
        serial: tokens.serial,
        verifiedAt: identityVerifications.createdAt,
        verifiedBy: verifier.displayName,
      })
      .from(approvalRequests)
      .innerJoin(staff, eq(staff.id, approvalRequests.requestedBy))
      .innerJoin(customers, eq(customers.id, approvalRequests.customerId))
      .innerJoin(identityVerifications, eq(identityVerifications.id, approvalRequests.verificationId))
      .innerJoin(verifier, eq(verifier.id, identityVerifications.staffId))
      .leftJoin(tokens, eq(tokens.id, approvalRequests.tokenId))
      .where(eq(approvalRequests.status, "pending"))
      .orderBy(asc(approvalRequests.createdAt))
      .limit(500);
    return rows.map(({ r, ...x }) => ({
      id: r.id,
      kind: r.kind,
      state: r.expiresAt <= now ? "expired" : "pending",
      createdAt: r.createdAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      requesterName: x.requesterName,
      requesterRole: r.requesterRole,
      customerId: r.customerId,
      contractId: x.contractId,
      customerName: x.customerName,
      serial: x.serial ?? null,
      revokeReason: r.revokeReason,
      note: r.note,
      verificationMethod: r.verificationMethod,
      verifiedAt: x.verifiedAt.toISOString(),
      verifiedBy: x.verifiedBy,
      riskFlags: r.riskFlags,
      mine: r.requestedBy === principal.staff?.id,
    }));
  },
});

export interface DecidedRow {
  id: string;
  kind: "replacement" | "emergency_code";
  status: "approved" | "rejected";
  decidedAt: string;
  deciderName: string;
  decisionReason: string | null;
  contractId: string;
}

/** How far back a requester is shown the decisions on their requests. */
export const DECISIONS_SHOWN_MS = DAY;

/**
 * What the home page tells each staff member about four-eyes requests: a supervisor, how many wait
 * (not yet expired); everyone, the decisions on their own requests of the last day — so a
 * requester learns of an approval or rejection on their next page load.
 */
export const approvalInboxQuery = defineQuery({
  name: "approval.inbox",
  permission: "desk.home",
  input: noInput,
  async run({ db, now, principal }): Promise<{ waiting: number | null; decided: DecidedRow[] }> {
    const me = principal.staff;
    if (!me) return { waiting: null, decided: [] };
    let waiting: number | null = null;
    if (can(principal.role, "approval.decide")) {
      const [row] = await db.select({ n: count() }).from(approvalRequests).where(and(eq(approvalRequests.status, "pending"), gt(approvalRequests.expiresAt, now)));
      waiting = row?.n ?? 0;
    }
    const decider = aliasedTable(staff, "decider");
    const rows = await db
      .select({ r: approvalRequests, deciderName: decider.displayName, contractId: customers.contractId })
      .from(approvalRequests)
      .innerJoin(decider, eq(decider.id, approvalRequests.decidedBy))
      .innerJoin(customers, eq(customers.id, approvalRequests.customerId))
      .where(and(eq(approvalRequests.requestedBy, me.id), gt(approvalRequests.decidedAt, new Date(now.getTime() - DECISIONS_SHOWN_MS))))
      .orderBy(desc(approvalRequests.decidedAt))
      .limit(20);
    return {
      waiting,
      decided: rows.map(({ r, deciderName, contractId }) => ({
        id: r.id, kind: r.kind, status: r.status as "approved" | "rejected", decidedAt: r.decidedAt!.toISOString(), deciderName, decisionReason: r.decisionReason, contractId,
      })),
    };
  },
});
