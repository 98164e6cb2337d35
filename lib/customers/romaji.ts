import { toKatakana } from "wanakana";
import { foldForSearch } from "./fold";

/**
 * Romaji name queries ("suzuki", "Suzuki Ichiro", "OHNO") as patterns on the folded kana key.
 *
 * Staff type a caller's name as it is spelt on a card or in an e-mail, and Hepburn drops what the
 * kana keeps: long vowels (Ichiro = イチロウ, Ohno / Ōno = オオノ, Yuki may be ユウキ) and the
 * syllable-final ン before a vowel (Shinichi = シンイチ). wanakana does the romaji → katakana
 * step; this file only widens the result where Hepburn is ambiguous, as a POSIX regex that the
 * trigram index on name_search serves (pg_trgm extracts trigrams from regexes too).
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

/** The regex for one word: optional long vowel after o/u-row kana, n+vowel also read as ン+vowel. */
function partPattern(kana: string): string {
  const chars = [...kana];
  return chars
    .map((c, i) => {
      const base = i > 0 && NA_ROW[c] ? `(${c}|ン${NA_ROW[c]})` : c;
      // A long vowel after the last kana needs no pattern: the match is a substring anyway.
      if (i === chars.length - 1) return base;
      if (O_ROW.has(c)) return `${base}[ウオー]?`;
      if (U_ROW.has(c)) return `${base}[ウー]?`;
      return base;
    })
    .join("");
}

/**
 * The patterns a romaji query must all match (one per word, in any order, so "Ichiro Suzuki"
 * finds スズキ イチロウ too), and how many kana they hold (for the too-short rule).
 */
export function romajiPatterns(query: string): { patterns: string[]; kanaLength: number } {
  const words = query.normalize("NFKC").toLowerCase().split(/[\s\u3000]+/u).filter(Boolean);
  const parts = words.map(partToKatakana).filter(Boolean);
  return { patterns: parts.map(partPattern), kanaLength: parts.join("").length };
}
