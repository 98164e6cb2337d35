import { confirmEmailAction } from "@/lib/actions/emails/confirm-email";
import { tokenServiceRoute } from "@/lib/api/route";

export const dynamic = "force-dynamic";

export const POST = tokenServiceRoute(confirmEmailAction, "confirm-email", (confirmed) => ({ result: confirmed.result, confirmedAt: confirmed.confirmedAt }));
