import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/** Root of local state: the embedded database and the demo secrets. */
export function dataHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.TOKENDESK_HOME ?? path.join(process.cwd(), ".data");
}

/**
 * Demo mode: the embedded database with demo accounts and sign-in help. On by default without
 * DATABASE_URL; TOKENDESK_DEMO=0/1 overrides. Never on when NODE_ENV=production and a real
 * database is configured unless explicitly asked for.
 */
export function isDemoMode(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.TOKENDESK_DEMO === "1") return true;
  if (env.TOKENDESK_DEMO === "0") return false;
  return !env.DATABASE_URL;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export interface Secrets {
  nextAuthSecret: string;
  encryptionKey: Buffer;
  /** Ed25519 seed that signs audit checkpoints. */
  auditSigningKey: Buffer;
}

const secretsSchema = z.object({
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters"),
  TOKENDESK_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, "base64").length === 32, "TOKENDESK_ENCRYPTION_KEY must be 32 bytes, base64-encoded"),
  TOKENDESK_AUDIT_SIGNING_KEY: z
    .string()
    .refine((v) => Buffer.from(v, "base64").length === 32, "TOKENDESK_AUDIT_SIGNING_KEY must be a 32-byte Ed25519 seed, base64-encoded"),
});

const SECRET_NAMES = ["NEXTAUTH_SECRET", "TOKENDESK_ENCRYPTION_KEY", "TOKENDESK_AUDIT_SIGNING_KEY"] as const;

/** Where signed audit checkpoints go: ideally a WORM volume (README "Audit checkpoints"). */
export function auditCheckpointDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TOKENDESK_AUDIT_CHECKPOINT_DIR || path.join(dataHome(env), "checkpoints");
}

let cached: Secrets | undefined;

/**
 * Production secrets come from the environment and are required. In demo mode, missing ones are
 * generated once and kept under .data/ so restarts keep sessions and encrypted secrets readable.
 */
export function getSecrets(env: NodeJS.ProcessEnv = process.env): Secrets {
  if (cached) return cached;
  let source: Record<string, string | undefined> = env;
  if (isDemoMode(env) && SECRET_NAMES.some((name) => !env[name])) {
    source = { ...demoSecrets(env), ...definedOnly(env) };
  }
  const parsed = secretsSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      `TokenDesk configuration: ${parsed.error.issues.map((i) => i.message).join("; ")}. See README "Production settings".`,
    );
  }
  cached = {
    nextAuthSecret: parsed.data.NEXTAUTH_SECRET,
    encryptionKey: Buffer.from(parsed.data.TOKENDESK_ENCRYPTION_KEY, "base64"),
    auditSigningKey: Buffer.from(parsed.data.TOKENDESK_AUDIT_SIGNING_KEY, "base64"),
  };
  return cached;
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ""));
}

function demoSecrets(env: NodeJS.ProcessEnv): Record<string, string> {
  const file = path.join(dataHome(env), "demo-secrets.json");
  const fresh = (): Record<string, string> => ({
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    TOKENDESK_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    TOKENDESK_AUDIT_SIGNING_KEY: randomBytes(32).toString("base64"),
  });
  let existing: Record<string, string> | null = null;
  try {
    existing = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  } catch {
    existing = null;
  }
  if (existing) {
    if (SECRET_NAMES.every((name) => existing[name])) return existing;
    // A file from before a secret existed: keep what it has (sessions, sealed secrets), add the rest.
    const completed = { ...fresh(), ...existing };
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(completed), { mode: 0o600 });
    renameSync(temp, file);
    return completed;
  }
  const secrets = fresh();
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    writeFileSync(file, JSON.stringify(secrets), { mode: 0o600, flag: "wx" });
    return secrets;
  } catch {
    // Another process (the server, a CLI) wrote it first: use theirs.
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  }
}
