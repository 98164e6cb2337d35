import { describe, expect, it } from "vitest";
import { createElement, type ComponentProps } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { Token } from "@/db/schema";
import { LifecycleTimeline } from "@/app/(desk)/customers/[customerId]/lifecycle-timeline";
import { I18nProvider } from "@/app/_components/i18n";
import { buildTimeline, type TimelineRow } from "@/lib/customers/timeline";
import { ja } from "@/lib/i18n/messages/ja";
import { statusAfterSuspension } from "@/lib/tokens/lifecycle";
import { MAX_ACTIVATION_FAILURES, MAX_OTP_FAILURES } from "@/lib/tokens/policy";

describe("the state a suspended token resumes to", () => {
  const at = new Date("2026-11-22T05:00:00.000Z");
  const waiting = { activatedAt: null, activationPasswordHash: "$argon2id$…", activationFailures: 0, otpFailures: 0 };
  const inUse = { activatedAt: at, activationPasswordHash: null, activationFailures: 0, otpFailures: 0 };

  it("is waiting for set-up when it was never set up and an activation password waits", () => {
    expect(statusAfterSuspension(waiting)).toBe("pending_activation");
    expect(statusAfterSuspension({ ...waiting, activationFailures: MAX_ACTIVATION_FAILURES })).toBe("activation_locked");
  });

  it("is in use otherwise, and a lock from wrong codes is never lifted by suspending and resuming", () => {
    expect(statusAfterSuspension(inUse)).toBe("active");
    expect(statusAfterSuspension({ ...inUse, otpFailures: MAX_OTP_FAILURES - 1 })).toBe("active");
    expect(statusAfterSuspension({ ...inUse, otpFailures: MAX_OTP_FAILURES })).toBe("locked");
    // A record without an activation password and never activated (a legacy import) counts as in use.
    expect(statusAfterSuspension({ ...waiting, activationPasswordHash: null })).toBe("active");
  });
});

describe("the lifecycle timeline, as the desk reads it", () => {
  const tokenId = "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
  const staffId = "9a8b7c6d-5e4f-4a3b-9c1d-0e9f8a7b6c5d";
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 22, 5, minute));
  const row = (id: number, minute: number, action: string, actor: Partial<TimelineRow>, details: Record<string, unknown> = {}, outcome: TimelineRow["outcome"] = "success"): TimelineRow => ({
    id, occurredAt: at(minute), action, outcome, tokenId, actorType: "system", actorRole: "system", reason: null, details, staffName: null, clientName: null, ...actor,
  });
  const app = { actorType: "api_client" as const, actorRole: "api_client", clientName: "banking" };
  const desk = { actorType: "staff" as const, actorRole: "operator", staffName: "山田 花子", reason: "お客さまの依頼" };
  const token = {
    id: tokenId, customerId: staffId, serviceId: "10112890", userId: "999800000001", serial: "60000001", kind: "app", status: "revoked", activationPasswordHash: null, activationFailures: 0,
    activationDeadline: null, totpSecretEnc: null, clockOffsetSteps: 3, otpFailures: 0, lastUsedStep: null, lastUsedAt: null, deviceLabel: null, issuedAt: at(0), activatedAt: at(1),
    expiresAt: new Date(Date.UTC(2029, 10, 22)), suspendedAt: null, revokedAt: at(9), revokeReason: "cancelled", replacedByTokenId: null, createdAt: at(0), updatedAt: at(9),
  } as Token;
  const rows = [
    row(6, 9, "token.cancel", desk, { newTokenFrom: "2026-11-22T15:00:00.000Z", after: { status: "revoked" } }),
    row(5, 6, "token.resync", desk, { before: { status: "active" }, after: { status: "active", clockOffsetSteps: 3 } }),
    row(4, 5, "token.unlock", desk),
    row(3, 4, "token_service.verify", app, { reason: "invalid_code", appError: null, lockedNow: true }, "failed"),
    row(2, 1, "token_service.activate", app),
    row(1, 0, "token.issue", {}),
  ];

  it("says what happened to each token, when and by whom, in words, and never an id", () => {
    const { timeline } = buildTimeline(rows, [token], at(10));
    expect(timeline[0]!.entries.map((e) => e.event)).toEqual(["cancelled", "resynced", "unlocked", "otpLocked", "activated", "issued"]);
    const html = renderToStaticMarkup(createElement(I18nProvider, { locale: "ja", messages: ja } as ComponentProps<typeof I18nProvider>, createElement(LifecycleTimeline, { timeline, newTokenFrom: "2026-11-22T15:00:00.000Z" })));
    for (const words of [
      "2026/11/23 00:00 から新しいトークンを発行できます", "シリアル 60000001", "利用解除済み", "利用解除", "パスワード補正（代行・時計のずれ +3分）", "ロック解除",
      "ワンタイムパスワードを続けて誤り、ロック", "アプリで利用開始", "トークンを発行", "山田 花子（オペレーター）", "お客さま（アプリ）", "banking 経由", "システム", "理由: お客さまの依頼", "2026/11/22 14:09",
    ]) expect(html).toContain(words);
    expect(html).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(html).not.toContain("token.");
  });
});

