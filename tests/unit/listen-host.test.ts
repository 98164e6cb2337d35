import { describe, expect, it } from "vitest";
import { isDemoMode } from "@/lib/config/env";
import { listenHost } from "@/lib/server/listen-host.mjs";

const PG = "postgres://app@db.internal:5432/tokendesk";

describe("the address the portal listens on", () => {
  it("demo mode listens on loopback only", () => {
    expect(listenHost({})).toBe("127.0.0.1");
    expect(listenHost({ TOKENDESK_DEMO: "1", DATABASE_URL: PG })).toBe("127.0.0.1");
  });

  it("outside demo mode it listens on every interface, for the load balancer in front", () => {
    expect(listenHost({ DATABASE_URL: PG })).toBeUndefined();
    expect(listenHost({ TOKENDESK_DEMO: "0" })).toBeUndefined();
  });

  it("HOST decides when set", () => {
    expect(listenHost({ HOST: "0.0.0.0" })).toBe("0.0.0.0");
    expect(listenHost({ HOST: "10.20.1.5", DATABASE_URL: PG })).toBe("10.20.1.5");
  });

  it("reads demo mode exactly as the portal does", () => {
    for (const demo of [undefined, "1", "0", "yes"]) {
      for (const url of [undefined, PG]) {
        const env = { NODE_ENV: "production", TOKENDESK_DEMO: demo, DATABASE_URL: url } as const;
        expect(listenHost(env), JSON.stringify(env)).toBe(isDemoMode(env) ? "127.0.0.1" : undefined);
      }
    }
  });
});
