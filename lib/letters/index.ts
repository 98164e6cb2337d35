/*
 * Server-side PDFs for the activation password: the letter posted to the registered address and
 * the slip a teller hands over at the counter.
 *
 * Built with pdf-lib and @pdf-lib/fontkit rather than @react-pdf/renderer: two fixed one-page
 * layouts need exact placement (the address in the envelope window, the password box), not a
 * flow layout; pdf-lib is pure JavaScript with no native or WASM part and no React renderer in
 * the server bundle; it embeds a subset of the Japanese font, so a letter stays small; and its
 * output is byte-for-byte repeatable once the dates are fixed, which the tests rely on.
 */
export { renderActivationLetter } from "./activation-letter";
export { renderCounterSlip } from "./counter-slip";
export { LetterGlyphError } from "./font";
export { activationLetterSchema, counterSlipSchema } from "./schema";
export type { ActivationLetterInput, CounterSlipInput } from "./schema";
