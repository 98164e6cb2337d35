import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { dataHome } from "@/lib/config/env";

/** What the simulated app keeps per token after activation (like the real app's storage). */
export const simTokenSchema = z.object({
  serviceId: z.string(),
  userId: z.string(),
  serial: z.string(),
  expiresAt: z.string(),
  secret: z.string(),
  digits: z.number(),
  period: z.number(),
  algorithm: z.string(),
});
export type SimToken = z.infer<typeof simTokenSchema>;

export function simDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataHome(env), "token-sim");
}

export function defaultFile(serviceId: string, userId: string): string {
  return path.join(simDir(), `${serviceId}-${userId}.json`);
}

/** Written 0600: the file holds the TOTP secret, as the phone's keystore would. */
export function saveToken(file: string, token: SimToken): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(token, null, 2), { mode: 0o600 });
}

export function loadToken(file: string): SimToken {
  return simTokenSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}

export function listTokenFiles(): string[] {
  try {
    return readdirSync(simDir())
      .filter((f) => f.endsWith(".json"))
      .map((f) => path.join(simDir(), f));
  } catch {
    return [];
  }
}

/** --file, else the file for --user, else the only token the simulator holds. */
export function pickTokenFile(opts: { file?: string; user?: string; service?: string }): string {
  if (opts.file) return opts.file;
  const files = listTokenFiles();
  const matches = opts.user ? files.filter((f) => path.basename(f).includes(`-${opts.user}.json`) && (!opts.service || path.basename(f).startsWith(opts.service))) : files;
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new Error("no activated token in the simulator: run `npm run token-sim -- activate …` first (or pass --file)");
  throw new Error(`the simulator holds ${matches.length} tokens: choose one with --user <user ID> (or --file)`);
}
