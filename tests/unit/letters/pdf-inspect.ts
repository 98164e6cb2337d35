import fontkit from "@pdf-lib/fontkit";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, decodePDFRawStream, type PDFObject } from "pdf-lib";
import { extractText, getDocumentProxy } from "unpdf";

/** The page's text as a reader's PDF parser (pdf.js) extracts it, with whitespace removed. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, "");
}

/** Text items with their baseline height on the page, in points from the bottom. */
export async function pdfTextItems(bytes: Uint8Array): Promise<{ str: string; y: number }[]> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const page = await pdf.getPage(1);
  const content = await page.getTextContent();
  return content.items.flatMap((item) => ("str" in item ? [{ str: item.str, y: item.transform[5] as number }] : []));
}

export async function pageSize(bytes: Uint8Array): Promise<{ width: number; height: number; pages: number }> {
  const doc = await PDFDocument.load(bytes);
  const { width, height } = doc.getPage(0).getSize();
  return { width, height, pages: doc.getPageCount() };
}

type Glyphs = { numGlyphs: number; getGlyph(id: number): { path: { toSVG(): string } } };

/**
 * Every embedded font subset with, for each of its glyph ids, the character the ToUnicode map
 * says it draws — to compare each drawn outline with the same character in the source font.
 */
export async function embeddedGlyphs(bytes: Uint8Array): Promise<{ font: Glyphs; chars: Map<number, string> }[]> {
  const doc = await PDFDocument.load(bytes);
  const found: { font: Glyphs; chars: Map<number, string> }[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of("Subtype")) !== PDFName.of("Type0")) continue;
    const descendant = doc.context.lookup(object.lookup(PDFName.of("DescendantFonts"), PDFArray).get(0), PDFDict);
    const descriptor = descendant.lookup(PDFName.of("FontDescriptor"), PDFDict);
    const fontFile = rawStream(descriptor.lookup(PDFName.of("FontFile2")));
    const toUnicode = rawStream(object.lookup(PDFName.of("ToUnicode")));
    const cmap = new TextDecoder().decode(decodePDFRawStream(toUnicode).decode());
    const chars = new Map<number, string>();
    for (const [, cid, unicode] of cmap.matchAll(/<([0-9a-fA-F]{4})> <([0-9a-fA-F]+)>/g)) {
      const units = unicode!.match(/.{4}/g)!.map((u) => parseInt(u, 16));
      chars.set(parseInt(cid!, 16), String.fromCharCode(...units));
    }
    found.push({ font: fontkit.create(decodePDFRawStream(fontFile).decode()) as unknown as Glyphs, chars });
  }
  return found;
}

function rawStream(object: PDFObject | undefined): PDFRawStream {
  if (!(object instanceof PDFRawStream)) throw new Error("expected a stream");
  return object;
}
