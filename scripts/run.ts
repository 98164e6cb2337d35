import { redactError } from "@/lib/server/log-redaction";

/**
 * Runs a CLI entry point: prints a one-line error (no stack, no query parameters) and exits
 * non-zero on failure.
 */
export function runCli(main: () => Promise<number | void>): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      const safe = redactError(error);
      console.error(`Error: ${safe instanceof Error ? safe.message : String(safe)}`);
      process.exit(1);
    },
  );
}

export function argValue(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}
