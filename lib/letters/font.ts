import fs from "node:fs";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import type { PDFDocument, PDFFont } from "pdf-lib";
import { woffToSfnt } from "./woff";

/*
 * The letters' typeface is BIZ UDPGothic (Morisawa's universal-design gothic, SIL OFL 1.1), shipped
 * by the npm package @fontsource/biz-udpgothic: a UD face is what Japanese banks and public offices
 * print for readers of every age, and its digits (0/6/8/9, 1/7) are hard to misread, which matters
 * for an activation password typed from paper. The package ships the font as web files: one
 * "japanese" file (about 7,600 glyphs: kana, JIS level 1–2 kanji, Latin) and 120 numbered slices
 * that together hold the whole font. The japanese file is used first; a character it lacks (a
 * name's 髙 or 﨑) is taken from the slice that holds it, so a customer's name never prints as an
 * empty box. Every font is embedded as a subset, so a letter carries only the glyphs it uses.
 *
 * The files are read with fs when a letter is rendered, located through Node's resolver from
 * node_modules, so nothing is downloaded at run time and no bundler has to understand a font file.
 */
const FONT_PACKAGE = "@fontsource/biz-udpgothic";

export type Weight = 400 | 700;

type FontkitFont = {
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphsForString(text: string): unknown[];
  layout(text: string): { glyphs: unknown[] };
};

let filesDir: string | undefined;
let sliceRanges: { name: string; ranges: [number, number][] }[] | undefined;
const fileCache = new Map<string, { bytes: Uint8Array; font: FontkitFont }>();
const parsedByBytes = new WeakMap<Uint8Array, FontkitFont>();

/** Hands pdf-lib the font already parsed (and kept) for these bytes instead of parsing it again. */
const cachedFontkit = {
  create(bytes: Uint8Array): unknown {
    return parsedByBytes.get(bytes) ?? fontkit.create(bytes);
  },
} as unknown as typeof fontkit;

/**
 * The package's files/ folder, found by Node's own resolver at call time. Next's bundler swaps a
 * `createRequire` it can see for its own require, which fails on a path it cannot trace ("expression
 * is too dynamic"), so Node's module API is fetched with getBuiltinModule, which no bundler
 * rewrites. Node before 20.16 lacks it: there the working directory's node_modules is used.
 */
function fontFilesDir(): string {
  if (!filesDir) {
    const nodeModule = process.getBuiltinModule?.("node:module");
    const packageDir = nodeModule
      ? path.dirname(nodeModule.createRequire(import.meta.url).resolve(`${FONT_PACKAGE}/LICENSE`))
      : path.join(process.cwd(), "node_modules", FONT_PACKAGE);
    filesDir = path.join(packageDir, "files");
  }
  return filesDir;
}

function loadFile(file: string): { bytes: Uint8Array; font: FontkitFont } {
  let entry = fileCache.get(file);
  if (!entry) {
    const bytes = woffToSfnt(new Uint8Array(fs.readFileSync(path.join(fontFilesDir(), file))));
    const font = fontkit.create(bytes) as unknown as FontkitFont;
    // pdf-lib only takes the glyphs of a layout. The face's substitutions are vertical forms and
    // the like, nothing horizontal text needs, and shaping through them costs ~300 ms per call.
    font.layout = (text: string) => ({ glyphs: font.glyphsForString(text) });
    entry = { bytes, font };
    fileCache.set(file, entry);
    parsedByBytes.set(bytes, font);
  }
  return entry;
}

/** Slice name ("66") → the code point ranges it holds, from the package's unicode.json. */
function slices(): { name: string; ranges: [number, number][] }[] {
  if (!sliceRanges) {
    const json = JSON.parse(fs.readFileSync(path.join(fontFilesDir(), "..", "unicode.json"), "utf8")) as Record<string, string>;
    sliceRanges = Object.entries(json)
      .map(([key, value]) => ({ name: key.replace(/^\[|\]$/g, ""), ranges: parseRanges(value) }))
      .filter((slice) => /^\d+$/.test(slice.name));
  }
  return sliceRanges;
}

function parseRanges(value: string): [number, number][] {
  return value.split(",").map((part) => {
    const [low, high] = part.trim().replace(/^U\+/i, "").split("-");
    const from = parseInt(low ?? "", 16);
    return [from, high ? parseInt(high, 16) : from];
  });
}

/** A character no file of the typeface can draw: refused rather than printed as an empty box. */
export class LetterGlyphError extends Error {
  constructor(readonly codePoints: string[]) {
    super(`letters.unprintableCharacters: ${codePoints.join(" ")}`);
    this.name = "LetterGlyphError";
  }
}

/** The fonts of one document: which embedded font draws each character. */
export type FontSet = { fontFor(char: string, weight: Weight): PDFFont };

/** Every string of a document's input, for embedFonts to find the characters it must cover. */
export function inputText(input: Record<string, unknown>): string {
  return Object.values(input)
    .flat()
    .filter((value): value is string => typeof value === "string")
    .join("");
}

/**
 * Embeds, for each weight, the japanese file plus whichever slices the input text needs (the
 * letters' own wording is all in the japanese file). Whitespace is ignored; any other character no
 * file holds raises LetterGlyphError with its code point only — the text may hold a secret.
 */
export async function embedFonts(doc: PDFDocument, text: string): Promise<FontSet> {
  doc.registerFontkit(cachedFontkit);
  const byWeight = new Map<Weight, { primary: PDFFont; extra: Map<string, PDFFont> }>();
  for (const weight of [400, 700] as const) {
    const primaryFile = `biz-udpgothic-japanese-${weight}-normal.woff`;
    const primary = loadFile(primaryFile);
    const primaryFont = await embedOnce(doc, primaryFile);
    const extra = new Map<string, PDFFont>();
    const missing: string[] = [];
    for (const char of new Set(text)) {
      if (/\s/.test(char) || primary.font.hasGlyphForCodePoint(char.codePointAt(0)!)) continue;
      const codePoint = char.codePointAt(0)!;
      const slice = slices().find((s) => s.ranges.some(([from, to]) => codePoint >= from && codePoint <= to));
      const file = slice && `biz-udpgothic-${slice.name}-${weight}-normal.woff`;
      if (!file || !loadFile(file).font.hasGlyphForCodePoint(codePoint)) {
        missing.push(`U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`);
        continue;
      }
      extra.set(char, await embedOnce(doc, file));
    }
    if (missing.length > 0) throw new LetterGlyphError(missing);
    byWeight.set(weight, { primary: primaryFont, extra });
  }
  return {
    fontFor(char, weight) {
      const fonts = byWeight.get(weight)!;
      return fonts.extra.get(char) ?? fonts.primary;
    },
  };
}

const embedded = new WeakMap<PDFDocument, Map<string, PDFFont>>();

/** One embedded subset per file per document, however many characters come from it. */
async function embedOnce(doc: PDFDocument, file: string): Promise<PDFFont> {
  let perDoc = embedded.get(doc);
  if (!perDoc) embedded.set(doc, (perDoc = new Map()));
  let font = perDoc.get(file);
  if (!font) {
    font = await doc.embedFont(loadFile(file).bytes, { subset: true });
    perDoc.set(file, font);
  }
  return font;
}
