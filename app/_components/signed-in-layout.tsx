import { connection } from "next/server";
import { redirect } from "next/navigation";
import { getSessionState } from "@/lib/auth/guard";
import { Shell } from "./shell";

/** Layout for every signed-in area; each page still checks its own permission. */
export async function SignedInLayout({ children }: { children: React.ReactNode }) {
  await connection();
  const state = await getSessionState();
  if (!state.staff) redirect(state.reason === "none" ? "/signin" : `/signin?ended=${state.reason}`);
  return <Shell staff={state.staff}>{children}</Shell>;
}
