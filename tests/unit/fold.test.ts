import { describe, it, expect } from "vitest";
import { digitsOnly, foldForSearch } from "@/lib/customers/fold";

describe("foldForSearch", () => {
  it("removes the space between family and given name (ASCII and U+3000)", () => {
    expect(foldForSearch("ヤマダ タロウ")).toBe("ヤマダタロウ");
    expect(foldForSearch("ヤマダ\u3000タロウ")).toBe("ヤマダタロウ");
    expect(foldForSearch(" \tヤマダ\n タロウ ")).toBe("ヤマダタロウ");
  });

  it("turns hiragana into katakana", () => {
    expect(foldForSearch("やまだ たろう")).toBe("ヤマダタロウ");
    expect(foldForSearch("さいとう")).toBe(foldForSearch("サイトウ"));
    expect(foldForSearch("ぁゔゖ")).toBe("ァヴヶ");
  });

  it("turns half-width katakana into full-width, composing dakuten and handakuten", () => {
    expect(foldForSearch("ﾔﾏﾀﾞ ﾀﾛｳ")).toBe("ヤマダタロウ");
    expect(foldForSearch("ﾊﾟｰｸ")).toBe("パーク");
    expect(foldForSearch("ｺｰﾋｰ")).toBe("コーヒー");
  });

  it("drops middle dots, full- and half-width", () => {
    expect(foldForSearch("ジョン・スミス")).toBe("ジョンスミス");
    expect(foldForSearch("ｼﾞｮﾝ･ｽﾐｽ")).toBe("ジョンスミス");
  });

  it("turns full-width latin and digits into lower-case ASCII", () => {
    expect(foldForSearch("ＹＡＭＡＤＡ Taro")).toBe("yamadataro");
    expect(foldForSearch("０１２３４５６７８９")).toBe("0123456789");
  });

  it("leaves kanji alone apart from the space", () => {
    expect(foldForSearch("山田 太郎")).toBe("山田太郎");
    expect(foldForSearch("佐々木　花子")).toBe("佐々木花子");
  });

  it("makes every way of typing the same name meet", () => {
    const forms = ["ヤマダ タロウ", "やまだ　たろう", "ﾔﾏﾀﾞﾀﾛｳ", "ﾔﾏﾀﾞ　ﾀﾛｳ", "やまだタロウ"];
    expect(new Set(forms.map(foldForSearch))).toEqual(new Set(["ヤマダタロウ"]));
  });

  it("is idempotent and handles the empty string", () => {
    for (const s of ["ﾔﾏﾀﾞ ﾀﾛｳ", "やまだ・たろう", "ＡＢＣ１２３", ""]) {
      expect(foldForSearch(foldForSearch(s))).toBe(foldForSearch(s));
    }
    expect(foldForSearch("")).toBe("");
    expect(foldForSearch(" 　・")).toBe("");
  });
});

describe("digitsOnly", () => {
  it("keeps only ASCII digits after NFKC", () => {
    expect(digitsOnly("０９０-１２３４-５６７８")).toBe("09012345678");
    expect(digitsOnly("090-1234-5678")).toBe("09012345678");
    expect(digitsOnly("(03) 1234 5678")).toBe("0312345678");
    expect(digitsOnly("００１２３４５６７８")).toBe("0012345678");
    expect(digitsOnly("TEL：０６ー１２３４ー５６７８")).toBe("0612345678");
  });

  it("returns the empty string when there are no digits", () => {
    expect(digitsOnly("")).toBe("");
    expect(digitsOnly("やまだ")).toBe("");
  });
});
