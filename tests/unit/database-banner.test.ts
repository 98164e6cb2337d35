import { describe, expect, it } from "vitest";
import { credentialsOf } from "@/db/roles";
import { describeDatabase } from "@/lib/config/database";

describe("the start banner names the database actually used", () => {
  it("PostgreSQL: host, port, database and roles, never a password", () => {
    const line = describeDatabase({
      DATABASE_URL: "postgres://tokendesk_app:s3cret-app@db.internal:5433/tokendesk",
      MIGRATION_DATABASE_URL: "postgres://tokendesk_owner:s3cret-owner@db.internal:5433/tokendesk",
    } as unknown as NodeJS.ProcessEnv);
    expect(line).toBe("PostgreSQL db.internal:5433/tokendesk as tokendesk_app, migrations as tokendesk_owner");
    expect(line).not.toMatch(/s3cret/);
  });
  it("PGlite: the directory", () => {
    expect(describeDatabase({ TOKENDESK_HOME: "/srv/td" } as unknown as NodeJS.ProcessEnv)).toBe("PGlite (embedded) in /srv/td/pglite");
  });
  it("the runtime role is DATABASE_URL's user, percent-decoded", () => {
    expect(credentialsOf("postgres://td%5Fapp:p%40ss@h/db")).toEqual({ user: "td_app", password: "p@ss" });
    expect(credentialsOf("postgres://h/db").password).toBeNull();
  });
});
