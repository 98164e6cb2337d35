import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { getSecrets } from "@/lib/config/env";

const VERSION = "v1";

/** AES-256-GCM envelope "v1.iv.tag.ciphertext" (base64url) for secrets kept at rest (TOTP seeds). */
export function seal(plain: Buffer, key: Buffer = getSecrets().encryptionKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")].join(".");
}

export function open(envelope: string, key: Buffer = getSecrets().encryptionKey): Buffer {
  const [version, iv, tag, ct] = envelope.split(".");
  if (version !== VERSION || !iv || !tag || ct === undefined) throw new Error("Unrecognised secret envelope");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]);
}
