// The address the portal's server listens on. Plain JavaScript: lib/server/serve.mjs imports it
// before anything is compiled, and scripts/start.ts prints it.

/** Demo mode as lib/config/env.ts `isDemoMode` reads it (tests/unit/listen-host.test.ts holds the two together). */
function demoMode(env) {
  if (env.TOKENDESK_DEMO === "1") return true;
  if (env.TOKENDESK_DEMO === "0") return false;
  return !env.DATABASE_URL;
}

/**
 * HOST when set. Otherwise, in demo mode, loopback only: the demo's accounts and passwords are
 * printed on its sign-in page and its mailbox shows every letter, so nothing but this machine
 * may reach it. Outside demo mode every interface (undefined), for the load balancer in front.
 */
export function listenHost(env) {
  if (env.HOST) return env.HOST;
  return demoMode(env) ? "127.0.0.1" : undefined;
}
