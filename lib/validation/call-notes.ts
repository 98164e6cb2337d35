import type { AuditFacts } from "@/lib/actions/types";
import { uuidField } from "./identifiers";
import { reasonField, text } from "./text";

/**
 * What a staff member writes about the call beside a change: the call memo (応対メモ), free text
 * kept with the audit event and shown in the customer's history, and the ticket number of the
 * bank's inquiry system. Both optional; an empty field counts as not given.
 */
export const memoField = text({ multiline: true }).trim().max(500).optional().transform((v) => (v ? v : undefined));
export const ticketField = text()
  .trim()
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_\-]*$|^$/, { error: "validation.ticketFormat" })
  .optional()
  .transform((v) => (v ? v : undefined));

/**
 * A key the form generates once per showing: the pipeline records it in the action's transaction
 * (lib/actions/idempotency.ts), so the same submission arriving twice changes things once.
 */
export const requestKeyField = uuidField.optional();

/** Memo and ticket, for actions that need no reason (verifications). */
export const callNotesFields = { memo: memoField, ticket: ticketField };
/** Reason (required) plus memo and ticket: every desk change a customer did not ask for online. */
export const deskChangeFields = { reason: reasonField, ...callNotesFields, requestKey: requestKeyField };

/**
 * The notes a validated input carries, as audit facts: reason and ticket in their columns, the
 * memo in the details. The pipeline records them on every event of the action, refusals included,
 * so an auditor reads what the staff member wrote even when the change was refused.
 */
export function callNotesOf(input: unknown): Pick<AuditFacts, "reason" | "ticket" | "details"> {
  if (typeof input !== "object" || input === null) return {};
  const { reason, ticket, memo } = input as Record<string, unknown>;
  const notes: Pick<AuditFacts, "reason" | "ticket" | "details"> = {};
  if (typeof reason === "string" && reason) notes.reason = reason;
  if (typeof ticket === "string" && ticket) notes.ticket = ticket;
  if (typeof memo === "string" && memo) notes.details = { memo };
  return notes;
}
