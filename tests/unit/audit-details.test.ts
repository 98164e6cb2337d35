import { describe, expect, it } from "vitest";
import {
  detailLine,
  detailShapes,
  fieldLabel,
  readDetails,
  refusalShape,
  sayValue,
  unknownDetailKeys,
  valueWords,
  type DetailNames,
  type Kind,
  type Shape,
  type ShapeOf,
} from "@/lib/audit/details";
import { maskAuditDetails } from "@/lib/audit/redact";
import type { AuditDetails } from "@/lib/audit/vocabulary";
import { catalogues, createTranslator, lookup } from "@/lib/i18n/translate";

const ja = createTranslator("ja");
const en = createTranslator("en");

const STAFF = "428aad87-0000-4000-8000-000000000001";
const REQUEST = "9b1e4c2a-0000-4000-8000-000000000002";
const names: DetailNames = {
  staffName: (id) => (id === STAFF ? "山田 太郎" : null),
  clientName: () => null,
  request: (id) => (id === REQUEST ? { kind: "replacement", createdAt: "2026-11-22T04:30:00.000Z", eventId: 41 } : null),
};

// The table is typed against the vocabulary: each line below must fail to compile.
// @ts-expect-error a key of the vocabulary left out
export const missing: ShapeOf<AuditDetails["staff.disable"]> = { before: { record: { disabled: "flag" } }, after: { record: { disabled: "flag" } } };
// @ts-expect-error a nested key renamed
export const renamed: ShapeOf<AuditDetails["staff.enable"]> = { before: { record: { disable: "flag" } }, after: { record: { disabled: "flag" } } };
// @ts-expect-error a key the vocabulary does not have
export const extra: ShapeOf<AuditDetails["customer.view"]> = { verified: "flag", verifiedAt: "time" };

/** Every key of a shape, nested ones included, with the dictionaries its values are said from. */
function walk(shape: Shape, visit: (key: string, kind: Kind) => void) {
  for (const [key, kind] of Object.entries(shape)) {
    visit(key, kind);
    if (typeof kind === "object" && "record" in kind) walk(kind.record, visit);
    if (typeof kind === "object" && "each" in kind) walk(kind.each, visit);
  }
}

describe("the detail table", () => {
  it("labels every key of every event type in both languages, and each value dictionary exists in both", () => {
    const shapes = [...Object.values(detailShapes), refusalShape] as Shape[];
    for (const shape of shapes) {
      walk(shape, (key, kind) => {
        for (const locale of ["ja", "en"] as const) {
          expect(lookup(catalogues[locale], `audit.fields.${key}`), `${locale} audit.fields.${key}`).toMatch(/\S/);
          const scalar = typeof kind === "object" && "list" in kind ? kind.list : kind;
          if (typeof scalar === "object" && "words" in scalar) {
            const node = valueWords[scalar.words].split(".").reduce<unknown>((n, part) => (n as Record<string, unknown> | undefined)?.[part], catalogues[locale]);
            expect(node, `${locale} ${valueWords[scalar.words]}`).toBeTypeOf("object");
          }
        }
      });
    }
  });
});

