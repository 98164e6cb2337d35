import { and, asc, desc, eq, gt, isNotNull, isNull } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { customers, registeredEmails, tokens, type Customer } from "@/db/schema";
import { maskEmail, maskPhone } from "@/lib/audit/redact";
import { liveVerification, recentFailures } from "@/lib/verification/live";
import { MAX_FAILED_ATTEMPTS } from "@/lib/verification/policy";
import { summariseToken, type TokenSummary } from "./tokens";
import { newTokenFrom } from "@/lib/tokens/desk-rules";
import { buildTimeline, timelineEvents, type TokenTimeline } from "./timeline";
import { customerHistory, type DeskHistoryPage } from "./history";
import { emailState, type EmailState } from "@/lib/emails/state";
import { approvalRequests, type RiskFlag } from "@/db/schema";
import { replacementRiskFlags } from "@/lib/tokens/replace";
import { tokensAwaiting, waitingRequests } from "@/lib/tokens/awaiting-approval";

export interface CustomerIdentity {
  contractId: string;
  nameKanji: string;
  nameKana: string;
  /** The rest is masked until this staff member has verified the caller. */
  birthDate: string;
  phone: string;
  branch: string;
  accountNumber: string;
  postalCode: string;
  address: string;
}

export interface CustomerView {
  id: string;
  /** The server's time of this view, so the countdown does not trust the browser's clock. */
  at: string;
  verified: boolean;
  identity: CustomerIdentity;
  verification: { id: string; method: "phone" | "in_person"; expiresAt: string } | null;
  blockedAt: string | null;
  recentFailures: number;
  maxFailures: number;
  /** Live addresses, oldest first; `confirmBy` is the code's deadline while one is waiting. */
  emails: Array<{ id: string; address: string; createdAt: string; state: EmailState; confirmBy: string | null }>;
  tokens: TokenSummary[];
  /** After a cancellation, the first moment a new token may be issued (null: no wait). */
  newTokenFrom: string | null;
  /** One page of the call history (応対履歴). */
  history: DeskHistoryPage;
  /** Every token ever bound to the customer, with what happened to it and who did it. */
  timeline: TokenTimeline[];
  /** Why a replacement now deserves a second look (recent e-mail change, repeat replacement). */
  riskFlags: RiskFlag[];
  /** Four-eyes requests still waiting for a supervisor, and until when (ISO). */
  pending: { replacement: string | null; emergencyCode: string | null };
  /** What became of the customer's emergency-code requests, so the desk can tell the caller without asking twice. */
  emergencyCode: EmergencyCodeStatus;
}

/**
 * The newest emergency-code request as the desk tells it: waiting, not approved in time, rejected,
 * or issued — when it was mailed, until when it works and whether it was used. Never the code or
 * its hash: the code is the customer's secret.
 */
export type EmergencyCodeRequestState =
  | { state: "pending"; requestedAt: string; approveBy: string }
  | { state: "not_approved"; requestedAt: string }
  | { state: "rejected"; requestedAt: string; decidedAt: string }
  | { state: "issued"; requestedAt: string; sentAt: string; validUntil: string; usedAt: string | null; lapsed: boolean };

export interface EmergencyCodeStatus {
  latest: EmergencyCodeRequestState | null;
  /** Codes the customer may still type (approved, unused, unexpired), newest first: each mail promised its own for a day. */
  valid: Array<{ sentAt: string; validUntil: string }>;
}

const HIDDEN = "••••";

function identityOf(c: Customer, verified: boolean): CustomerIdentity {
  const shown = { contractId: c.contractId, nameKanji: c.nameKanji, nameKana: c.nameKana };
  if (verified) {
    return { ...shown, birthDate: c.birthDate, phone: c.phone, branch: `${c.branchName}（${c.branchCode}）`, accountNumber: c.accountNumber, postalCode: c.postalCode, address: c.address };
  }
  return { ...shown, birthDate: HIDDEN, phone: maskPhone(c.phone), branch: c.branchName, accountNumber: `***${c.accountNumber.slice(-3)}`, postalCode: HIDDEN, address: HIDDEN };
}

export async function loadCustomer(db: Queryable, customerId: string): Promise<Customer | null> {
  const [row] = await db.select().from(customers).where(eq(customers.id, customerId)).limit(1);
  return row ?? null;
}

