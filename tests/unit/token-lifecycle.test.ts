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