describe("reading an event's details", () => {
  const approval = {
    requestId: REQUEST,
    kind: "replacement",
    requestedBy: STAFF,
    notices: 2,
    serial: "10000001",
    newTokenId: "7f000000-0000-4000-8000-000000000003",
    newSerial: "10000002",
    delivery: "letter",
  };

  it("says a four-eyes approval with names, words and JST times, no id and no key", () => {
    const fields = readDetails("approval.approve", "success", approval, names);
    expect(detailLine(fields, ja)).toBe(
      "承認の依頼: トークン再発行の依頼（2026/11/22 13:30）; 種別: トークン再発行; 依頼者: 山田 太郎; お客さまへの通知: 2; シリアル: 10000001; 新しいシリアル: 10000002; 利用開始パスワードの受け渡し: 登録住所へ郵送する",
    );
    const english = detailLine(fields, en);
    expect(english).toContain("Requested by: 山田 太郎");
    expect(english).toContain("Approval request: Token replacement request (2026/11/22 13:30)");
    for (const line of [detailLine(fields, ja), english]) {
      expect(line).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}|requestedBy|newTokenId|letter|\d{4}-\d{2}-\d{2}T/);
    }
    // The links an auditor follows: the request's event, the requester's events, each token's events.
    expect(fields.find((f) => f.path[0] === "requestId")?.href).toBe("/audit/events/41");
    expect(fields.find((f) => f.path[0] === "requestedBy")?.href).toBe(`/audit?staff=${STAFF}`);
    expect(fields.find((f) => f.path[0] === "newSerial")?.href).toBe("/audit?serial=10000002");
  });

  it("says a failed verification's facts and a refusal's stage and error as words", () => {
    const verification = readDetails("verification.phone", "failed", { method: "phone", result: "failed", matched: ["name", "phone"], failed: ["birthDate"], failures: 3, blocked: true });
    expect(detailLine(verification, ja)).toBe("方法: 電話; 結果: 失敗; 一致した項目: お名前、電話番号; 一致しなかった項目: 生年月日; 直近24時間の失敗回数: 3; 本人確認を停止: はい");
    expect(detailLine(verification, en)).toBe(
      "Method: phone; Result: Failed; Facts matched: Name, Phone; Facts not matched: Birth date; Failures in the last 24 hours: 3; Verification blocked: Yes",
    );
    const refusal = readDetails("approval.approve", "denied", { stage: "run", errorCode: "not_found", requestId: REQUEST, kind: "replacement" }, names);
    expect(detailLine(refusal, ja)).toBe("段階: 実行; エラー種別: 対象が見つからない; 承認の依頼: トークン再発行の依頼（2026/11/22 13:30）; 種別: トークン再発行");
  });

  it("keeps masked values masked: which facts failed never shows once masked", () => {
    const masked = maskAuditDetails({ method: "phone", result: "failed", matched: ["name"], failed: ["birthDate"], failures: 1, blocked: false, memo: "内線 1234" });
    const line = detailLine(readDetails("verification.phone", "failed", masked), ja);
    expect(line).toContain("一致しなかった項目: ••••");
    expect(line).not.toMatch(/生年月日|内線/);
  });

  it("says each value kind as the portal does: statuses, deliveries, JST times, yes/no, nested changes", () => {
    const fields = readDetails("token.reset_activation", "success", {
      serial: "10000001",
      notices: 1,
      before: { status: "activation_locked", activationFailures: 5 },
      after: { status: "pending_activation", activationFailures: 0 },
      delivery: "counter_slip",
      activationDeadline: "2027-01-06T17:41:52.402Z",
    });
    const line = detailLine(fields, ja);
    expect(line).toContain("変更前 › 状態: 利用開始パスワードロック中");
    expect(line).toContain("変更後 › 状態: 利用開始前");
    expect(line).toContain("利用開始パスワードの受け渡し: 利用開始票を窓口でお渡しする");
    // 17:41 UTC is the next morning in Japan.
    expect(line).toContain("利用開始の期限: 2027/01/07 02:41");
    expect(sayValue({ flag: false }, en)).toBe("No");
  });

  it("keeps a key no table knows, labelled as other, and a strict read names it", () => {
    const details = { serial: "10000001", notices: 0, before: { status: "active" }, after: { status: "suspended" }, legacyFlag: "x", before2: { a: 1 } };
    const fields = readDetails("token.suspend", "success", details);
    expect(fields.map((f) => fieldLabel(f, ja))).toEqual(["シリアル", "お客さまへの通知", "変更前 › 状態", "変更後 › 状態", "その他の記録（legacyFlag）", "その他の記録（before2.a）"]);
    expect(unknownDetailKeys("token.suspend", "success", details)).toEqual(["legacyFlag", "before2"]);
    expect(unknownDetailKeys("token.suspend", "success", { serial: "10000001", notices: 0, before: { status: "active" }, after: { status: "suspended", statsu: 1 } })).toEqual(["after.statsu"]);
    // A refusal may add the pipeline's own facts; a success may not.
    expect(unknownDetailKeys("token.suspend", "denied", { stage: "permission", permission: "token.suspend" })).toEqual([]);
    expect(unknownDetailKeys("token.suspend", "success", { stage: "permission" })).toEqual(["stage"]);
    // A retired or unknown event type shows everything it holds.
    expect(detailLine(readDetails("audit.list", "success", { limit: 50 }), en)).toBe("Other record (limit): 50");
  });
});
