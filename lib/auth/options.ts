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
    // next-auth's own log lines can carry an error's full text: keep to its code and our JSON shape.
    logger: {
      error: (code, metadata) => console.error(JSON.stringify({ level: "error", event: "next_auth_error", code, ...describeError(errorOf(metadata)) })),
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
