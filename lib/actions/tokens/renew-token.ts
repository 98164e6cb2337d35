import { z } from "zod";
import { renewToken } from "@/lib/tokens/verify";
import { otpField, serviceIdField, userIdField } from "@/lib/validation/identifiers";
import { defineAction } from "../types";
import { countServiceCall, runServiceCall } from "./service-run";

export const renewTokenInput = z.strictObject({ serviceId: serviceIdField, userId: userIdField, otp: otpField });

/** 有効期限更新 from the app, within the renewal window before expiry, proven with a current code. */
export const renewTokenAction = defineAction({
  name: "token_service.renew", permission: "token_service.renew", input: renewTokenInput, assurance: "none", subject: { kind: "token" },
  before: countServiceCall,
  run: (ctx, input) => runServiceCall(ctx, input, renewToken, (renewed) => ({ before: { expiresAt: renewed.previousExpiresAt }, after: { expiresAt: renewed.expiresAt } })),
});
