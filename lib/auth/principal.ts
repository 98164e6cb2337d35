import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { staff } from "@/db/schema";
import type { Actor, Principal, RequestMeta } from "@/lib/actions/types";
import { findApiClientByKey } from "./api-keys";
import { checkSession } from "./sessions";

/**
 * Who is acting, re-read from the database on every call and never taken on trust: a staff member
 * by their live web session, a system by its API key on the API channel, the system actor only on
 * the CLI. Anything that does not hold up is null, and the caller refuses it as unauthenticated.
 */
export async function resolvePrincipal(db: Db, actor: Actor, now: Date, meta: RequestMeta): Promise<Principal | null> {
  if (actor.type === "anonymous") return null;
  if (actor.type === "api_client") {
    if (meta.channel !== "api") return null;
    const client = await findApiClientByKey(db, actor.apiKey);
    return client ? { audit: { type: "api_client", id: client.id, role: "api_client" }, role: "api_client", staff: null, apiClient: client } : null;
  }
  if (actor.type === "system") {
    if (meta.channel !== "cli") return null;
    return { audit: { type: "system", id: actor.name, role: "system" }, role: "system", staff: null };
  }
  if (actor.sessionId) {
    const check = await checkSession(db, actor.sessionId, now, meta);
    if (!check.ok || check.staff.id !== actor.staffId) return null;
    return { audit: { type: "staff", id: check.staff.id, role: check.staff.role }, role: check.staff.role, staff: check.staff };
  }
  // A staff actor without a web session only exists on the CLI (and in tests driving the pipeline).
  if (meta.channel !== "cli") return null;
  const [member] = await db.select().from(staff).where(eq(staff.id, actor.staffId)).limit(1);
  if (!member || member.disabledAt) return null;
  return { audit: { type: "staff", id: member.id, role: member.role }, role: member.role, staff: member };
}
