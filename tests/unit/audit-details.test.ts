import { describe, expect, it } from "vitest";
import { detailFields, detailText } from "@/lib/audit/details";

describe("audit details as labelled fields", () => {
  it("shows a role change as before/after fields, never as JSON", () => {
    const fields = detailFields({ before: { role: "operator" }, after: { role: "admin" }, endedSessions: 2 });
    expect(fields).toEqual([
      { path: "before.role", value: "operator" },
      { path: "after.role", value: "admin" },
      { path: "endedSessions", value: "2" },
    ]);
  });

  it("joins lists, shows each listed record's fields, and marks empty values", () => {
    const fields = detailFields({ fields: ["loginId", "role"], claimed: [{ noticeId: "n1", attempt: 1 }], stuck: [], lockedUntil: null });
    expect(fields).toEqual([
      { path: "fields", value: "loginId, role" },
      { path: "claimed", value: "noticeId=n1 attempt=1" },
      { path: "stuck", value: "—" },
      { path: "lockedUntil", value: "—" },
    ]);
    expect(fields.map((f) => f.value).join(" ")).not.toMatch(/[{}]/);
  });
});

describe("audit details as one line", () => {
  it("says what the labelled fields say, joined", () => {
    const samples: Array<Record<string, unknown>> = [
      { before: { role: "operator" }, after: { role: "admin" }, endedSessions: 2 },
      { fields: ["loginId", "role"], claimed: [{ noticeId: "n1", attempt: 1 }, { noticeId: "n2", attempt: 2 }], stuck: [], lockedUntil: null },
      { deep: { a: { b: { c: true } } }, empty: {}, list: [1, null, "x"] },
      {},
    ];
    for (const details of samples) expect(detailText(details)).toBe(detailFields(details).map((f) => `${f.path}=${f.value}`).join("; "));
    expect(detailText({ claimed: [{ noticeId: "n1", attempt: 1 }] })).toBe("claimed=noticeId=n1 attempt=1");
  });
});
