import type { Instrumentation } from "next";

/**
 * Runs once when a server starts, before it serves requests: migrate, seed demo data in demo mode,
 * then start the background workers (here rather than in prepareServer, which route tests call too).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  // First, so nothing this server logs (Next's own error logging included) carries query parameters.
  const { installLogRedaction } = await import("./lib/server/log-redaction");
  installLogRedaction();
  const { prepareServerOrExit } = await import("./lib/server/prepare");
  await prepareServerOrExit();
  const { startNoticeWorker } = await import("./lib/notifications/worker");
  await startNoticeWorker();
}

/**
 * Next calls this for every error a request hits (render, route handler, server action, proxy),
 * besides logging the error itself through the (redacted) console. One structured line, no data.
 */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { requestErrorRecord } = await import("./lib/server/log-redaction");
  console.error(JSON.stringify(requestErrorRecord(error, request, context)));
};