/** Everything the desk sees about one customer, for one staff member at one moment, with one page of its history. */
export async function loadCustomerView(db: Queryable, customer: Customer, staffId: string, now: Date, history: { page?: number; asOf?: number } = {}): Promise<CustomerView> {
  const live = await liveVerification(db, staffId, customer.id, "verified", now);
  const verified = live !== null;
  const [emailRows, tokenRows, historyPage, failures, lifecycle, waiting] = await Promise.all([
    db.select().from(registeredEmails).where(and(eq(registeredEmails.customerId, customer.id), isNull(registeredEmails.deletedAt))).orderBy(asc(registeredEmails.createdAt)),
    db.select().from(tokens).where(eq(tokens.customerId, customer.id)).orderBy(desc(tokens.issuedAt)),
    customerHistory(db, customer.id, history),
    recentFailures(db, customer, now),
    timelineEvents(db, customer.id),
    waitingRequests(db, customer.id, now),
  ]);
  const awaiting = tokensAwaiting(waiting);
  const { timeline, clockSkew } = buildTimeline(lifecycle, tokenRows, now);
  const [riskFlags, emergencyCode] = await Promise.all([replacementRiskFlags(db, customer.id, now), emergencyCodeStatus(db, customer.id, now)]);
  const until = (kind: "replacement" | "emergency_code") => waiting.find((w) => w.kind === kind)?.expiresAt.toISOString() ?? null;
  return {
    id: customer.id,
    at: now.toISOString(),
    verified,
    identity: identityOf(customer, verified),
    verification: live ? { id: live.id, method: live.method, expiresAt: live.expiresAt.toISOString() } : null,
    blockedAt: customer.verificationBlockedAt?.toISOString() ?? null,
    recentFailures: failures,
    maxFailures: MAX_FAILED_ATTEMPTS,
    emails: emailRows.map((e) => ({ id: e.id, address: verified ? e.address : maskEmail(e.address), createdAt: e.createdAt.toISOString(), state: emailState(e, now), confirmBy: e.confirmedAt ? null : (e.confirmExpiresAt?.toISOString() ?? null) })),
    tokens: tokenRows.map((t) => summariseToken(t, now, { clockSkewSuspected: clockSkew.has(t.id), awaitingApproval: awaiting.has(t.id) })),
    newTokenFrom: newTokenFrom(tokenRows.flatMap((t) => (t.revokeReason === "cancelled" && t.revokedAt ? [t.revokedAt] : [])), now)?.toISOString() ?? null,
    history: historyPage,
    timeline,
    riskFlags,
    pending: { replacement: until("replacement"), emergencyCode: until("emergency_code") },
    emergencyCode,
  };
}

/** Reads only times and the decision: the code's hash is not even selected. */
export async function emergencyCodeStatus(db: Queryable, customerId: string, now: Date): Promise<EmergencyCodeStatus> {
  const ofCustomer = and(eq(approvalRequests.customerId, customerId), eq(approvalRequests.kind, "emergency_code"));
  const times = {
    status: approvalRequests.status,
    createdAt: approvalRequests.createdAt,
    expiresAt: approvalRequests.expiresAt,
    decidedAt: approvalRequests.decidedAt,
    codeExpiresAt: approvalRequests.codeExpiresAt,
    codeUsedAt: approvalRequests.codeUsedAt,
  };
  const [[latest], valid] = await Promise.all([
    db.select(times).from(approvalRequests).where(ofCustomer).orderBy(desc(approvalRequests.createdAt)).limit(1),
    // The same codes the token-service check accepts, in the order it tries them.
    db
      .select({ decidedAt: approvalRequests.decidedAt, codeExpiresAt: approvalRequests.codeExpiresAt })
      .from(approvalRequests)
      .where(and(ofCustomer, eq(approvalRequests.status, "approved"), isNull(approvalRequests.codeUsedAt), gt(approvalRequests.codeExpiresAt, now), isNotNull(approvalRequests.codeHash)))
      .orderBy(desc(approvalRequests.decidedAt)),
  ]);
  return {
    latest: latest ? requestState(latest, now) : null,
    valid: valid.map((v) => ({ sentAt: v.decidedAt!.toISOString(), validUntil: v.codeExpiresAt!.toISOString() })),
  };
}

function requestState(r: { status: string; createdAt: Date; expiresAt: Date; decidedAt: Date | null; codeExpiresAt: Date | null; codeUsedAt: Date | null }, now: Date): EmergencyCodeRequestState {
  const requestedAt = r.createdAt.toISOString();
  if (r.status === "approved" && r.decidedAt && r.codeExpiresAt) {
    return { state: "issued", requestedAt, sentAt: r.decidedAt.toISOString(), validUntil: r.codeExpiresAt.toISOString(), usedAt: r.codeUsedAt?.toISOString() ?? null, lapsed: !r.codeUsedAt && r.codeExpiresAt <= now };
  }
  if (r.status === "rejected" && r.decidedAt) return { state: "rejected", requestedAt, decidedAt: r.decidedAt.toISOString() };
  // A pending row past its deadline is as good as expired: the queue reads the clock, not the status.
  if (r.status === "pending" && r.expiresAt > now) return { state: "pending", requestedAt, approveBy: r.expiresAt.toISOString() };
  return { state: "not_approved", requestedAt };
}
