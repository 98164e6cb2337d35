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
      .sort()
      .map((f) => path.join(simDir(), f));
  } catch {
    return [];
  }
}

/** Every token the simulator holds, with its file; a file that is not a stored token is skipped. */
export function heldTokens(): { file: string; token: SimToken }[] {
  return listTokenFiles().flatMap((file) => {
    try {
      return [{ file, token: loadToken(file) }];
    } catch {
      return [];
    }
  });
}

const describeHeld = (held: { token: SimToken }[]) => held.map(({ token }) => `user ${token.userId} on service ${token.serviceId}`).join(", ");

/**
 * --file, else the token of --user (whatever its service, unless --service narrows it), else the
 * only token the simulator holds. When none or several match, the error names what it holds.
 */
export function pickTokenFile(opts: { file?: string; user?: string; service?: string }): string {
  if (opts.file) return opts.file;
  const held = heldTokens();
  if (held.length === 0) throw new Error("no activated token in the simulator: run `npm run token-sim -- activate …` first (or pass --file)");
  const ofUser = opts.user ? held.filter(({ token }) => token.userId === opts.user) : held;
  const matches = opts.service ? ofUser.filter(({ token }) => token.serviceId === opts.service) : ofUser;
  if (matches.length === 1) return matches[0]!.file;
  if (matches.length === 0) {
    const wanted = `${opts.user ? `user ${opts.user}` : "a token"}${opts.service ? ` on service ${opts.service}` : ""}`;
    const hint = ofUser.length ? `: drop --service, or use --service ${ofUser.map(({ token }) => token.serviceId).join(" or ")}` : "";
    throw new Error(`the simulator holds no activated token for ${wanted}; it holds ${describeHeld(ofUser.length ? ofUser : held)}${hint}`);
  }
  const choose = opts.user ? "choose one with --service <service ID>" : "choose one with --user <user ID> (and --service if a user ID is on two services)";
  throw new Error(`the simulator holds ${matches.length} tokens (${describeHeld(matches)}): ${choose}, or --file`);
}
