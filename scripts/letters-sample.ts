import fs from "node:fs";
import path from "node:path";
import { dataHome } from "@/lib/config/env";
import { renderActivationLetter, renderCounterSlip } from "@/lib/letters";
import { sampleLetter, sampleSlip } from "@/lib/letters/sample-data";
import { runCli } from "./run";

/**
 * npm run letters:sample [-- <out-dir>]: writes both documents with made-up data, to look at. By
 * default into the data folder (.data/letters-sample/), which git ignores, not into the checkout.
 */
runCli(async () => {
  const outDir = path.resolve(process.argv[2] ?? path.join(dataHome(), "letters-sample"));
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, bytes] of [
    ["activation-letter.pdf", await renderActivationLetter(sampleLetter)],
    ["counter-slip.pdf", await renderCounterSlip(sampleSlip)],
  ] as const) {
    fs.writeFileSync(path.join(outDir, name), bytes);
    console.log(`${path.join(outDir, name)} (${(bytes.length / 1024).toFixed(1)} KB)`);
  }
});
