import { verifyOtpAction } from "@/lib/actions/tokens/verify-otp";
import { tokenServiceRoute } from "@/lib/api/route";

export const dynamic = "force-dynamic";

export const POST = tokenServiceRoute(verifyOtpAction, "verify", () => ({ result: "accepted" }));
