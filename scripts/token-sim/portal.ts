/**
 * How the simulator reaches the portal: over HTTP only (it never opens the database, so it runs
 * beside `npm start`). The address follows the portal's own: --url, else $TOKEN_SIM_URL, else
 * http://localhost:$PORT (the port `npm start` serves on, default 3000).
 */
export function portalBaseUrl(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return flag;
  if (env.TOKEN_SIM_URL) return env.TOKEN_SIM_URL;
  return `http://localhost:${env.PORT || "3000"}`;
}

/** A failure the operator can act on, printed as one line instead of "fetch failed" and a stack. */
export class PortalUnreachableError extends Error {
  constructor(readonly url: string, why: "refused" | "timeout") {
    super(
      why === "timeout"
        ? `ポータルが応答しません / The portal at ${url} did not answer in time — is npm start running there?`
        : `ポータルに接続できません / Cannot reach the portal at ${url} — is npm start running?`,
    );
    this.name = "PortalUnreachableError";
  }
}

const ANSWER_WITHIN_MS = 15_000;

/** POSTs one token-service call; a network failure becomes PortalUnreachableError naming the base URL. */
export async function postToPortal(base: string, op: string, apiKey: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const target = new URL(`/api/token-service/v1/${op}`, base);
  let response: Response;
  try {
    response = await fetch(target, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}`, "user-agent": "tokendesk-token-sim" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
    throw new PortalUnreachableError(target.origin, timedOut ? "timeout" : "refused");
  }
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: response.status, json };
}
