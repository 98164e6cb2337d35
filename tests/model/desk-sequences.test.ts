import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { fixedClock } from "@/lib/time/clock";
import { createClient } from "@/tests/fixtures/api-clients";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { createSignedInStaff, type Member } from "@/tests/fixtures/staff";
import { everyCommand } from "./commands";
import { World, type Who } from "./world";

/**
 * Random sequences of every desk action, approval, token-service call and the clock, by every
 * role, on one customer each, checked after every step against the promises of
 * lib/customers/invariants.ts. MODEL_RUNS and MODEL_STEPS make a longer run; MODEL_SEED (and
 * MODEL_PATH, both printed on a failure) replay one.
 */
const runs = Number(process.env.MODEL_RUNS ?? 25);
const steps = Number(process.env.MODEL_STEPS ?? 30);
const seed = process.env.MODEL_SEED ? Number(process.env.MODEL_SEED) : undefined;
const path = process.env.MODEL_PATH;

let t: TestDb;
const clock = fixedClock("2026-11-22T01:00:00.000Z");
let staff: Record<Who, Member>;
let apiKey: string;

beforeAll(async () => {
  t = await createTestDb();
  apiKey = await createClient(t.db, clock, "model-app", 1_000_000);
  staff = {
    operator: await createSignedInStaff(t.db, clock, "model.operator", "operator"),
    teller: await createSignedInStaff(t.db, clock, "model.teller", "teller"),
    supervisor: await createSignedInStaff(t.db, clock, "model.supervisor", "supervisor"),
    supervisor2: await createSignedInStaff(t.db, clock, "model.supervisor2", "supervisor"),
    auditor: await createSignedInStaff(t.db, clock, "model.auditor", "auditor"),
  };
});
afterAll(async () => {
  if (process.env.MODEL_STATS) console.log([...World.tally].sort().map(([k, n]) => `${String(n).padStart(5)}  ${k}`).join("\n"));
  await t?.close();
});

describe("the desk's promises hold after any sequence of actions by any role", () => {
  it(`keeps every invariant after each step (${runs} runs of up to ${steps} steps)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(fc.oneof(...everyCommand), { minLength: Math.min(10, steps), maxLength: steps }), async (activated, commands) => {
        const world = new World(t, clock, staff, apiKey);
        await world.start(activated);
        try {
          for (const command of commands) await command.run(world);
        } finally {
          if (process.env.MODEL_TRACE) console.log(world.log.join("\n"));
        }
      }),
      { numRuns: runs, seed, path, verbose: 1, interruptAfterTimeLimit: 5 * 60_000, markInterruptAsFailure: false },
    );
  }, 30 * 60_000);
});
