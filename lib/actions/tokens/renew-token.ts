import { z } from "zod";
import { renewToken } from "@/lib/tokens/verify";
import { defineAction } from "../types";
import { otpField, serviceIdField, userIdField } from "@/lib/validation/identifiers";
import { runServiceCall } from "./service-run";

export const renewTokenInput = z.strictObject({ serviceId: serviceIdField, userId: userIdField, otp: otpField });

/** 有効期限更新 from the app, within the renewal window before expiry, proven with a current code. */
export const renewTokenAction = defineAction({
  name: "token_service.renew",
  permission: "token_service.renew",
  input: renewTokenInput,
  assurance: "none",
  run(ctx, input) {
    return runServiceCall(ctx, input, async () => {
      const outcome = await renewToken(ctx.tx, input, ctx.now);
      const details: Record<string, unknown> = outcome.otpFailures !== undefined ? { otpFailures: outcome.otpFailures } : {};
      if (outcome.result.ok) Object.assign(details, { before: { expiresAt: outcome.result.previousExpiresAt }, after: { expiresAt: outcome.result.expiresAt } });
      return { ...outcome, details };
    });
  },
});
