import { readiness } from "@/lib/server/health";
import { reportUnexpected } from "@/lib/server/report-error";

export const dynamic = "force-dynamic";

// Infrastructure, outside the query path: load balancers probe it without a session.
/** Readiness: 200 once the database is migrated (and, in demo mode, seeded), with the audit sealing lag. */
export async function GET() {
  try {
    return Response.json(await readiness());
  } catch (error) {
    return Response.json({ status: "unavailable", errorId: reportUnexpected("health_unavailable", error) }, { status: 503 });
  }
}
