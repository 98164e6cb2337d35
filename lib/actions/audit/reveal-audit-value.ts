import { sql } from "drizzle-orm";
import { z } from "zod";
import { selectRows } from "@/lib/audit/explorer";
import { eventIdField } from "@/lib/audit/explorer-queries";
import { revealValue } from "@/lib/audit/redact";
import { reasonField, text } from "@/lib/validation/text";
import { ActionError, defineAction } from "../types";

export const revealAuditValueInput = z.strictObject({
  eventId: eventIdField,
  field: text().regex(/^(ip|userAgent|details(\.[A-Za-z0-9_]{1,40}){1,4})$/, { error: "validation.invalidFormat" }),
  reason: reasonField,
});

/**
 * An auditor unmasks one personal value of one audit event, saying why. The value goes to that
 * auditor's screen only; the reveal's own event records which value of which event and the
 * reason — never the value itself.
 */
export const revealAuditValue = defineAction({
  name: "audit.reveal",
  permission: "audit.reveal",
  input: revealAuditValueInput,
  assurance: "none",
  subject: { kind: "none" },
  async run({ tx }, input) {
    const rows = await selectRows<{ ip: string | null; user_agent: string | null; details: Record<string, unknown> | string; customer_id: string | null }>(tx, sql`select ip, user_agent, details, customer_id from audit_events where id = ${input.eventId}`);
    const event = rows[0];
    if (!event) throw new ActionError("not_found", "auditExplorer.notFound", undefined, { details: { eventId: input.eventId, field: input.field } });
    const details = typeof event.details === "string" ? (JSON.parse(event.details) as Record<string, unknown>) : event.details;
    const value = revealValue({ ip: event.ip, userAgent: event.user_agent, details }, input.field);
    if (value === null) throw new ActionError("not_found", "auditExplorer.noSuchField", { field: "auditExplorer.noSuchField" }, { details: { eventId: input.eventId, field: input.field } });
    return {
      data: { field: input.field, value },
      // The revealed event's customer, so the reveal shows in that customer's history too.
      audit: { customerId: event.customer_id, reason: input.reason, details: { eventId: input.eventId, field: input.field } },
    };
  },
});
