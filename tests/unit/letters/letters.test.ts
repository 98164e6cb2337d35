import fs from "node:fs";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import { describe, expect, it } from "vitest";
import { renderActivationLetter, renderCounterSlip } from "@/lib/letters";
import { woffToSfnt } from "@/lib/letters/woff";
import { sampleLetter, sampleSlip } from "@/lib/letters/sample-data";
import { embeddedGlyphs, pageSize, pdfText, pdfTextItems } from "./pdf-inspect";

const flat = (value: string) => value.replace(/\s+/g, "");

const STEPS = [
  "ワンタイムパスワードアプリを起動します",
  "「利用開始」",
  "サービスID・ユーザID・利用開始パスワードを入力し",
  "ワンタイムパスワードが表示されれば、設定は完了です",
];

describe("activation-password letter", () => {
  it("carries the password, IDs, deadline in JST, the address block and the steps", async () => {
    const text = await pdfText(await renderActivationLetter(sampleLetter));
    for (const needle of [
      "48201937",
      "2026年11月30日23:59まで", // 14:59 UTC is 23:59 in Japan
      "2026年11月23日",
      "10112890",
      "999800000001",
      "〒100-0005",
      "東京都千代田区丸の内一丁目2番3号",
      "山田花子様",
      "さくら信用組合",
      "利用開始パスワードのお知らせ",
      "9:00〜21:00",
      "0120-123-456",
      "電話やメールで利用開始パスワードをお尋ねすることは一切ありません",
      "ロックされて",
      ...STEPS,
    ]) {
      expect(text).toContain(flat(needle));
    }
  });

  it("is one A4 portrait page, under 300 KB, with no link anywhere", async () => {
    const bytes = await renderActivationLetter(sampleLetter);
    expect(await pageSize(bytes)).toEqual({ width: expect.closeTo(595, 0) as number, height: expect.closeTo(842, 0) as number, pages: 1 });
    expect(bytes.length).toBeLessThan(300 * 1024);
    expect((await pdfText(bytes)).toLowerCase()).not.toContain("http");
    // No link annotation or URI action in the file itself either.
    expect(Buffer.from(bytes).toString("latin1")).not.toMatch(/\/URI|\/Annots \[ [^\]]|https?:/);
  });

  it("gives the same bytes for the same input, whatever the clock says", async () => {
    const first = await renderActivationLetter(sampleLetter);
    const second = await renderActivationLetter(sampleLetter);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    const later = await renderActivationLetter({ ...sampleLetter, issuedAt: new Date("2026-11-24T01:00:00Z") });
    expect(Buffer.from(later).equals(Buffer.from(first))).toBe(false);
    expect(await pdfText(later)).toContain("2026年11月24日");
  });

  it("draws every character with its real outline (the embedded subsets are not corrupted)", async () => {
    const bytes = await renderActivationLetter({ ...sampleLetter, customerName: "髙﨑 太郎" });
    const source = fontkit.create(woffToSfnt(fontFile("japanese-400"))) as unknown as { glyphForCodePoint(c: number): { path: { toSVG(): string } } };
    let compared = 0;
    for (const { font, chars } of await embeddedGlyphs(bytes)) {
      for (const [cid, char] of chars) {
        const outline = font.getGlyph(cid).path.toSVG();
        if (/\s/.test(char)) continue;
        expect(outline, `glyph for ${char}`).not.toBe("");
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
    // Regular-weight digits drawn in the letter match the source font's outlines exactly.
    const regular = (await embeddedGlyphs(bytes))[0]!;
    for (const [cid, char] of regular.chars) {
      if (/[0-9]/.test(char)) expect(regular.font.getGlyph(cid).path.toSVG()).toBe(source.glyphForCodePoint(char.codePointAt(0)!).path.toSVG());
    }
    expect(await pdfText(bytes)).toContain("髙﨑太郎様");
  });
});

describe("counter slip", () => {
  it("is one A5 page with the same facts, the branch, the teller and a signature line", async () => {
    const bytes = await renderCounterSlip(sampleSlip);
    const size = await pageSize(bytes);
    expect([Math.round(size.width), Math.round(size.height), size.pages]).toEqual([420, 595, 1]);
    expect(bytes.length).toBeLessThan(300 * 1024);
    const text = await pdfText(bytes);
    for (const needle of ["利用開始票", "48201937", "2026年11月30日23:59まで", "10112890", "999800000001", "山田花子様", "本店営業部", "担当佐藤一郎", "お客様ご署名", "受領日", ...STEPS]) {
      expect(text).toContain(flat(needle));
    }
    expect(text.toLowerCase()).not.toContain("http");
  });

  it("keeps the password off the receipt the branch files", async () => {
    const items = await pdfTextItems(await renderCounterSlip(sampleSlip));
    const receipt = items.filter((item) => item.y < 112).map((item) => item.str).join("");
    expect(receipt).toContain("お客様ご署名");
    expect(receipt).toContain("999800000001");
    expect(receipt).not.toContain("48201937");
    expect(items.filter((item) => item.y > 112).map((item) => item.str).join("")).toContain("48201937");
  });
});

function fontFile(name: string): Uint8Array {
  const dir = path.dirname(require.resolve("@fontsource/biz-udpgothic/LICENSE"));
  return new Uint8Array(fs.readFileSync(path.join(dir, "files", `biz-udpgothic-${name}-normal.woff`)));
}
