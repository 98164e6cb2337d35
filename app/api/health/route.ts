import { prepareServer } from "@/lib/server/prepare";

export const dynamic = "force-dynamic";

/** Readiness: 200 once the database is migrated (and, in demo mode, seeded). */
export async function GET() {
  try {
    await prepareServer();
    return Response.json({ status: "ready" });
  } catch {
    return Response.json({ status: "unavailable" }, { status: 503 });
  }
}
