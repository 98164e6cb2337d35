import { z } from "zod";
import { resyncToken } from "@/lib/tokens/verify";
import { defineAction } from "../types";
import { otpField, serviceIdField, userIdField } from "@/lib/validation/identifiers";
import { runServiceCall } from "./service-run";

export const resyncTokenInput = z.strictObject({ serviceId: serviceIdField, userId: userIdField, otp1: otpField, otp2: otpField });

/** パスワード補正 from the app: two consecutive codes set the token's clock offset. */
export const resyncTokenAction = defineAction({
  name: "token_service.resync",
  permission: "token_service.resync",
  input: resyncTokenInput,
  assurance: "none",
  run(ctx, input) {
    return runServiceCall(ctx, input, async () => {
      const outcome = await resyncToken(ctx.tx, input, ctx.now);
      const details: Record<string, unknown> = outcome.otpFailures !== undefined ? { otpFailures: outcome.otpFailures } : {};
      if (outcome.result.ok) details.clockOffsetSteps = outcome.result.offsetSteps;
      return { ...outcome, details };
    });
  },
});
