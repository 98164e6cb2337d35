import { parseArgs } from "node:util";
import { readDemoApiKey } from "@/lib/demo/api-client";
import { base32Decode } from "@/lib/otp/base32";
import { totpAt, type TotpParams } from "@/lib/otp/totp";
import { portalBaseUrl, PortalUnreachableError, postToPortal } from "@/scripts/token-sim/portal";
import { isKnownService, RENEWAL_WINDOW_DAYS, serviceIds } from "@/lib/tokens/policy";
import { defaultFile, heldTokens, loadToken, pickTokenFile, saveToken, type SimToken } from "@/scripts/token-sim/state";
import { runCli } from "./run";

const usage = `npm run token-sim -- <command> [options]   (plays the customer's OTP app against the API)

  activate --service <8 digits> --user <12 digits> --password <activation password> [--label <device>]
  code                 print the current one-time password (and the next)
  verify [--otp <code> | --wrong] [--times <n>]   what internet banking does at sign-in
  resync               password correction (パスワード補正): sends two consecutive codes
  renew                renew the expiry (only within ${RENEWAL_WINDOW_DAYS} days of it)
  list                 tokens the simulator holds
  confirm-email --contract <10 digits> --address <e-mail> --code <8 digits>
                       what internet banking does when the customer types the code mailed to a new
                       registered address (needs no stored token)

  --skew <seconds>     simulate a phone clock that is off by this much (e.g. 300 or -420)
  --user / --file      which stored token (needed when the simulator holds several); --user finds
                       it whatever its service (--service narrows it when a user ID is on two)
  --url <base>         the portal (default $TOKEN_SIM_URL, else http://localhost:$PORT, PORT default 3000)
  --api-key <key>      default $TOKEN_SIM_API_KEY, or in demo mode the demo client's key from .data/

  Activated tokens (with their secrets) are kept in $TOKENDESK_HOME/token-sim/ (default .data/token-sim/);
  point TOKENDESK_HOME at a temp folder for a throwaway simulator, as the browser tests do.`;

const config = {
  allowPositionals: true,
  options: {
    service: { type: "string" },
    user: { type: "string" },
    password: { type: "string" },
    label: { type: "string", default: "token-sim" },
    file: { type: "string" },
    skew: { type: "string", default: "0" },
    otp: { type: "string" },
    wrong: { type: "boolean", default: false },
    times: { type: "string", default: "1" },
    url: { type: "string" },
    "api-key": { type: "string" },
    contract: { type: "string" },
    address: { type: "string" },
    code: { type: "string" },
    help: { type: "boolean", default: false },
  },
} as const;

function parseOrExit() {
  try {
    return parseArgs(config);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    process.exit(1);
  }
}
const { values, positionals } = parseOrExit();

const baseUrl = portalBaseUrl(values.url);

if (values.service !== undefined && !isKnownService(values.service)) {
  console.error(`Unknown service ID ${values.service}: the services are ${serviceIds.join(", ")}.`);
  process.exit(1);
}

const skewMs = Number(values.skew) * 1000;
if (!Number.isFinite(skewMs)) {
  console.error("--skew takes seconds, e.g. 300");
  process.exit(1);
}
const deviceNow = () => new Date(Date.now() + skewMs);

function params(token: SimToken): TotpParams {
  return { digits: token.digits as 6 | 8, stepSeconds: token.period, algorithm: token.algorithm.toLowerCase() as TotpParams["algorithm"] };
}

function codeAt(token: SimToken, at: Date): string {
  return totpAt(base32Decode(token.secret), at, params(token));
}

async function call(op: string, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
  const apiKey = values["api-key"] ?? process.env.TOKEN_SIM_API_KEY ?? readDemoApiKey();
  if (!apiKey) throw new Error("no API key: pass --api-key, set TOKEN_SIM_API_KEY, or start the demo portal once (it writes .data/demo-api-key.json)");
  return postToPortal(baseUrl, op, apiKey, body);
}

