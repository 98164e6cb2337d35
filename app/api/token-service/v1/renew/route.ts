import { renewTokenAction } from "@/lib/actions/tokens/renew-token";
import { tokenServiceRoute } from "@/lib/api/route";

export const dynamic = "force-dynamic";

export const POST = tokenServiceRoute(renewTokenAction, "renew", (r) => ({ expiresAt: r.expiresAt.toISOString() }));
