import { z } from "zod";
import { verifyTokenOtp } from "@/lib/tokens/verify";
import { otpField, serviceIdField, userIdField } from "@/lib/validation/identifiers";
import { defineAction } from "../types";
import { countServiceCall, runServiceCall } from "./service-run";

export const verifyOtpInput = z.strictObject({ serviceId: serviceIdField, userId: userIdField, otp: otpField });

/** Internet banking's question at sign-in and transfer: is this code the token's current one? */
export const verifyOtpAction = defineAction({
  name: "token_service.verify", permission: "token_service.verify", input: verifyOtpInput, assurance: "none", subject: { kind: "token" },
  before: countServiceCall,
  run: (ctx, input) => runServiceCall(ctx, input, verifyTokenOtp),
});
