import { randomInt } from "node:crypto";
import { and, eq, ne } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { customers, tokens } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { ACTIVATION_DEADLINE_MS, ACTIVATION_PASSWORD_DIGITS, TOKEN_LIFETIME_MS } from "./policy";

export interface IssueTokenInput {
  customerId: string;
  serviceId: string;
  /** Omitted: a fresh 12-digit user ID is allocated. */
  userId?: string;
}

export type IssueTokenResult =
  | {
      ok: true;
      tokenId: string;
      serviceId: string;
      userId: string;
      serial: string;
      /** Shown once to whoever issued it; only its argon2id hash is stored. */
      activationPassword: string;
      activationDeadline: Date;
      expiresAt: Date;
    }
  | { ok: false; reason: "unknown_customer" | "user_id_in_use" };

/** Random digits from the CSPRNG (randomInt is uniform, no modulo bias). */
export function randomDigits(n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += String(randomInt(10));
  return out;
}

/** Issues a token (トークン発行): status pending_activation with a new activation password. */
export async function issueToken(tx: Tx, input: IssueTokenInput, now: Date): Promise<IssueTokenResult> {
  const [customer] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, input.customerId)).limit(1);
  if (!customer) return { ok: false, reason: "unknown_customer" };

  const userId = input.userId ?? (await freeUserId(tx, input.serviceId));
  if (await liveTokenExists(tx, input.serviceId, userId)) return { ok: false, reason: "user_id_in_use" };

  const serial = await freeSerial(tx);
  const activationPassword = randomDigits(ACTIVATION_PASSWORD_DIGITS);
  const activationDeadline = new Date(now.getTime() + ACTIVATION_DEADLINE_MS);
  const expiresAt = new Date(now.getTime() + TOKEN_LIFETIME_MS);
  const [row] = await tx
    .insert(tokens)
    .values({
      customerId: customer.id,
      serviceId: input.serviceId,
      userId,
      serial,
      kind: "app",
      status: "pending_activation",
      activationPasswordHash: await hashPassword(activationPassword),
      activationDeadline,
      issuedAt: now,
      expiresAt,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: tokens.id });
  return { ok: true, tokenId: row!.id, serviceId: input.serviceId, userId, serial, activationPassword, activationDeadline, expiresAt };
}

async function liveTokenExists(tx: Tx, serviceId: string, userId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: tokens.id })
    .from(tokens)
    .where(and(eq(tokens.serviceId, serviceId), eq(tokens.userId, userId), ne(tokens.status, "revoked")))
    .limit(1);
  return Boolean(row);
}

async function freeUserId(tx: Tx, serviceId: string): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const candidate = `8${randomDigits(11)}`;
    if (!(await liveTokenExists(tx, serviceId, candidate))) return candidate;
  }
  throw new Error("could not allocate a user ID");
}

async function freeSerial(tx: Tx): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const candidate = randomDigits(8);
    const [row] = await tx.select({ id: tokens.id }).from(tokens).where(eq(tokens.serial, candidate)).limit(1);
    if (!row) return candidate;
  }
  throw new Error("could not allocate a serial number");
}
