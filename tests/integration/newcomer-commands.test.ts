import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe as everyDescribe, expect, it } from "vitest";

/**
 * The README's commands as a newcomer types them: a fresh checkout (an empty data folder, the
 * embedded database, no settings at all), `npm run db:seed`, then `npm run token:issue`.
 */
const exec = promisify(execFile);
const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
let home: string;
// A newcomer's shell has no DATABASE_URL, so these commands use the embedded database whatever
// the run's database: once is enough.
const describe = everyDescribe.skipIf(!!process.env.DATABASE_URL);

/** The environment of a newcomer's shell: none of the settings the test runner adds. */
function newcomerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TOKENDESK_HOME: home };
  for (const name of ["DATABASE_URL", "MIGRATION_DATABASE_URL", "TOKENDESK_DEMO", "NEXTAUTH_SECRET", "TOKENDESK_ENCRYPTION_KEY", "TOKENDESK_AUDIT_SIGNING_KEY", "TOKENDESK_AUDIT_CHECKPOINT_DIR"]) delete env[name];
  return { ...env, ...extra };
}

async function run(script: string, args: string[] = [], extra: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await exec(tsx, [`scripts/${script}.ts`, ...args], { env: newcomerEnv(extra) });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr };
  }
}

const issuedFor = (out: string) => /^Issued a token for (.+) \(contract (\d{10})\)/m.exec(out)?.slice(1, 3);

beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), "tokendesk-newcomer-"));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe("db:seed, then token:issue", () => {
  let firstContract: string;

  it("issues a token right after seeding, and prints how to activate it", { timeout: 300_000 }, async () => {
    const seeded = await run("seed");
    expect(seeded.code, seeded.err).toBe(0);
    expect(seeded.out).toMatch(/^Seeded \d+ demo staff, \d+ customers and \d+ working days of desk history\.$/m);

    const issued = await run("token-issue");
    expect(issued.code, issued.err).toBe(0);
    expect(issued.err).toBe("");
    const [, contract] = issuedFor(issued.out)!;
    firstContract = contract!;
    const userId = /user ID +(\d{12})/.exec(issued.out)?.[1];
    const password = /activation password +(\d{8})/.exec(issued.out)?.[1];
    expect(issued.out).toContain(`npm run token-sim -- activate --service 10112890 --user ${userId} --password ${password}`);

    // Run again, as a newcomer trying it twice: the next customer who has none gets one.
    const again = await run("token-issue");
    expect(again.code, again.err).toBe(0);
    expect(issuedFor(again.out)![1]).not.toBe(firstContract);
  });

  it("a customer who already has a token: why in one line, then one who can, and that one can", { timeout: 120_000 }, async () => {
    const refused = await run("token-issue", ["--contract", firstContract]);
    expect(refused.code).toBe(1);
    expect(refused.out).toBe("");
    const lines = refused.err.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^Not issued: .+ \\(contract ${firstContract}\\) has a live token for service 10112890 \\(serial \\d{8}, Not yet activated\\); to replace it: --replace --reason lost\\|stolen\\|device_changed\\|app_deleted\\.$`));
    const other = /^(.+) \(contract (\d{10})\) can: npm run token:issue -- --contract (\d{10})$/.exec(lines[1]!);
    expect(other, lines[1]).not.toBeNull();
    expect(other![3]).toBe(other![2]);

    const named = await run("token-issue", ["--contract", other![2]!]);
    expect(named.code, named.err).toBe(0);
    expect(issuedFor(named.out)).toEqual([other![1], other![2]]);
  });

  it("an unknown service is named with the services there are", { timeout: 60_000 }, async () => {
    const r = await run("token-issue", ["--service", "10112891"]);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe("Unknown service ID 10112891: the services are 10112890, 10112905, 10113017 (default 10112890, personal internet banking).");
  });
});

describe("a configuration error", () => {
  it("outside demo mode names each missing secret once, in one line each, without a stack", { timeout: 60_000 }, async () => {
    // No database is opened: the settings are checked first.
    const r = await run("audit-verify", [], { DATABASE_URL: "postgres://tokendesk_app@127.0.0.1:1/tokendesk" });
    expect(r.code).toBe(1);
    const lines = r.err.trim().split("\n");
    expect(lines[0]).toBe("Error: TokenDesk configuration: 3 settings need fixing (outside demo mode the secrets are required; DATABASE_URL is set, so demo mode is off):");
    for (const name of ["NEXTAUTH_SECRET", "TOKENDESK_ENCRYPTION_KEY", "TOKENDESK_AUDIT_SIGNING_KEY"]) {
      expect(lines.filter((line) => line.includes(name)), name).toEqual([expect.stringMatching(new RegExp(`^ {2}${name} is not set — .+\\. Set it: export ${name}=\\$\\(openssl rand -base64 32\\)$`))]);
    }
    expect(lines).toHaveLength(5);
    expect(r.err).not.toMatch(/Invalid input|undefined|\n\s+at /);
  });
});
