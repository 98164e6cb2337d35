import path from "node:path";

/** Fixed secrets for the test server only, so tests can compute demo codes too. */
export const e2eEnv = {
  NEXTAUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123456",
  TOKENDESK_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
  TOKENDESK_AUDIT_SIGNING_KEY: Buffer.alloc(32, 11).toString("base64"),
  TOKENDESK_DEMO: "1",
};

export const E2E_PASSWORD = "e2e-password-2026";
export const E2E_ACCOUNTS_FILE = path.join(process.cwd(), "test-results", "e2e-accounts.json");
/** One empty file per account a test has taken (see claimAccount). */
export const E2E_CLAIMS_DIR = path.join(process.cwd(), "test-results", "e2e-claims");
/** Everything the test server prints (stdout and stderr), for tests that check what reaches the log. */
export const E2E_SERVER_LOG = path.join(process.cwd(), "test-results", "e2e-server.log");
/** The token issued by the global setup (activation password and API key are test fixtures). */
export const E2E_TOKEN_FILE = path.join(process.cwd(), "test-results", "e2e-token.json");

/**
 * Where the attack specs find the portal's database (PostgreSQL only: an embedded PGlite directory
 * belongs to the one server process) and the server's captured stdout/stderr.
 */
export const E2E_SERVER_FILE = path.join(process.cwd(), "test-results", "e2e-server.json");

export interface E2eServer {
  databaseUrl: string | null;
  logFile: string;
  canaryToken: E2eCanaryToken;
}

export interface E2eCanaryToken {
  contractId: string;
  nameKanji: string;
  serviceId: string;
  userId: string;
  serial: string;
  activationPassword: string;
  apiKey: string;
}

export interface E2eToken {
  contractId: string;
  nameKanji: string;
  nameKana: string;
  serviceId: string;
  userId: string;
  serial: string;
  activationPassword: string;
  apiKey: string;
  /** The portal's TOKENDESK_HOME (a temp folder), where demo mode keeps its own files. */
  portalHome: string;
}
