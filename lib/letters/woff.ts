import { inflateSync } from "node:zlib";

/**
 * WOFF 1.0 → plain TrueType, with Node's own zlib, and every glyph padded to 4 bytes.
 *
 * Unpacking: fontkit reads WOFF itself, but inflates a table with a JavaScript inflater each time
 * it is read, and a subset reads the 4 MB glyph table once per glyph: seconds per letter.
 *
 * Padding: fontkit's subsetter copies each glyph's bytes as they are and then writes short
 * offsets (offset / 2) when they fit. This web font packs glyphs at odd lengths, so after the
 * first odd one every offset is off by a byte and the PDF shows blanks instead of characters.
 */
export function woffToSfnt(woff: Uint8Array): Uint8Array {
  const input = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength);
  if (input.toString("latin1", 0, 4) !== "wOFF") throw new Error("letters.fontNotWoff");
  const numTables = input.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const offset = input.readUInt32BE(at + 4);
    const compLength = input.readUInt32BE(at + 8);
    const origLength = input.readUInt32BE(at + 12);
    const raw = input.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(raw) : raw;
    if (data.length !== origLength) throw new Error("letters.fontCorrupt");
    return { tag: input.toString("latin1", at, at + 4), checksum: input.readUInt32BE(at + 16), data: Buffer.from(data) };
  });
  padGlyphs(tables);

  const headerLength = 12 + 16 * numTables;
  const total = tables.reduce((sum, t) => sum + align4(t.data.length), headerLength);
  const out = Buffer.alloc(total);
  out.writeUInt32BE(input.readUInt32BE(4), 0);
  out.writeUInt16BE(numTables, 4);
  const power = 2 ** Math.floor(Math.log2(numTables));
  out.writeUInt16BE(power * 16, 6);
  out.writeUInt16BE(Math.log2(power), 8);
  out.writeUInt16BE(numTables * 16 - power * 16, 10);
  let offset = headerLength;
  tables.forEach((table, i) => {
    const at = 12 + i * 16;
    out.write(table.tag, at, "latin1");
    out.writeUInt32BE(table.checksum, at + 4);
    out.writeUInt32BE(offset, at + 8);
    out.writeUInt32BE(table.data.length, at + 12);
    table.data.copy(out, offset);
    offset += align4(table.data.length);
  });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** Rewrites glyf with every glyph 4-byte aligned, and loca in long form to match. */
function padGlyphs(tables: { tag: string; data: Buffer }[]): void {
  const head = tables.find((t) => t.tag === "head");
  const loca = tables.find((t) => t.tag === "loca");
  const glyf = tables.find((t) => t.tag === "glyf");
  if (!head || !loca || !glyf) return;
  const long = head.data.readInt16BE(50) === 1;
  const count = loca.data.length / (long ? 4 : 2);
  const offsetAt = (i: number) => (long ? loca.data.readUInt32BE(i * 4) : loca.data.readUInt16BE(i * 2) * 2);
  const newLoca = Buffer.alloc(count * 4);
  const pieces: Buffer[] = [];
  let offset = 0;
  for (let i = 0; i < count - 1; i++) {
    const glyph = glyf.data.subarray(offsetAt(i), offsetAt(i + 1));
    newLoca.writeUInt32BE(offset, i * 4);
    pieces.push(glyph, Buffer.alloc(align4(glyph.length) - glyph.length));
    offset += align4(glyph.length);
  }
  newLoca.writeUInt32BE(offset, (count - 1) * 4);
  head.data.writeInt16BE(1, 50);
  loca.data = newLoca;
  glyf.data = Buffer.concat(pieces);
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
