/**
 * Search folding for Japanese names and queries.
 *
 * Operators type what the caller says: in hiragana or katakana, from a half-width (半角) IME,
 * with or without the space between family and given name, sometimes with a middle dot for
 * foreign names (ジョン・スミス). Customer records hold full-width katakana as registered.
 * Folding both sides the same way lets 「やまだ たろう」, 「ﾔﾏﾀﾞﾀﾛｳ」 and 「ヤマダ　タロウ」
 * all match the stored key 「ヤマダタロウ」 without any dictionary or dependency.
 */

const HIRAGANA_START = 0x3041; // ぁ
const HIRAGANA_END = 0x3096; // ゖ
const HIRAGANA_TO_KATAKANA = 0x60;

/** Whitespace (incl. U+3000 ideographic space) and middle dots (・ ･ ·). */
const IGNORED = /[\s\u30FB\uFF65\u00B7]/gu;

/**
 * Normalise a name or query for search:
 * NFKC (half-width katakana → full-width, full-width latin/digits → ASCII, dakuten composed),
 * hiragana → katakana, whitespace and middle dots removed, latin lower-cased.
 */
export function foldForSearch(input: string): string {
  const nfkc = input.normalize("NFKC");
  let out = "";
  for (const ch of nfkc) {
    const code = ch.codePointAt(0) ?? 0;
    out +=
      code >= HIRAGANA_START && code <= HIRAGANA_END
        ? String.fromCodePoint(code + HIRAGANA_TO_KATAKANA)
        : ch;
  }
  return out.replace(IGNORED, "").toLowerCase();
}

/**
 * Digits only, for phone numbers, contract IDs, serials and the like typed in any width and
 * with any separators: 「０９０-１２３４-５６７８」 → "09012345678".
 */
export function digitsOnly(input: string): string {
  return input.normalize("NFKC").replace(/[^0-9]/g, "");
}
