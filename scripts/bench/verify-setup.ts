import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, type DatabaseConfig } from "@/db/client";
import { createApiClient } from "@/lib/actions/api-clients/create-api-client";
import { importDemoCustomer } from "@/lib/actions/demo/import-demo-customer";
import { executeAction, type ExecuteOptions } from "@/lib/actions/execute";
import { activateTokenAction } from "@/lib/actions/tokens/activate-token";
import { issueTokenAction } from "@/lib/actions/tokens/issue-token";
import { base32Decode } from "@/lib/otp/base32";
import { serviceIds } from "@/lib/tokens/policy";

export interface BenchToken {
  serviceId: string;
  userId: string;
  secret: Buffer;
}

/** A fresh PostgreSQL database next to DATABASE_URL's, dropped by `drop()`. */
export async function freshPostgres(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `td_bench_${randomBytes(6).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** The i-th load-test customer: its own contract and account number. */
function benchCustomer(i: number) {
  return {
    contractId: String(9_000_000_001 + i),
    nameKanji: "負荷 試験",
    nameKana: "フカ シケン",
    birthDate: "1990-01-01",
    phone: "09000000001",
    branchCode: "001",
    branchName: "本店",
    accountNumber: String(9_000_001 + i),
    postalCode: "100-0001",
    address: "東京都千代田区",
    emails: [],
    tokens: [],
  };
}

/**
 * Fills a fresh database through the pipeline: an API client without a practical rate limit, and
 * `count` customers with one activated token each, whose secrets the load generator keeps.
 */
export async function prepareBenchData(config: DatabaseConfig, count: number): Promise<{ apiKey: string; tokens: BenchToken[] }> {
  const handle = await openDatabase(config);
  const db = handle.db;
  try {
    const system: ExecuteOptions = { db, actor: { type: "system", name: "bench" }, meta: { channel: "cli", locale: "en", requestId: "bench" } };
    const client = await executeAction(createApiClient, { name: "bench-client", rateLimitPerMinute: 1_000_000 }, system);
    if (!client.ok) throw new Error(`bench client: ${client.code}`);
    const api: ExecuteOptions = { db, actor: { type: "api_client", apiKey: client.data.apiKey }, meta: { channel: "api", locale: "en", requestId: "bench" } };
    const tokens: BenchToken[] = [];
    for (let i = 0; i < count; i++) {
      // One customer per token: like the desk, the pipeline gives a customer one live token per service.
      const customer = await executeAction(importDemoCustomer, benchCustomer(i), system);
      if (!customer.ok) throw new Error(`bench customer: ${customer.code}`);
      const issued = await executeAction(issueTokenAction, { customerId: customer.data.customerId, serviceId: serviceIds[0] }, system);
      if (!issued.ok || !issued.data.activationPassword) throw new Error("bench issue failed");
      const { serviceId, userId, activationPassword } = issued.data;
      const activated = await executeAction(activateTokenAction, { serviceId, userId, activationPassword }, api);
      if (!activated.ok || !activated.data.ok) throw new Error("bench activation failed");
      tokens.push({ serviceId, userId, secret: base32Decode(activated.data.secretBase32) });
    }
    return { apiKey: client.data.apiKey, tokens };
  } finally {
    await handle.close();
  }
}
