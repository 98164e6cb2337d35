import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { encode } from "next-auth/jwt";
import type { Db } from "@/db/client";
import { executeAction } from "@/lib/actions/execute";
import { createStaff } from "@/lib/actions/staff/create-staff";
import { signInStaff, startTotpEnrolment } from "@/lib/auth/sign-in";
import { base32Decode } from "@/lib/otp/base32";
import { STAFF_TOTP, totpAt } from "@/lib/otp/totp";
import { SESSION_COOKIE } from "@/lib/server/security";

/** Secrets for the benchmark's own portal process only (set before anything reads them). */
export function benchSecrets(): Record<string, string> {
  const secrets = { NEXTAUTH_SECRET: randomBytes(32).toString("base64"), TOKENDESK_ENCRYPTION_KEY: randomBytes(32).toString("base64"), TOKENDESK_AUDIT_SIGNING_KEY: randomBytes(32).toString("base64"), TOKENDESK_DEMO: "0" };
  Object.assign(process.env, secrets);
  return secrets;
}

/** Starts the built portal on the benchmark database and waits until it is ready. */
export async function startPortal(databaseUrl: string, port: number, secrets: Record<string, string>): Promise<ChildProcess> {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) throw new Error("no production build: run npm run build first");
  // The portal's own server (as npm start runs it), so requests are audited with their address.
  const serveScript = path.join(process.cwd(), "lib", "server", "serve.mjs");
  const server = spawn(process.execPath, [serveScript], {
    env: { ...process.env, ...secrets, PORT: String(port), DATABASE_URL: databaseUrl, NEXTAUTH_URL: `http://localhost:${port}`, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`portal exited with ${server.exitCode}`);
    const ok = await fetch(`http://localhost:${port}/api/health`).then((r) => r.ok).catch(() => false);
    if (ok) return server;
    await new Promise((r) => setTimeout(r, 300));
  }
  server.kill("SIGTERM");
  throw new Error("portal did not become ready");
}

/** A bench operator signed in through the real sign-in core; returns the session cookie. */
export async function benchSessionCookie(db: Db, secret: string): Promise<string> {
  const loginId = `bench.op.${Date.now()}`;
  const password = randomBytes(12).toString("base64url");
  const meta = { channel: "cli" as const, locale: "ja" as const };
  const created = await executeAction(createStaff, { loginId, displayName: "ベンチ", role: "operator", initialPassword: password }, { db, actor: { type: "system", name: "bench" }, meta });
  if (!created.ok) throw new Error(`bench staff: ${created.code}`);
  const env = { now: new Date(), demoMode: false, context: { channel: "cli" as const } };
  const offer = await startTotpEnrolment(db, { loginId, password }, env);
  if (!offer.ok) throw new Error("bench enrolment");
  const signedIn = await signInStaff(db, { loginId, password, code: totpAt(base32Decode(offer.secretBase32), env.now, STAFF_TOTP) }, env);
  if (!signedIn.ok) throw new Error("bench sign-in");
  const jwt = await encode({ token: { sub: created.data.staffId, sid: signedIn.sessionId }, secret });
  return `${SESSION_COOKIE}=${jwt}`;
}
