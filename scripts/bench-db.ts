import postgres from "postgres";

/**
 * The benchmark's own PostgreSQL database (never the portal's): BENCH_DATABASE_URL, by default
 * tokendesk_bench on the local server. Created on first use.
 */
export const benchUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/tokendesk_bench";

export async function ensureBenchDatabase(): Promise<void> {
  const url = new URL(benchUrl);
  const name = url.pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unexpected database name ${name}`);
  url.pathname = "/postgres";
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin`select 1 as one from pg_database where datname = ${name}`;
    if (!row) await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
}
