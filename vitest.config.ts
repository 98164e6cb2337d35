import path from "node:path";
import { defineConfig } from "vitest/config";

const env = {
  NEXTAUTH_SECRET: "test-secret-test-secret-test-secret-0123",
  TOKENDESK_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  TOKENDESK_AUDIT_SIGNING_KEY: Buffer.alloc(32, 5).toString("base64"),
};

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    env,
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" } },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          // Each file opens its own database; PGlite start-up and argon2 make some tests slow.
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // Random sequences of every action by every role, checked against the lifecycle invariants.
          name: "model",
          include: ["tests/model/**/*.test.ts"],
          environment: "node",
          testTimeout: 600_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // Attacks found by a red-team run, kept so none of them comes back (see SECURITY.md).
          name: "attack",
          include: ["tests/attack/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
