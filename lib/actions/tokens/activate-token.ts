import { z } from "zod";
import { activateToken } from "@/lib/tokens/activate";
import { activationPasswordField, serviceIdField, userIdField } from "@/lib/validation/identifiers";
import { text } from "@/lib/validation/text";
import { defineAction } from "../types";
import { countServiceCall, runServiceCall } from "./service-run";

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
  name: "token_service.activate", permission: "token_service.activate", input: activateTokenInput, assurance: "none", subject: { kind: "token" },
  before: countServiceCall,
  run: (ctx, input) =>
    runServiceCall(
      ctx,
      input,
      (tx, { device, ...rest }, now) => activateToken(tx, { ...rest, device: { label: device.label, time: device.time ? new Date(device.time) : undefined } }, now),
      (activated) => ({ serial: activated.serial, deviceLabel: input.device.label ?? null }),
    ),
});
