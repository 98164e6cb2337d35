import { closeDb, configFromEnv, getDbHandle, migratePostgres } from "@/db/client";
import { describeUrl } from "@/db/roles";
import { describeDatabase, SINGLE_ROLE_WARNING } from "@/lib/config/database";
import { argValue, runCli } from "./run";

/**
 * npm run db:migrate — applies pending migrations (the portal also does this when it starts).
 * With MIGRATION_DATABASE_URL it migrates as that owner role and then grants DATABASE_URL's role
 * the runtime rights on every table (idempotent; re-run after each upgrade).
 *
 * npm run db:roles -- --app-role tokendesk_app — for a DBA: migrates as the owner
 * (MIGRATION_DATABASE_URL, else DATABASE_URL) and grants the named, existing role its rights.
 */
runCli(async () => {
  if (process.argv.includes("--roles")) {
    const appRole = argValue("--app-role");
    const ownerUrl = process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL;
    if (!appRole || !ownerUrl) {
      console.error("Usage: MIGRATION_DATABASE_URL=postgres://owner@host/db npm run db:roles -- --app-role <runtime role>");
      return 1;
    }
    await migratePostgres(ownerUrl, appRole);
    console.log(`Migrations applied on ${describeUrl(ownerUrl)}; role "${appRole}" granted: SELECT/INSERT on audit_* tables, SELECT/INSERT/UPDATE/DELETE on the others.`);
    return 0;
  }
  const handle = await getDbHandle();
  console.log(`Migrations applied: ${describeDatabase()}.`);
  if (handle.roles === "single") console.warn(SINGLE_ROLE_WARNING);
  if (configFromEnv().driver === "postgres" && handle.roles === "separate" && process.env.MIGRATION_DATABASE_URL) {
    console.log("Runtime grants applied to DATABASE_URL's role.");
  }
  await closeDb();
});
