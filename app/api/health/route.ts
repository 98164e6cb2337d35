import { readiness } from "@/lib/server/health";
import { reportUnexpected } from "@/lib/server/report-error";

export const dynamic = "force-dynamic";

// Infrastructure, outside the query path: load balancers probe it without a session.
/**
 * Readiness: 200 {"status":"ready"} once the database is migrated (and, in demo mode, seeded) and
 * answers, else 503 {"status":"unavailable"}. Nothing more for an anonymous caller — no counts,
 * no error id; the error's id and detail go to the server log.
 */
export async function GET() {
  try {
    return Response.json(await readiness());
  } catch (error) {
    reportUnexpected("health_unavailable", error);
    return Response.json({ status: "unavailable" }, { status: 503 });
  }
}
