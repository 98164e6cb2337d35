import { z } from "zod";
import { text } from "@/lib/validation/text";
import { activateToken } from "@/lib/tokens/activate";
import { defineAction } from "../types";
import { activationPasswordField, serviceIdField, userIdField } from "@/lib/validation/identifiers";
import { runServiceCall } from "./service-run";

export const activateTokenInput = z.strictObject({
  serviceId: serviceIdField,
  userId: userIdField,
  activationPassword: activationPasswordField,
  device: z
    .strictObject({ label: text().trim().max(80).optional(), time: z.iso.datetime({ offset: true }).optional() })
    .default({}),
});

/** 利用開始 from the customer's app: binds the token and hands over its TOTP secret once. */
export const activateTokenAction = defineAction({
  name: "token_service.activate",
  permission: "token_service.activate",
  input: activateTokenInput,
  assurance: "none",
  run(ctx, input) {
    return runServiceCall(ctx, input, async () => {
      const device = { label: input.device.label, time: input.device.time ? new Date(input.device.time) : undefined };
      const outcome = await activateToken(ctx.tx, { ...input, device }, ctx.now);
      const details = outcome.activationFailures !== undefined ? { activationFailures: outcome.activationFailures } : {};
      return { ...outcome, details: outcome.result.ok ? { ...details, serial: outcome.result.serial, deviceLabel: device.label ?? null } : details };
    });
  },
});
