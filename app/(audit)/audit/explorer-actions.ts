"use server";

import { queryAsCurrentStaff, submitForm, type FormState } from "@/lib/actions/web";
import type { QueryResult } from "@/lib/actions/query";
import { revealAuditValue } from "@/lib/actions/audit/reveal-audit-value";
import { auditExploreQuery } from "@/lib/audit/explorer-queries";
import type { ExplorePage, MatchCount } from "@/lib/audit/explorer";

/**
 * The explorer with words searched in reasons and memos: called from the page's script with the
 * URL's filter plus the words, so the words never enter a URL, a history entry or an access log.
 */
export async function exploreWithText(input: Record<string, string>): Promise<QueryResult<ExplorePage & { total: MatchCount }>> {
  const result = await queryAsCurrentStaff(auditExploreQuery, input);
  return result.ok ? { ok: true, data: { rows: result.data.rows, next: result.data.next, previous: result.data.previous, total: result.data.total } } : result;
}

/** An auditor reveals one masked value of an event, with a reason; the reveal is itself audited. */
export async function revealValueAction(_previous: FormState<{ field: string; value: string }>, form: FormData): Promise<FormState<{ field: string; value: string }>> {
  return submitForm(revealAuditValue, form);
}
