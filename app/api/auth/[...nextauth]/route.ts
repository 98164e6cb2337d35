import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

// Sign-in itself (next-auth): there is no session to check yet, so it stays outside the query path.
async function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(authOptions())(request, context);
}

export { handler as GET, handler as POST };
