import { rgb, type PDFDocument, type PDFFont, type PDFPage, type RGB } from "pdf-lib";
import { jstParts } from "@/lib/time/format";
import type { FontSet, Weight } from "./font";

export const INK = rgb(0.1, 0.1, 0.12);
export const MUTED = rgb(0.35, 0.35, 0.4);
export const BRAND = rgb(0.06, 0.27, 0.52);
export const RULE = rgb(0.55, 0.58, 0.63);

/** Characters a Japanese line may not start with (行頭禁則). */
const NO_LINE_START = new Set([..."、。，．・：；？！ー）」』】〕，.,:;!?)ぁぃぅぇぉっゃゅょァィゥェォッャュョ"]);

type TextOptions = { size: number; weight?: Weight; color?: RGB };

/** Draws text that may need more than one embedded font, run by run. */
export class Writer {
  constructor(
    readonly page: PDFPage,
    private readonly fonts: FontSet,
  ) {}

  private runs(value: string, weight: Weight): { text: string; font: PDFFont }[] {
    const runs: { text: string; font: PDFFont }[] = [];
    for (const char of value) {
      const font = this.fonts.fontFor(char, weight);
      const last = runs.at(-1);
      if (last && last.font === font) last.text += char;
      else runs.push({ text: char, font });
    }
    return runs;
  }

  width(value: string, { size, weight = 400 }: TextOptions): number {
    return this.runs(value, weight).reduce((sum, run) => sum + run.font.widthOfTextAtSize(run.text, size), 0);
  }

  /** Draws one line with its baseline at y; returns the x after it. */
  text(value: string, x: number, y: number, { size, weight = 400, color = INK }: TextOptions): number {
    const edge = 14;
    if (x < edge || x + this.width(value, { size, weight }) > this.page.getWidth() - edge) throw new Error("letters.textTooLongForPage");
    for (const run of this.runs(value, weight)) {
      this.page.drawText(run.text, { x, y, size, font: run.font, color });
      x += run.font.widthOfTextAtSize(run.text, size);
    }
    return x;
  }

  right(value: string, rightX: number, y: number, options: TextOptions): void {
    this.text(value, rightX - this.width(value, options), y, options);
  }

  center(value: string, centerX: number, y: number, options: TextOptions): void {
    this.text(value, centerX - this.width(value, options) / 2, y, options);
  }

  /** Breaks a paragraph into lines no wider than maxWidth, keeping punctuation off a line's start. */
  wrap(value: string, maxWidth: number, options: TextOptions): string[] {
    const lines: string[] = [];
    let current = "";
    for (const char of value) {
      if (current && this.width(current + char, options) > maxWidth && !NO_LINE_START.has(char)) {
        lines.push(current);
        current = char;
      } else {
        current += char;
      }
    }
    if (current) lines.push(current);
    return lines;
  }

  /** Draws a wrapped paragraph from baseline y downwards; returns the baseline of the next line. */
  paragraph(value: string, x: number, y: number, maxWidth: number, options: TextOptions & { leading: number }): number {
    for (const line of this.wrap(value, maxWidth, options)) {
      this.text(line, x, y, options);
      y -= options.leading;
    }
    return y;
  }

  /** A hanging-indent item ("1." or "・" then text aligned after it); returns the next baseline. */
  item(marker: string, value: string, x: number, y: number, maxWidth: number, options: TextOptions & { leading: number }): number {
    const indent = Math.max(this.width(marker, options), options.size) + options.size * 0.3;
    this.text(marker, x, y, options);
    return this.paragraph(value, x + indent, y, maxWidth - indent, options);
  }
}

/** The portal's mark: a shield holding a keyhole, drawn as vectors so no image is embedded. */
export function drawLogo(page: PDFPage, x: number, top: number, height: number): void {
  const scale = height / 26;
  page.drawSvgPath("M12 0 L24 4 L24 12 C24 19 18.5 23.5 12 26 C5.5 23.5 0 19 0 12 L0 4 Z", { x, y: top, scale, color: BRAND });
  page.drawSvgPath("M12 7 C14.2 7 15.6 8.6 15.6 10.6 C15.6 12 14.9 13.1 13.7 13.7 L14.8 19 L9.2 19 L10.3 13.7 C9.1 13.1 8.4 12 8.4 10.6 C8.4 8.6 9.8 7 12 7 Z", {
    x,
    y: top,
    scale,
    color: rgb(1, 1, 1),
  });
}

/** Text too long for its page is refused rather than printed over the next block. */
export function assertFits(lowestBaseline: number, floor: number): void {
  if (lowestBaseline < floor) throw new Error("letters.textTooLongForPage");
}

export function box(page: PDFPage, x: number, y: number, width: number, height: number, options: { border?: RGB; fill?: RGB; thickness?: number } = {}): void {
  page.drawRectangle({ x, y, width, height, borderColor: options.border ?? INK, borderWidth: options.thickness ?? 1, color: options.fill });
}

export function rule(page: PDFPage, x1: number, x2: number, y: number, options: { color?: RGB; thickness?: number; dash?: number[] } = {}): void {
  page.drawLine({ start: { x: x1, y }, end: { x: x2, y }, thickness: options.thickness ?? 0.6, color: options.color ?? RULE, dashArray: options.dash });
}

/** 2026年11月23日 — the JST calendar day, as a Japanese letter dates itself. */
export function letterDate(value: Date): string {
  const p = jstParts(value, false);
  return `${p.year}年${p.month}月${p.day}日`;
}

/** 2026年11月30日 23:59 — a deadline in JST, to the minute. */
export function letterDeadline(value: Date): string {
  const p = jstParts(value, false);
  return `${letterDate(value)} ${p.hour}:${p.minute}`;
}

/** Fixed metadata from the input, so the same input renders the same bytes. */
export function setMetadata(doc: PDFDocument, title: string, author: string, at: Date): void {
  doc.setTitle(title);
  doc.setAuthor(author);
  doc.setCreator("TokenDesk");
  doc.setProducer("TokenDesk letters (pdf-lib)");
  doc.setLanguage("ja-JP");
  doc.setCreationDate(at);
  doc.setModificationDate(at);
}
