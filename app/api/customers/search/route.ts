import { queryAsCurrentStaff } from "@/lib/actions/web";
import { searchCustomersQuery } from "@/lib/customers/queries";

export const dynamic = "force-dynamic";

/**
 * JSON customer search for the signed-in desk staff: POST only, so the query (personal data)
 * stays out of URLs and access logs. Same query, masking and audit as the search screen.
 */
export async function POST(request: Request) {
  // JSON only: a cross-site form can send text/plain without a preflight, never application/json.
  // Any other body reaches the query as nothing, so the session and permission are still checked first.
  const json = /^application\/json\b/i.test(request.headers.get("content-type") ?? "");
  const body: unknown = json ? await request.json().catch(() => null) : undefined;
  const result = await queryAsCurrentStaff(searchCustomersQuery, body);
  if (result.ok) return Response.json(result.data);
  switch (result.code) {
    case "unauthenticated":
      return Response.json({ status: "unauthenticated" }, { status: 401 });
    case "forbidden":
      return Response.json({ status: "forbidden" }, { status: 403 });
    case "invalid_input":
      if (!json) return Response.json({ status: "unsupported_media_type" }, { status: 415 });
      return Response.json({ status: "invalid", fields: Object.keys(result.fieldErrors ?? {}), errors: result.fieldErrors ?? {} }, { status: 400 });
    default:
      // Never the error's text: it can quote the query, and the query holds what was searched for.
      return Response.json({ status: "unavailable", errorId: result.errorId }, { status: 503 });
  }
}
