import { connection } from "next/server";
import { getSessionState } from "@/lib/auth/guard";
import { NotFoundContent } from "./_components/not-found-content";
import { Shell } from "./_components/shell";

/** Any unknown address: inside the usual frame (header, menu) for a signed-in user, with a way home. */
export default async function NotFound() {
  await connection();
  const state = await getSessionState();
  if (state.staff) {
    return (
      <Shell staff={state.staff}>
        <NotFoundContent />
      </Shell>
    );
  }
  return (
    <main id="main" className="mx-auto max-w-xl p-8">
      <NotFoundContent />
    </main>
  );
}
