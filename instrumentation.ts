/** Runs once when a server starts, before it serves requests: migrate, then seed demo data in demo mode. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { prepareServer } = await import("./lib/server/prepare");
  await prepareServer();
}
