import type { z } from "zod";
import { getDb } from "@/db/client";
import { executeAction } from "@/lib/actions/execute";
import type { ActionDefinition, RequestMeta } from "@/lib/actions/types";
import { metaFromHeaders } from "@/lib/auth/request-meta";
import { prepareServer } from "@/lib/server/prepare";
import type { ServiceResult } from "@/lib/tokens/outcome";
import { apiError, toHttp } from "./http";

/** Token-service bodies are a few short fields; anything bigger is refused unread. */
export const MAX_BODY_BYTES = 4096;

type Body = { ok: true; value: unknown } | { ok: false; status: 400 | 413 | 415; code: "invalid_json" | "payload_too_large" | "unsupported_media_type" };

/** Reads a JSON body of at most MAX_BODY_BYTES without ever buffering more than that. */
export async function readJsonBody(request: Request): Promise<Body> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) return { ok: false, status: 415, code: "unsupported_media_type" };
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return { ok: false, status: 413, code: "payload_too_large" };
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel();
        return { ok: false, status: 413, code: "payload_too_large" };
      }
      chunks.push(value);
    }
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
  } catch {
    return { ok: false, status: 400, code: "invalid_json" };
  }
}

const bodyMessages = {
  invalid_json: "The body is not valid JSON.",
  payload_too_large: `The body is larger than ${MAX_BODY_BYTES} bytes.`,
  unsupported_media_type: "Send Content-Type: application/json.",
} as const;

/**
 * A token-service POST handler: read the body, run the action as the calling API client (the
 * pipeline authenticates, authorises, validates and audits — a body that cannot be read goes in as
 * `undefined`, so even that call is audited as invalid), then map the result to HTTP in one place.
 */
export function tokenServiceRoute<S extends z.ZodType, T extends object>(
  action: ActionDefinition<S, ServiceResult<T>>,
  op: string,
  present: (value: T) => Record<string, unknown>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      await prepareServer();
      const db = await getDb();
      const meta: RequestMeta = { ...metaFromHeaders(request.headers, "api"), locale: "en" };
      const body = await readJsonBody(request);
      const result = await executeAction(action, body.ok ? body.value : undefined, { db, meta, actor: { type: "api_client", apiKey: apiKeyFromHeaders(request.headers) } });
      if (!body.ok && !result.ok && result.code === "invalid_input") return apiError(body.status, body.code, bodyMessages[body.code]);
      return toHttp(result, op, present);
    } catch (error) {
      // The pipeline catches everything but an unreachable database; say so without details.
      console.error(JSON.stringify({ level: "error", event: "token_service_unavailable", op, name: error instanceof Error ? error.name : "unknown" }));
      return apiError(503, "unavailable", "The token service is unavailable; try again later.");
    }
  };
}

/** The key from "Authorization: Bearer <key>" (or X-Api-Key); null if absent. */
export function apiKeyFromHeaders(headers: Headers): string | null {
  const auth = headers.get("authorization");
  if (auth) {
    const match = /^Bearer\s+(\S+)$/i.exec(auth.trim());
    return match?.[1] ?? null;
  }
  return headers.get("x-api-key")?.trim() || null;
}
