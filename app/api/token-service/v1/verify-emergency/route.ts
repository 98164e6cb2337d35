import { verifyEmergencyCodeAction } from "@/lib/actions/tokens/verify-emergency-code";
import { tokenServiceRoute } from "@/lib/api/route";

export const dynamic = "force-dynamic";

export const POST = tokenServiceRoute(verifyEmergencyCodeAction, "verify", () => ({ result: "accepted" }));
