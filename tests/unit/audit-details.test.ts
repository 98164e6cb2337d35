import { describe, expect, it } from "vitest";
import { detailFields } from "@/lib/audit/details";

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
