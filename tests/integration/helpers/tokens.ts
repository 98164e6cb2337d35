import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { tokens, type Token } from "@/db/schema";
import { createApiClient } from "@/lib/actions/api-clients/create-api-client";
import { importDemoCustomer } from "@/lib/actions/demo/import-demo-customer";
import { executeAction, type ExecuteOptions } from "@/lib/actions/execute";
import { issueTokenAction } from "@/lib/actions/tokens/issue-token";
import type { RequestMeta } from "@/lib/actions/types";
import { DAY, type Clock } from "@/lib/time/clock";
import { systemOptions } from "./staff";

export const apiMeta: RequestMeta = { channel: "api", locale: "en", ip: "198.51.100.7", userAgent: "vitest-app", requestId: "api-test" };

export function apiOptions(db: Db, clock: Clock, apiKey: string | null): ExecuteOptions {
  return { db, clock, actor: { type: "api_client", apiKey }, meta: apiMeta };
}

let contractSeq = 0;

/** A customer as the legacy import brings it, with optional pre-existing tokens (e.g. suspended). */
export async function createCustomer(db: Db, clock: Clock, extraTokens: unknown[] = []): Promise<string> {
  contractSeq++;
  const result = await executeAction(
    importDemoCustomer,
    {
      contractId: String(7000000000 + contractSeq),
      nameKanji: "試験 太郎",
      nameKana: "シケン タロウ",
      birthDate: "1980-04-01",
      phone: `090${String(10000000 + contractSeq).slice(-8)}`,
      branchCode: "001",
      branchName: "本店",
      accountNumber: String(1000000 + contractSeq),
      postalCode: "100-0001",
      address: "東京都千代田区千代田1-1",
      emails: [],
      tokens: extraTokens,
    },
    systemOptions(db, clock),
  );
  if (!result.ok) throw new Error(`import: ${result.code} ${JSON.stringify(result.fieldErrors)}`);
  return result.data.customerId;
}

export async function createClient(db: Db, clock: Clock, name: string, rateLimitPerMinute = 600): Promise<string> {
  const result = await executeAction(createApiClient, { name, rateLimitPerMinute }, systemOptions(db, clock));
  if (!result.ok) throw new Error(`api client: ${result.code}`);
  return result.data.apiKey;
}

export interface Issued {
  tokenId: string;
  customerId: string;
  serviceId: string;
  userId: string;
  serial: string;
  activationPassword: string;
}

let userSeq = 0;

/** A fresh pending token, issued by the CLI's system actor through the pipeline. */
export async function issue(db: Db, clock: Clock, customerId?: string): Promise<Issued> {
  const customer = customerId ?? (await createCustomer(db, clock));
  const userId = `55${String(++userSeq).padStart(10, "0")}`;
  const result = await executeAction(issueTokenAction, { customerId: customer, serviceId: "10112890", userId }, systemOptions(db, clock));
  if (!result.ok || !result.data.ok) throw new Error(`issue: ${JSON.stringify(result)}`);
  const d = result.data;
  return { tokenId: d.tokenId, customerId: customer, serviceId: d.serviceId, userId: d.userId, serial: d.serial, activationPassword: d.activationPassword };
}

export async function tokenRow(db: Db, tokenId: string): Promise<Token> {
  const [row] = await db.select().from(tokens).where(eq(tokens.id, tokenId));
  if (!row) throw new Error("no token");
  return row;
}

/** A legacy token record (see importDemoCustomer) for states only the desk can cause. */
export function legacyToken(clock: Clock, status: string, userId: string, activationPassword: string | null = "12345678") {
  const now = clock.now().getTime();
  return {
    serviceId: "10112890",
    userId,
    serial: String(60000000 + Number(userId.slice(-6))),
    kind: "app",
    status,
    issuedAt: new Date(now - 10 * DAY),
    activatedAt: status === "pending_activation" ? null : new Date(now - 9 * DAY),
    expiresAt: new Date(now + 900 * DAY),
    activationFailures: 0,
    otpFailures: 0,
    lastUsedAt: null,
    deviceLabel: null,
    revokeReason: null,
    activationPassword,
  };
}
