import { z } from "zod";
import { verifyTokenOtp } from "@/lib/tokens/verify";
import { defineAction } from "../types";
import { otpField, serviceIdField, userIdField } from "@/lib/validation/identifiers";
import { runServiceCall } from "./service-run";

export const verifyOtpInput = z.strictObject({ serviceId: serviceIdField, userId: userIdField, otp: otpField });

/** Internet banking's question at sign-in and transfer: is this code the token's current one? */
export const verifyOtpAction = defineAction({
  name: "token_service.verify",
  permission: "token_service.verify",
  input: verifyOtpInput,
  assurance: "none",
  run(ctx, input) {
    return runServiceCall(ctx, input, async () => {
      const outcome = await verifyTokenOtp(ctx.tx, input, ctx.now);
      return { ...outcome, details: outcome.otpFailures !== undefined ? { otpFailures: outcome.otpFailures } : {} };
    });
  },
});
