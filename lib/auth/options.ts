import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb, type Db } from "@/db/client";
import { getSecrets, isDemoMode } from "@/lib/config/env";
import { describeError, reportUnexpected } from "@/lib/server/report-error";
import { servedOverHttps } from "@/lib/server/security";
import { systemClock, type Clock } from "@/lib/time/clock";
import { SESSION_MAX_MS } from "./sessions";
import { signInStaff } from "./sign-in";
import { SIGN_IN_ERRORS } from "./sign-in-errors";
import { metaFromHeaders } from "./request-meta";
import { portalTarget, redirectRefusedLine } from "./redirects";

export { SIGN_IN_ERRORS };

/** What the sign-in handler runs against; tests pass their own database and clock. */
export interface AuthDeps {
  db: () => Promise<Db>;
  clock: Clock;
}

const defaultDeps: AuthDeps = { db: getDb, clock: systemClock };

export function authOptions(deps: AuthDeps = defaultDeps): AuthOptions {
  return {
    secret: getSecrets().nextAuthSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_MS / 1000 },
    jwt: { maxAge: SESSION_MAX_MS / 1000 },
    pages: { signIn: "/signin", error: "/signin" },
    useSecureCookies: servedOverHttps(),
    // next-auth's own log lines can carry an error's full text, and its messages quote what the
    // caller sent ("Invalid callback URL. Received: …"): keep to its code, the error's name and where.
    logger: {
      error: (code, metadata) => {
        const { name, dbCode, table, at } = describeError(errorOf(metadata));
        console.error(JSON.stringify({ level: "error", event: "next_auth_error", code, name, dbCode, table, at }));
      },
      warn: (code) => console.warn(JSON.stringify({ level: "warn", event: "next_auth_warning", code })),
      debug: () => {},
    },
    providers: [
      CredentialsProvider({
        name: "TokenDesk",
        credentials: { loginId: { type: "text" }, password: { type: "password" }, code: { type: "text" } },
        async authorize(credentials, req) {
          let result: Awaited<ReturnType<typeof signInStaff>>;
          try {
            result = await signInStaff(
              await deps.db(),
              { loginId: credentials?.loginId ?? "", password: credentials?.password ?? "", code: credentials?.code ?? "" },
              { now: deps.clock.now(), demoMode: isDemoMode(), context: metaFromHeaders(new Headers(req.headers as Record<string, string>), "web") },
            );
          } catch (error) {
            // The error id goes to the server log only. Nothing but a short code, the same for every
            // login ID, may leave authorize: next-auth copies its message into the URL.
            reportUnexpected("sign_in_error", error);
            throw new Error(SIGN_IN_ERRORS.unavailable);
          }
          if (!result.ok) throw new Error(result.reason === "enrolment_required" ? SIGN_IN_ERRORS.enrolmentRequired : SIGN_IN_ERRORS.invalid);
          return { id: result.staffId, sessionId: result.sessionId };
        },
      }),
    ],
    callbacks: {
      // A crafted callbackUrl (another host, "//host", "/\host", javascript:, not a URL at all)
      // sends the browser to the portal's root: never off the portal, never a thrown error.
      redirect({ url, baseUrl }) {
        const target = portalTarget(url, baseUrl);
        if (target.ok) return target.url;
        console.warn(redirectRefusedLine("redirect", target));
        return baseUrl;
      },
      // The JWT carries only identifiers; role, name and validity are read from the database per request.
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sid = (user as { sessionId?: string }).sessionId;
        }
        return token;
      },
      session({ session, token }) {
        return { expires: session.expires, user: { id: token.sub } } as typeof session;
      },
    },
  };
}

function errorOf(metadata: unknown): unknown {
  if (metadata instanceof Error) return metadata;
  return (metadata as { error?: unknown } | undefined)?.error ?? metadata;
}
