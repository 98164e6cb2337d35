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

/** Why demo mode is off and how to turn it on: for the commands that only make sense in it. */
export function demoModeOffHint(env: NodeJS.ProcessEnv = process.env): string {
  return env.TOKENDESK_DEMO === "0"
    ? "demo mode is off because TOKENDESK_DEMO=0 (unset it, or set TOKENDESK_DEMO=1)"
    : "demo mode is off because DATABASE_URL is set (TOKENDESK_DEMO=1 turns it on for a PostgreSQL demo database)";
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

/** What each required setting is for, and how to make one: the configuration error says both. */
const settings = {
  NEXTAUTH_SECRET: { purpose: "signs the staff's session cookies", make: "export NEXTAUTH_SECRET=$(openssl rand -base64 32)" },
  TOKENDESK_ENCRYPTION_KEY: { purpose: "the AES-256-GCM key that seals TOTP secrets at rest", make: "export TOKENDESK_ENCRYPTION_KEY=$(openssl rand -base64 32)" },
  TOKENDESK_AUDIT_SIGNING_KEY: { purpose: "the Ed25519 seed that signs audit checkpoints", make: "export TOKENDESK_AUDIT_SIGNING_KEY=$(openssl rand -base64 32)" },
  DATABASE_URL: { purpose: "the PostgreSQL database the portal uses (unset: the embedded database under .data/)", make: "export DATABASE_URL=postgres://user:password@host:5432/database" },
  MIGRATION_DATABASE_URL: { purpose: "the PostgreSQL owner role that migrates the database", make: "export MIGRATION_DATABASE_URL=postgres://owner:password@host:5432/database" },
  TOKENDESK_DEMO: { purpose: "turns demo mode on (1) or off (0); unset, demo mode is on exactly when DATABASE_URL is not set", make: "export TOKENDESK_DEMO=1 (or 0), or unset it" },
} as const;
type Setting = keyof typeof settings;

const SECRET_NAMES = ["NEXTAUTH_SECRET", "TOKENDESK_ENCRYPTION_KEY", "TOKENDESK_AUDIT_SIGNING_KEY"] as const satisfies readonly Setting[];

/** Empty values are dropped before parsing, so a setting is either absent or a non-empty string. */
const present = { error: "is not set" };

/** A 32-byte key, base64: a hex string or a passphrase decodes to some other length. */
const base64Key = z.string(present).refine((v) => Buffer.from(v, "base64").length === 32, {
  error: (issue) => `decodes to ${Buffer.from(String(issue.input), "base64").length} bytes, not 32 (32 random bytes, base64-encoded)`,
});

const configSchema = z.object({
  NEXTAUTH_SECRET: z.string(present).min(32, "is shorter than 32 characters"),
  TOKENDESK_ENCRYPTION_KEY: base64Key,
  TOKENDESK_AUDIT_SIGNING_KEY: base64Key,
  TOKENDESK_DEMO: z.enum(["0", "1"], { error: (issue) => `is "${String(issue.input)}", not 1 or 0` }).optional(),
});

/**
 * The configuration error: one line per setting (its name, what is wrong, what it is for, how to
 * set it), the first problem of each only, so a missing secret is named once, not once per check.
 */
export function describeConfigProblems(issues: readonly { path: readonly PropertyKey[]; message: string }[], env: NodeJS.ProcessEnv = process.env): string {
  const seen = new Set<Setting>();
  const lines: string[] = [];
  for (const issue of issues) {
    const name = issue.path[0] as Setting;
    if (seen.has(name) || !(name in settings)) continue;
    seen.add(name);
    lines.push(`  ${name} ${issue.message} — ${settings[name].purpose}. Set it: ${settings[name].make}`);
  }
  const why = env.TOKENDESK_DEMO === "0" ? "TOKENDESK_DEMO=0 turns demo mode off" : env.DATABASE_URL ? "DATABASE_URL is set, so demo mode is off" : "";
  const missingSecret = SECRET_NAMES.some((name) => seen.has(name));
  return [
    `TokenDesk configuration: ${lines.length === 1 ? "1 setting needs" : `${lines.length} settings need`} fixing${missingSecret && why ? ` (outside demo mode the secrets are required; ${why})` : ""}:`,
    ...lines,
    `See README "Real PostgreSQL and production settings"${missingSecret && why ? `; for demo mode instead, ${env.DATABASE_URL ? "set TOKENDESK_DEMO=1" : "unset TOKENDESK_DEMO"}` : ""}.`,
  ].join("\n");
}

/**
 * The database URLs must be postgres:// URLs with a host: anything else would reach some other
 * database than meant (postgres.js reads "localhost:5432" as a database of that name). The
 * value is never printed: it may hold a password.
 */
export function checkDatabaseUrls(env: NodeJS.ProcessEnv = process.env): void {
  const issues = (["DATABASE_URL", "MIGRATION_DATABASE_URL"] as const).flatMap((name) => {
    const value = env[name];
    if (!value) return [];
    let url: URL | null = null;
    try {
      url = new URL(value);
    } catch {
      url = null;
    }
    const ok = url && (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname;
    return ok ? [] : [{ path: [name], message: "is not a postgres:// URL with a host" }];
  });
  if (issues.length) throw new ConfigError(describeConfigProblems(issues, env));
}

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
  // An empty value counts as unset, here and in demo mode's generated defaults.
  let source: Record<string, string> = definedOnly(env);
  if (isDemoMode(env) && SECRET_NAMES.some((name) => !source[name])) {
    source = { ...demoSecrets(env), ...source };
  }
  const parsed = configSchema.safeParse(source);
  if (!parsed.success) throw new ConfigError(describeConfigProblems(parsed.error.issues, env));
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
