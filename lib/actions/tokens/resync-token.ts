import { z } from "zod";
import { resyncToken } from "@/lib/tokens/verify";
import { otpField, serviceIdField, userIdField } from "@/lib/validation/identifiers";
import { defineAction } from "../types";
import { countServiceCall, runServiceCall } from "./service-run";

export const resyncTokenInput = z.strictObject({ serviceId: serviceIdField, userId: userIdField, otp1: otpField, otp2: otpField });

/** パスワード補正 from the app: two consecutive codes set the token's clock offset. */
export const resyncTokenAction = defineAction({
  name: "token_service.resync", permission: "token_service.resync", input: resyncTokenInput, assurance: "none", subject: { kind: "token" },
  before: countServiceCall,
  run: (ctx, input) => runServiceCall(ctx, input, resyncToken, (resynced) => ({ clockOffsetSteps: resynced.offsetSteps })),
});
