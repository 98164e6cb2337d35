import { demoModeOffHint, isDemoMode } from "@/lib/config/env";
import { demoAccounts, demoTotpSecret } from "@/lib/demo/accounts";
import { STAFF_TOTP, totpAt } from "@/lib/otp/totp";
import { runCli } from "./run";

/**
 * npm run demo:code -- operator1 — prints a demo account's current authenticator code.
 * Demo mode only: outside it there are no demo accounts and this prints nothing useful.
 */
runCli(async () => {
  if (!isDemoMode()) {
    console.error(`demo:code works only in demo mode, where the demo accounts are: ${demoModeOffHint()}.`);
    return 1;
  }
  const wanted = process.argv[2];
  const accounts = wanted ? demoAccounts.filter((a) => a.loginId === wanted) : demoAccounts;
  if (accounts.length === 0) {
    console.error(`Unknown demo account "${wanted}". Demo accounts: ${demoAccounts.map((a) => a.loginId).join(", ")}`);
    return 1;
  }
  const now = new Date();
  const remaining = STAFF_TOTP.stepSeconds - (Math.floor(now.getTime() / 1000) % STAFF_TOTP.stepSeconds);
  for (const account of accounts) {
    console.log(`${account.loginId.padEnd(12)} ${totpAt(demoTotpSecret(account.loginId), now, STAFF_TOTP)}`);
  }
  console.log(`(valid for ${remaining} more seconds; each code signs in once)`);
});
