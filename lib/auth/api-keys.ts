import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apiClients, type ApiClient } from "@/db/schema";

/** tdk_<8 hex public prefix>_<256-bit secret, base64url> */
const KEY_FORMAT = /^(tdk_[0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  key: string;
  prefix: string;
  hash: string;
}

/** SHA-256 is enough for a 256-bit random key: nothing to brute-force, unlike a password. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** A key from 36 bytes: 4 for the public prefix, 32 for the secret. */
export function apiKeyFromBytes(bytes: Buffer): NewApiKey {
  const prefix = `tdk_${bytes.subarray(0, 4).toString("hex")}`;
  const key = `${prefix}_${bytes.subarray(4, 36).toString("base64url")}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export function generateApiKey(): NewApiKey {
  return apiKeyFromBytes(randomBytes(36));
}

/** The key's public prefix (safe to log), or null when it is not shaped like a key. */
export function apiKeyPrefix(key: string | null): string | null {
  return key ? (KEY_FORMAT.exec(key)?.[1] ?? null) : null;
}

/** The live (not revoked) client holding this key, or null. */
export async function findApiClientByKey(db: Queryable, key: string | null): Promise<ApiClient | null> {
  if (!key || !KEY_FORMAT.test(key)) return null;
  const hash = hashApiKey(key);
  const [client] = await db
    .select()
    .from(apiClients)
    .where(and(eq(apiClients.keyHash, hash), isNull(apiClients.revokedAt)))
    .limit(1);
  // The lookup is by hash already; compare again in constant time as a matter of hygiene.
  if (!client || !timingSafeEqual(Buffer.from(client.keyHash), Buffer.from(hash))) return null;
  return client;
}