describe("a replacement or exchange in both tokens' histories", () => {
  const oldId = "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
  const newId = "7c6b5a49-3827-4a16-9b05-f4e3d2c1b0a9";
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 22, 5, minute));
  const supervisor = { actorType: "staff" as const, actorRole: "supervisor", staffName: "佐藤 一郎", reason: "本人確認の内容を確認済み" };
  const row = (id: number, minute: number, action: string, tokenId: string, details: Record<string, unknown>): TimelineRow => ({
    id, occurredAt: at(minute), action, outcome: "success", tokenId, actorType: "system", actorRole: "system", reason: null, details, staffName: null, clientName: null,
  });
  const token = (id: string, serial: string, minute: number, extra: Partial<Token>) =>
    ({
      id, customerId: oldId, serviceId: "10112890", userId: `99980000000${minute}`, serial, kind: "app", status: "pending_activation", activationPasswordHash: null, activationFailures: 0,
      activationDeadline: null, totpSecretEnc: null, clockOffsetSteps: 0, otpFailures: 0, lastUsedStep: null, lastUsedAt: null, deviceLabel: null, issuedAt: at(minute), activatedAt: null,
      expiresAt: new Date(Date.UTC(2029, 10, 22)), suspendedAt: null, revokedAt: null, revokeReason: null, replacedByTokenId: null, createdAt: at(minute), updatedAt: at(minute), ...extra,
    }) as Token;
  const older = token(oldId, "60000001", 0, { status: "revoked", revokeReason: "lost", revokedAt: at(9), replacedByTokenId: newId });
  const newer = token(newId, "60000002", 9, {});

  it("reads an approval recorded on the new token with serials only (before it named the new token's id) the same way", () => {
    const rows = [
      { ...row(3, 9, "approval.approve", newId, { requestId: "r", kind: "replacement", requestedBy: "s", notices: 2, serial: "60000001", newSerial: "60000002", delivery: "letter" }), ...supervisor },
      row(2, 5, "token.replace", oldId, { outcome: "requested", serial: "60000001" }),
      row(1, 0, "token.issue", oldId, { serial: "60000001" }),
    ];
    const { timeline } = buildTimeline(rows, [newer, older], at(10));
    expect(timeline[0]!.entries).toEqual([expect.objectContaining({ event: "issuedAsReplacement", facts: { serial: "60000001", approved: true }, actor: { kind: "staff", name: "佐藤 一郎", role: "supervisor" } })]);
    expect(timeline[1]!.entries.map((e) => [e.event, e.facts.serial])).toEqual([["replacedOnApproval", "60000002"], ["replacementRequested", undefined], ["issued", undefined]]);
  });

  it("tells an exchange as started on the old token and as the issue of the new one", () => {
    const rows = [row(2, 9, "token.exchange", oldId, { result: "accepted", serial: "60000001", newTokenId: newId, newSerial: "60000002" }), row(1, 0, "token.issue", oldId, { serial: "60000001" })];
    const { timeline } = buildTimeline(rows, [newer, { ...older, status: "active", revokeReason: null, revokedAt: null } as Token], at(10));
    expect(timeline[0]!.entries.map((e) => [e.event, e.facts.serial])).toEqual([["issuedByExchange", "60000001"]]);
    expect(timeline[1]!.entries.map((e) => [e.event, e.facts.serial])).toEqual([["exchangeStarted", "60000002"], ["issued", undefined]]);
  });
});
