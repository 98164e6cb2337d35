import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formInput, keptValues, parseForm } from "@/lib/actions/form";
import { createStaffInput } from "@/lib/staff/schemas";
import { verifyCallerByPhoneInput } from "@/lib/verification/schemas";

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(name, v);
  return data;
}

const settings = z.object({
  limit: z.number().int().min(1),
  page: z.coerce.number().int().default(0),
  notify: z.boolean(),
  muted: z.boolean().optional(),
  from: z.date(),
  note: z.string().max(10).optional(),
  tags: z.array(z.enum(["a", "b"])),
});

describe("formInput coerces by the schema", () => {
  it("numbers, ticked and unticked checkboxes, dates and repeated fields", () => {
    const input = formInput(settings, form({ limit: "25", notify: "on", from: "2026-11-22T05:00:00.000Z", tags: ["a", "b"], unknown: "ignored" }));
    expect(input).toEqual({ limit: 25, notify: true, muted: false, from: new Date("2026-11-22T05:00:00.000Z"), tags: ["a", "b"] });
    expect(settings.parse(input)).toMatchObject({ limit: 25, page: 0, notify: true, muted: false });
  });

  it("leaves an empty optional field out and keeps a wrong number as typed, so the schema can say what is wrong", () => {
    expect(formInput(settings, form({ limit: "many", page: "", note: "" }))).toEqual({ limit: "many", notify: false, muted: false, tags: [] });
  });

  it("reads through pipes and transforms: an empty optional OTP is absent, not an error", () => {
    const input = formInput(verifyCallerByPhoneInput, form({ customerId: "x", name: "山田", otp: "" }));
    expect(input).toEqual({ customerId: "x", name: "山田" });
    const result = parseForm(verifyCallerByPhoneInput, form({ customerId: "x", name: "山田", otp: "" }), "ja");
    expect(result.ok || Object.keys(result.fieldErrors).sort()).toEqual(["accountNumber", "birthDate", "branchCode", "customerId", "phone"]);
  });
});

describe("parseForm answers field errors keyed by field, in the operator's language", () => {
  it("each bad field gets its own message", () => {
    const result = parseForm(settings, form({ limit: "0", from: "not a date", tags: "c" }), "ja");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual(["from", "limit", "tags.0"]);
    expect(result.fieldErrors.limit).toEqual(["1以上の値を入力してください。"]);
  });

  it("a good form parses to the typed input", () => {
    expect(parseForm(settings, form({ limit: "3", notify: "false", from: "2026-01-01", tags: "b" }), "en")).toMatchObject({ ok: true, data: { limit: 3, notify: false, tags: ["b"] } });
  });
});

describe("keptValues puts back what was typed, never a secret", () => {
  it("clears the OTP of a phone verification and keeps the rest", () => {
    const typed = { customerId: "c1", name: "やまだ たろう", birthDate: "1980/04/16", phone: "090-1234-5678", branchCode: "101", accountNumber: "1234567", otp: "12345678" };
    const kept = keptValues(verifyCallerByPhoneInput, form(typed), ["otp"]);
    expect(kept).toEqual({ customerId: "c1", name: "やまだ たろう", birthDate: "1980/04/16", phone: "090-1234-5678", branchCode: "101", accountNumber: "1234567" });
    expect(JSON.stringify(kept)).not.toContain("12345678\"");
  });

  it("never sends back a password, even when the form forgets to say it is secret", () => {
    const kept = keptValues(createStaffInput, form({ loginId: "new.one", displayName: "New", role: "operator", initialPassword: "Correct-Horse-Battery-7319" }));
    expect(kept).toEqual({ loginId: "new.one", displayName: "New", role: "operator" });
    expect(JSON.stringify(kept)).not.toContain("Correct-Horse");
  });

  it("keeps only the schema's own fields", () => {
    expect(keptValues(settings, form({ limit: "2", evil: "<script>" }))).toEqual({ limit: "2" });
  });
});
