import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

/**
 * A configuration error is read by whoever starts the portal or a command: one line per setting
 * that is missing or wrong, saying what is wrong, what it is for and how to set it — once each.
 */
const home = mkdtempSync(path.join(os.tmpdir(), "tokendesk-config-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** getSecrets keeps what it read: a fresh module per environment. */
async function configError(env: Record<string, string>): Promise<string> {
  vi.resetModules();
  const { getSecrets, ConfigError } = await import("@/lib/config/env");
  try {
    getSecrets({ NODE_ENV: "test", TOKENDESK_HOME: home, ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("no configuration error");
}

const key = Buffer.alloc(32, 9).toString("base64");
const good = { NEXTAUTH_SECRET: "s".repeat(32), TOKENDESK_ENCRYPTION_KEY: key, TOKENDESK_AUDIT_SIGNING_KEY: key };

describe("configuration errors", () => {
  it("outside demo mode, names each missing secret once with its purpose and how to make it", async () => {
    const message = await configError({ DATABASE_URL: "postgres://app@db/tokendesk" });
    const lines = message.split("\n");
    expect(lines[0]).toBe("TokenDesk configuration: 3 settings need fixing (outside demo mode the secrets are required; DATABASE_URL is set, so demo mode is off):");
    expect(lines.slice(1, 4)).toEqual([
      "  NEXTAUTH_SECRET is not set — signs the staff's session cookies. Set it: export NEXTAUTH_SECRET=$(openssl rand -base64 32)",
      "  TOKENDESK_ENCRYPTION_KEY is not set — the AES-256-GCM key that seals TOTP secrets at rest. Set it: export TOKENDESK_ENCRYPTION_KEY=$(openssl rand -base64 32)",
      "  TOKENDESK_AUDIT_SIGNING_KEY is not set — the Ed25519 seed that signs audit checkpoints. Set it: export TOKENDESK_AUDIT_SIGNING_KEY=$(openssl rand -base64 32)",
    ]);
    expect(lines[4]).toBe('See README "Real PostgreSQL and production settings"; for demo mode instead, set TOKENDESK_DEMO=1.');
    expect(message).not.toMatch(/Invalid input|expected string|undefined/);
  });

  it("says what is wrong with a value that is set, without printing it", async () => {
    const hex = "ab".repeat(32);
    const message = await configError({ TOKENDESK_DEMO: "0", NEXTAUTH_SECRET: "too-short-secret", TOKENDESK_ENCRYPTION_KEY: hex, TOKENDESK_AUDIT_SIGNING_KEY: key });
    const lines = message.split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain("2 settings need fixing (outside demo mode the secrets are required; TOKENDESK_DEMO=0 turns demo mode off)");
    expect(lines[1]).toMatch(/^ {2}NEXTAUTH_SECRET is shorter than 32 characters — signs the staff's session cookies\. Set it: /);
    expect(lines[2]).toMatch(/^ {2}TOKENDESK_ENCRYPTION_KEY decodes to 48 bytes, not 32 \(32 random bytes, base64-encoded\) — /);
    expect(lines[3]).toContain("for demo mode instead, unset TOKENDESK_DEMO");
    for (const secret of ["too-short-secret", hex, key]) expect(message).not.toContain(secret);
  });

  it("an empty value counts as not set", async () => {
    const message = await configError({ ...good, DATABASE_URL: "postgres://app@db/tokendesk", NEXTAUTH_SECRET: "" });
    expect(message.split("\n")[1]).toMatch(/^ {2}NEXTAUTH_SECRET is not set — /);
    expect(message).toContain("1 setting needs fixing");
  });

  it("a TOKENDESK_DEMO that is neither 1 nor 0 is named rather than read as off", async () => {
    const message = await configError({ ...good, TOKENDESK_DEMO: "true" });
    expect(message.split("\n")).toEqual([
      "TokenDesk configuration: 1 setting needs fixing:",
      '  TOKENDESK_DEMO is "true", not 1 or 0 — turns demo mode on (1) or off (0); unset, demo mode is on exactly when DATABASE_URL is not set. Set it: export TOKENDESK_DEMO=1 (or 0), or unset it',
      'See README "Real PostgreSQL and production settings".',
    ]);
  });

  it("a complete production configuration passes", async () => {
    vi.resetModules();
    const { getSecrets } = await import("@/lib/config/env");
    expect(getSecrets({ NODE_ENV: "test", ...good, DATABASE_URL: "postgres://app@db/tokendesk" }).encryptionKey).toEqual(Buffer.alloc(32, 9));
  });
});

describe("database settings", () => {
  it("a DATABASE_URL that is not a postgres:// URL is named, its value (a password, maybe) never printed", async () => {
    const { checkDatabaseUrls } = await import("@/lib/config/env");
    expect(() => checkDatabaseUrls({ NODE_ENV: "test", DATABASE_URL: "postgres://app:pw@db.internal:5432/tokendesk" })).not.toThrow();
    let message = "";
    try {
      checkDatabaseUrls({ NODE_ENV: "test", DATABASE_URL: "localhost:5432", MIGRATION_DATABASE_URL: "owner:s3cret@db/tokendesk" });
    } catch (error) {
      message = (error as Error).message;
    }
    const lines = message.split("\n");
    expect(lines[0]).toBe("TokenDesk configuration: 2 settings need fixing:");
    expect(lines[1]).toBe(
      "  DATABASE_URL is not a postgres:// URL with a host — the PostgreSQL database the portal uses (unset: the embedded database under .data/). Set it: export DATABASE_URL=postgres://user:password@host:5432/database",
    );
    expect(lines[2]).toMatch(/^ {2}MIGRATION_DATABASE_URL is not a postgres:\/\/ URL with a host — the PostgreSQL owner role that migrates the database\. Set it: /);
    expect(message).not.toContain("s3cret");
  });

  it("a database that cannot be reached is explained in one line: which one, what happened, what to check", async () => {
    const { databaseUnreachable, portalDatabase } = await import("@/scripts/run");
    const env = portalDatabase({ NODE_ENV: "test", DATABASE_URL: "postgres://app:pw-secret@db.internal:6543/tokendesk" });
    const refused = Object.assign(new Error("Failed query: select 1\nparams: "), { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
    expect(databaseUnreachable(refused, env)).toBe(
      "Cannot open the database PostgreSQL db.internal:6543/tokendesk as app: nothing answers at that host and port (is PostgreSQL running there?). Check DATABASE_URL, or unset DATABASE_URL for the embedded demo database.",
    );
    expect(databaseUnreachable(Object.assign(new Error("x"), { code: "3D000" }), env)).toContain(": that database does not exist — create it first");
    expect(databaseUnreachable(Object.assign(new Error("x"), { code: "28P01" }), env)).not.toContain("pw-secret");
    // Any other failure is not a connection problem, and the embedded database has no URL to check.
    expect(databaseUnreachable(Object.assign(new Error("x"), { code: "23505" }), env)).toBeNull();
    expect(portalDatabase({ NODE_ENV: "test" })).toBeNull();
    expect(databaseUnreachable(refused, null)).toBeNull();
  });
});
