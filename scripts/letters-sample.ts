import fs from "node:fs";
import path from "node:path";
import { renderActivationLetter, renderCounterSlip } from "@/lib/letters";
import { sampleLetter, sampleSlip } from "@/lib/letters/sample-data";

/** npm run letters:sample -- <out-dir>: writes both documents with made-up data, to look at. */
async function main(): Promise<void> {
  const outDir = path.resolve(process.argv[2] ?? ".");
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, bytes] of [
    ["activation-letter.pdf", await renderActivationLetter(sampleLetter)],
    ["counter-slip.pdf", await renderCounterSlip(sampleSlip)],
  ] as const) {
    fs.writeFileSync(path.join(outDir, name), bytes);
    console.log(`${path.join(outDir, name)} (${(bytes.length / 1024).toFixed(1)} KB)`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
