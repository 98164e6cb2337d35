import { toKatakana } from "wanakana";
import { foldForSearch } from "./fold";

/**
 * Romaji name queries ("suzuki", "Suzuki Ichiro", "OHNO") as patterns on the folded kana key.
 *
 * Staff type a caller's name as it is spelt on a card or in an e-mail, and Hepburn drops what the
 * kana keeps: long vowels (Ichiro = イチロウ, Ohno / Ōno = オオノ, Yuki may be ユウキ) and the
 * syllable-final ン before a vowel (Shinichi = シンイチ). wanakana does the romaji → katakana
 * step; this file only lists the few kana spellings where Hepburn is ambiguous, each searched
 * as a substring. (Not a regex: pg_trgm extracts no trigrams from a regex of kana here, so a
 * regex searched all of name_search — 0.5 s on a million customers instead of under 1 ms.)
 */

/** Latin letters with spaces, hyphens, apostrophes and macrons — nothing a kana or kanji name has. */
const ROMAJI = /^[a-zāīūēōâîûêô' \-.]+$/;

const MACRONS: Record<string, string> = { ā: "a", â: "a", ī: "i", î: "i", ū: "u", û: "u", ē: "e", ê: "e", ō: "o", ô: "o" };

const O_ROW = new Set("オコゴソゾトドノホボポモヨロヲョォ");
const U_ROW = new Set("ウクグスズツヅヌフブプムユルュゥ");
const NA_ROW: Record<string, string> = { ナ: "ア", ニ: "イ", ヌ: "ウ", ネ: "エ", ノ: "オ" };

export function isRomaji(query: string): boolean {
  const q = query.normalize("NFKC").toLowerCase().trim();
  return /[a-z]/.test(q) && ROMAJI.test(q);
}

/** One part of the name (a word) in katakana, long-vowel hints collapsed: "Ohno" → オノ. */
function partToKatakana(word: string): string {
  const latin = word
    .replace(/[āâīîūûēêōô]/g, (c) => MACRONS[c]!)
    .replace(/oh(?![aeiouy])/g, "o") // passport Hepburn: Ohno, Satoh
    .replace(/m(?=[bpm])/g, "n") // Homma, Namba
    .replace(/[-.]/g, "");
  const kana = [...foldForSearch(toKatakana(latin))].filter((c) => /[\u30A1-\u30FA]/u.test(c));
  const out: string[] = [];
  for (const c of kana) {
    const prev = out.at(-1);
    // A written-out long vowel is optional in the pattern anyway (see below): drop it here.
    if (prev && ((O_ROW.has(prev) && (c === "ウ" || c === "オ")) || (U_ROW.has(prev) && c === "ウ"))) continue;
    out.push(c);
  }
  return out.join("");
}

/** More spellings than this for one word and the word is searched as typed (still a partial match). */
const MAX_VARIANTS = 24;

/**
 * The kana spellings one romaji word may stand for: a long vowel (ウ, or オ after an o-row kana)
 * may follow any o/u-row kana but the last (a trailing one is covered by the partial match), and
 * ナニヌネノ after another kana may be ン + vowel (Shinichi = シンイチ).
 */
function partVariants(kana: string): string[] {
  const chars = [...kana];
  let variants = [""];
  chars.forEach((c, i) => {
    const bases = i > 0 && NA_ROW[c] ? [c, `ン${NA_ROW[c]}`] : [c];
    const tails = i === chars.length - 1 ? [""] : O_ROW.has(c) ? ["", "ウ", "オ"] : U_ROW.has(c) ? ["", "ウ"] : [""];
    const next = variants.flatMap((v) => bases.flatMap((b) => tails.map((tail) => v + b + tail)));
    variants = next.length > MAX_VARIANTS ? variants.map((v) => v + c) : next;
  });
  return variants;
}

/**
 * What a romaji query must match on the folded kana key: every word (in any order, so
 * "Ichiro Suzuki" finds スズキ イチロウ too) as one of its spellings, and how many kana the words
 * hold (for the too-short rule). Each spelling is a plain substring — LIKE on the trigram index.
 */
export function romajiVariants(query: string): { words: string[][]; kanaLength: number } {
  const words = query.normalize("NFKC").toLowerCase().split(/[\s\u3000]+/u).filter(Boolean);
  const parts = words.map(partToKatakana).filter(Boolean);
  const variants = parts.map(partVariants);
  const kanaLength = parts.join("").length;
  // Family and given name are adjacent in the key (スズキイチロウ): as one word in either order they
  // are far more selective than each alone (a two-kana given name has no trigram of its own).
  if (parts.length === 2) {
    const joined = [...joinVariants(parts[0]!, variants[0]!, variants[1]!), ...joinVariants(parts[1]!, variants[1]!, variants[0]!)];
    if (joined.length <= MAX_JOINED) return { words: [[...new Set(joined)]], kanaLength };
  }
  return { words: variants, kanaLength };
}

const MAX_JOINED = 48;

/** first + second as one run of kana, allowing a long vowel after the first word's last kana. */
function joinVariants(firstKana: string, first: string[], second: string[]): string[] {
  const last = [...firstKana].at(-1)!;
  const tails = O_ROW.has(last) ? ["", "ウ", "オ"] : U_ROW.has(last) ? ["", "ウ"] : [""];
  return first.flatMap((a) => tails.flatMap((tail) => second.map((b) => a + tail + b)));
}
