import { resyncTokenAction } from "@/lib/actions/tokens/resync-token";
import { tokenServiceRoute } from "@/lib/api/route";

export const dynamic = "force-dynamic";

export const POST = tokenServiceRoute(resyncTokenAction, "resync", (r) => ({ clockOffsetSteps: r.offsetSteps }));
