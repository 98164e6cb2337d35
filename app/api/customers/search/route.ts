import { getDb } from "@/db/client";
import { auditReadRefusal } from "@/lib/actions/read-refusal";
import { getSessionState } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { searchCustomers } from "@/lib/customers/search";
import { searchCustomersInput } from "@/lib/customers/search-schema";
import { getLocale } from "@/lib/i18n/server";
import { fieldErrorsOf } from "@/lib/i18n/zod";
import { reportUnexpected } from "@/lib/server/report-error";

export const dynamic = "force-dynamic";

/**
 * JSON customer search for the signed-in desk staff: POST only, so the query (personal data)
 * stays out of URLs and access logs. Same function and masking as the search screen.
 */
export async function POST(request: Request) {
  try {
    const state = await getSessionState();
    if (!state.staff || !can(state.staff.role, "customer.search")) {
      await auditReadRefusal("customer.search");
      return state.staff ? Response.json({ status: "forbidden" }, { status: 403 }) : Response.json({ status: "unauthenticated" }, { status: 401 });
    }
    // JSON only: a cross-site form can send text/plain without a preflight, never application/json.
    if (!/^application\/json\b/i.test(request.headers.get("content-type") ?? "")) return Response.json({ status: "unsupported_media_type" }, { status: 415 });
    const body: unknown = await request.json().catch(() => null);
    const parsed = searchCustomersInput.safeParse(body);
    if (!parsed.success) {
      const errors = fieldErrorsOf(parsed.error, await getLocale());
      return Response.json({ status: "invalid", fields: Object.keys(errors), errors }, { status: 400 });
    }
    return Response.json(await searchCustomers(await getDb(), parsed.data));
  } catch (error) {
    // Never the error's text: it can quote the query, and the query holds what was searched for.
    return Response.json({ status: "unavailable", errorId: reportUnexpected("customer_search_error", error) }, { status: 503 });
  }
}