/** Prints the API's answer without secrets; exit code 0 when accepted, 2 when refused. */
function report(op: string, r: { status: number; json: Record<string, unknown> }): number {
  const shown = Object.fromEntries(Object.entries(r.json).filter(([k]) => k !== "secret" && k !== "otpauthUri"));
  console.log(`${op}: HTTP ${r.status} ${JSON.stringify(shown)}`);
  return r.status === 200 && r.json.ok === true && r.json.result !== "rejected" ? 0 : 2;
}

async function main(): Promise<number> {
  const command = positionals[0];
  if (!command || values.help) {
    console.log(usage);
    return command ? 0 : 1;
  }
  if (command === "list") {
    const held = heldTokens();
    if (held.length === 0) console.log("The simulator holds no token yet: npm run token-sim -- activate --service … --user … --password …");
    for (const { file, token: t } of held) {
      console.log(`${t.serviceId} ${t.userId} serial ${t.serial} expires ${t.expiresAt.slice(0, 10)}  (${file})`);
    }
    return 0;
  }
  if (command === "confirm-email") {
    if (!values.contract || !values.address || !values.code) throw new Error("confirm-email needs --contract <contract ID>, --address <e-mail> and --code <the code from the mail>");
    return report("confirm-email", await call("confirm-email", { contractId: values.contract, address: values.address, code: values.code }));
  }
  if (command === "activate") {
    // The activation password belongs to one service's user ID: token:issue prints the whole command.
    if (!values.service || !values.user || !values.password) throw new Error(`activate needs --service (${serviceIds.join(", ")}), --user and --password, as token:issue prints them`);
    const r = await call("activate", {
      serviceId: values.service,
      userId: values.user,
      activationPassword: values.password,
      device: { label: values.label, time: deviceNow().toISOString() },
    });
    if (r.status === 200 && r.json.ok === true) {
      const token: SimToken = { serviceId: values.service, userId: values.user, ...(r.json as Omit<SimToken, "serviceId" | "userId">) };
      const file = values.file ?? defaultFile(token.serviceId, token.userId);
      saveToken(file, { serviceId: token.serviceId, userId: token.userId, serial: token.serial, expiresAt: token.expiresAt, secret: token.secret, digits: token.digits, period: token.period, algorithm: token.algorithm });
      console.log(`Activated serial ${token.serial}; the secret is stored in ${file}.`);
      console.log(`To use a standard authenticator app instead, import: ${String(r.json.otpauthUri)}`);
    }
    return report("activate", r);
  }

  const tokenFile = pickTokenFile({ file: values.file, user: values.user, service: values.service });
  const token = loadToken(tokenFile);
  const ids = { serviceId: token.serviceId, userId: token.userId };
  const now = deviceNow();
  const stepMs = token.period * 1000;
  if (command === "code") {
    const remaining = token.period - (Math.floor(now.getTime() / 1000) % token.period);
    console.log(`${codeAt(token, now)}  (next ${codeAt(token, new Date(now.getTime() + stepMs))}; changes in ${remaining} s${skewMs ? `; phone clock ${values.skew} s off` : ""})`);
    return 0;
  }
  if (command === "verify") {
    let status = 0;
    const times = Math.max(1, Number(values.times) || 1);
    for (let i = 0; i < times; i++) {
      const right = codeAt(token, now);
      const otp = values.otp ?? (values.wrong ? right.slice(0, -1) + String((Number(right.at(-1)) + 1 + (i % 9)) % 10) : right);
      status = report(`verify ${i + 1}/${times}`, await call("verify", { ...ids, otp }));
    }
    return status;
  }
  if (command === "resync") {
    return report("resync", await call("resync", { ...ids, otp1: codeAt(token, now), otp2: codeAt(token, new Date(now.getTime() + stepMs)) }));
  }
  if (command === "renew") {
    const r = await call("renew", { ...ids, otp: codeAt(token, now) });
    if (r.status === 200 && typeof r.json.expiresAt === "string") saveToken(tokenFile, { ...token, expiresAt: r.json.expiresAt });
    return report("renew", r);
  }
  console.error(`Unknown command "${command}".\n\n${usage}`);
  return 1;
}

// An unreachable portal is the operator's everyday mistake: one line naming the URL, exit 3.
runCli(() =>
  main().catch((error: unknown) => {
    if (!(error instanceof PortalUnreachableError)) throw error;
    console.error(error.message);
    return 3;
  }),
);
