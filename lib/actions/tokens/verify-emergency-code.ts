import { z } from "zod";
import { verifyEmergencyCode } from "@/lib/tokens/emergency-code";
import { emergencyCodeField, serviceIdField, userIdField } from "@/lib/validation/identifiers";
import { defineAction } from "../types";
import { countServiceCall, runServiceCall } from "./service-run";

export const verifyEmergencyCodeInput = z.strictObject({ serviceId: serviceIdField, userId: userIdField, emergencyCode: emergencyCodeField });

/**
 * Internet banking's question when the customer types an emergency access code where the OTP is
 * asked for: accepted once, within its day, and refused ever after. Same API key, permission and
 * rate limits as the OTP check.
 */
export const verifyEmergencyCodeAction = defineAction({
  name: "token_service.verify_emergency", permission: "token_service.verify", input: verifyEmergencyCodeInput, assurance: "none", subject: { kind: "token" },
  before: countServiceCall,
  run: (ctx, input) => runServiceCall(ctx, input, verifyEmergencyCode),
});
