import { queryAsCurrentStaff } from "@/lib/actions/web";
import { auditExportQuery } from "@/lib/audit/explorer-queries";
import { startedExportStream } from "@/lib/audit/export";
import { getRequestMeta } from "@/lib/auth/guard";
import { createTranslator } from "@/lib/i18n/translate";
import { formatJstSeconds } from "@/lib/time/format";

export const dynamic = "force-dynamic";

/**
 * Streams an export of the explorer's filter. POST with a JSON body: the filter may include words
 * searched in reasons and memos (possibly personal data), which must stay out of URLs and logs.
 * The export is recorded (filter, columns, format, row count) before the first row is sent; the
 * rows are read in keyset batches as the browser takes them, so memory stays flat and a cancelled
 * download stops the reads.
 */
export async function POST(request: Request) {
  // JSON only: a cross-site form can send text/plain without a preflight, never application/json.
  const json = /^application\/json\b/i.test(request.headers.get("content-type") ?? "");
  const body: unknown = json ? await request.json().catch(() => null) : undefined;
  const result = await queryAsCurrentStaff(auditExportQuery, body);
  if (!result.ok) {
    const status = result.code === "unauthenticated" ? 401 : result.code === "forbidden" ? 403 : result.code === "invalid_input" ? (json ? 400 : 415) : 503;
    return Response.json({ status: result.code, ...(result.fieldErrors ? { errors: result.fieldErrors } : {}), ...(result.errorId ? { errorId: result.errorId } : {}) }, { status });
  }
  const { format } = result.data;
  const stream = await startedExportStream(result.data, createTranslator((await getRequestMeta()).locale));
  // Named by the Japan time it was taken, as everything else the auditor reads: audit-20261122-1405.csv.
  const at = formatJstSeconds(new Date());
  const stamp = `${at.slice(0, 10).replaceAll("/", "")}-${at.slice(11, 16).replace(":", "")}`;
  return new Response(stream, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="audit-${stamp}.${format}"`,
      "cache-control": "no-store",
      "x-total-rows": String(result.data.total),
    },
  });
}
