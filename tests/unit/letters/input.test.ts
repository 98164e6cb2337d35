import { describe, expect, it } from "vitest";
import { LetterGlyphError, renderActivationLetter, renderCounterSlip } from "@/lib/letters";
import { longestLetter, longestSlip, sampleLetter, sampleSlip } from "@/lib/letters/sample-data";

async function refusal(render: () => Promise<Uint8Array>): Promise<Error> {
  const error = await render().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "the input should have been refused").toBeInstanceOf(Error);
  return error as Error;
}

describe("letter input", () => {
  it.each(["123", "123456789", "12a4", "１２３４", "1234 ", ""])("refuses the activation password %j and never echoes it", async (password) => {
    const error = await refusal(() => renderActivationLetter({ ...sampleLetter, activationPassword: password }));
    expect(error.message).toContain("letters.activationPassword");
    if (password.trim().length >= 3) expect(error.message).not.toContain(password.trim());
  });

  it("accepts 4 and 8 digits", async () => {
    for (const password of ["0042", "99999999"]) {
      expect((await renderActivationLetter({ ...sampleLetter, activationPassword: password })).length).toBeGreaterThan(1000);
    }
  });

  it("refuses a postal code not in 123-4567 form, and a missing address", async () => {
    expect((await refusal(() => renderActivationLetter({ ...sampleLetter, postalCode: "1000005" }))).message).toContain("letters.postalCode");
    expect((await refusal(() => renderActivationLetter({ ...sampleLetter, addressLines: [] }))).message).toContain("letters.required");
  });

  it("refuses a link in any printed text", async () => {
    for (const patch of [{ bankName: "https://evil.example" }, { addressLines: ["www.evil.example"] }, { helpDeskHours: "ftp://x" }]) {
      expect((await refusal(() => renderActivationLetter({ ...sampleLetter, ...patch }))).message).toContain("letters.noLinks");
    }
  });

  it("refuses control characters and a deadline not after the issue date", async () => {
    expect((await refusal(() => renderActivationLetter({ ...sampleLetter, customerName: "山田\u202E花子" }))).message).toContain("validation.controlCharacters");
    const error = await refusal(() => renderCounterSlip({ ...sampleSlip, deadline: sampleSlip.issuedAt }));
    expect(error.message).toContain("letters.deadlineBeforeIssue");
  });

  it("names a character the typeface cannot draw instead of printing an empty box", async () => {
    const error = await refusal(() => renderActivationLetter({ ...sampleLetter, customerName: "山田 😀" }));
    expect(error).toBeInstanceOf(LetterGlyphError);
    expect((error as LetterGlyphError).codePoints).toEqual(["U+1F600"]);
  });

  it("holds every field at its longest without running off the page or into the footer", async () => {
    // Writer.text and the footer check throw letters.textTooLongForPage when text would overflow.
    expect((await renderActivationLetter(longestLetter)).length).toBeGreaterThan(1000);
    expect((await renderCounterSlip(longestSlip)).length).toBeGreaterThan(1000);
  });

  it("refuses a name longer than the layout holds", async () => {
    expect((await refusal(() => renderActivationLetter({ ...sampleLetter, customerName: "長".repeat(25) }))).message).toContain("letters.tooLong");
  });
});
