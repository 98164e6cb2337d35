import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { getSecrets, isDemoMode } from "@/lib/config/env";
import { systemClock } from "@/lib/time/clock";
import { SESSION_MAX_MS } from "./sessions";
import { signInStaff } from "./sign-in";
import { metaFromHeaders } from "./request-meta";

/** Error strings next-auth hands back to the sign-in form (never more specific than this). */
export const SIGN_IN_ERRORS = { invalid: "invalid", enrolmentRequired: "enrolment_required" } as const;

export function authOptions(): AuthOptions {
  const secure = process.env.NEXTAUTH_URL?.startsWith("https://") ?? false;
  return {
    secret: getSecrets().nextAuthSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_MS / 1000 },
    jwt: { maxAge: SESSION_MAX_MS / 1000 },
    pages: { signIn: "/signin", error: "/signin" },
    useSecureCookies: secure,
    providers: [
      CredentialsProvider({
        name: "TokenDesk",
        credentials: { loginId: { type: "text" }, password: { type: "password" }, code: { type: "text" } },
        async authorize(credentials, req) {
          const db = await getDb();
          const result = await signInStaff(
            db,
            { loginId: credentials?.loginId ?? "", password: credentials?.password ?? "", code: credentials?.code ?? "" },
            { now: systemClock.now(), demoMode: isDemoMode(), context: metaFromHeaders(new Headers(req.headers as Record<string, string>), "web") },
          );
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
