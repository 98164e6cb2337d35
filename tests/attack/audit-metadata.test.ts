import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as verifyPost } from "@/app/api/token-service/v1/verify/route";
import type { DbHandle } from "@/db/client";
import { systemClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { allAuditEvents } from "@/tests/fixtures/staff";
import { createClient } from "@/tests/fixtures/api-clients";
import { recordFigure } from "./figures";

/**
 * A caller forges where it comes from and which request it is, hoping the audit trail records the
 * lie (or pins the blame on someone else's request id). The route handler is called in-process
 * with the headers our HTTP server would pass: x-tokendesk-peer is the socket peer it overwrites.
 */
let t: TestDb;
let key: string;

beforeAll(async () => {
  process.env.TOKENDESK_DEMO = "0";
  t = await createTestDb();
  (globalThis as unknown as { __tokendeskDb?: Promise<DbHandle> }).__tokendeskDb = Promise.resolve(t.handle);
  key = await createClient(t.db, systemClock, "forger");
});
afterEach(() => {
  delete process.env.TOKENDESK_TRUSTED_PROXIES;
});
afterAll(async () => {
  (globalThis as unknown as { __tokendeskDb?: Promise<DbHandle> }).__tokendeskDb = undefined;
  await t?.close();
});

async function verifyWith(headers: Record<string, string>) {
  const response = await verifyPost(
    new Request("http://localhost/api/token-service/v1/verify", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}`, ...headers },
      body: JSON.stringify({ serviceId: "10112890", userId: "550000000999", otp: "12345678" }),
    }),
  );
  expect(response.status).toBeLessThan(500);
  const events = await allAuditEvents(t.db);
  return events[events.length - 1]!;
}

describe("forged audit metadata", () => {
  it("no trusted proxy: a forged X-Forwarded-For, X-Real-IP and x-request-id do not land in the audit row", async () => {
    const row = await verifyWith({ "x-tokendesk-peer": "198.51.100.23", "x-forwarded-for": "203.0.113.66", "x-real-ip": "203.0.113.67", "x-request-id": "victim-request-42" });
    const forgedLanded = Number(row.ip === "203.0.113.66" || row.ip === "203.0.113.67") + Number(row.requestId === "victim-request-42");
    recordFigure("audit-forged-meta", "Audit metadata: forged X-Forwarded-For and x-request-id from a client → recorded as given", `${forgedLanded} of 2`);
    expect(row.ip).toBe("198.51.100.23");
    expect(row.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.requestId).not.toBe("victim-request-42");
    expect(row.details).toMatchObject({ clientRequestId: "victim-request-42" });
  });

  it("a junk x-request-id is not kept at all", async () => {
    const row = await verifyWith({ "x-tokendesk-peer": "198.51.100.23", "x-request-id": "<img src=x onerror=alert(1)>" });
    expect(JSON.stringify(row)).not.toContain("onerror");
    expect(row.details).not.toHaveProperty("clientRequestId");
  });

  it("behind a configured proxy, the client is the right-most untrusted hop, not the left-most claim", async () => {
    process.env.TOKENDESK_TRUSTED_PROXIES = "10.0.0.0/8";
    const row = await verifyWith({ "x-tokendesk-peer": "10.0.0.5", "x-forwarded-for": "203.0.113.66, 198.51.100.77" });
    expect(row.ip).toBe("198.51.100.77");
  });

  it("without our server's peer header (plain `next start`), no forwarded address is believed", async () => {
    process.env.TOKENDESK_TRUSTED_PROXIES = "10.0.0.0/8";
    const row = await verifyWith({ "x-forwarded-for": "203.0.113.66" });
    expect(row.ip).toBeNull();
  });
});
