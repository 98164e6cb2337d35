import { describe, it, expect } from "vitest";
import { demoCustomers, demoServiceIds, type DemoToken } from "@/db/seed/demo-data";
import { familyNames, givenNames } from "@/db/seed/names";
import { foldForSearch } from "@/lib/customers/fold";
import type { TokenStatus } from "@/db/schema";

const customers = demoCustomers(120);
const allTokens = customers.flatMap((c) => c.tokens.map((t) => ({ c, t })));
const statuses: TokenStatus[] = [
  "pending_activation", "activation_locked", "active", "locked", "suspended", "expired", "revoked",
];
const serviceIds = new Set<string>(demoServiceIds.map((s) => s.serviceId));
const live = (t: DemoToken) => t.status !== "revoked";

const KATAKANA = /^[ァ-ヶー]+$/u;
const FORMATS = {
  contractId: /^\d{10}$/,
  nameKanji: /^[\p{Script=Han}々]+ [\p{Script=Han}\p{Script=Hiragana}々]+$/u,
  nameKana: /^[ァ-ヶー]+ [ァ-ヶー]+$/u,
  birthDate: /^(19|20)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
  phone: /^(0[789]0\d{8}|0[36]\d{8})$/,
  branchCode: /^\d{3}$/,
  branchName: /^\p{Script=Han}+(支店|営業部)$/u,
  accountNumber: /^\d{7}$/,
  postalCode: /^\d{3}-\d{4}$/,
  address: /^(東京都|北海道|大阪府|京都府|\p{Script=Han}{2,3}県)[\p{Script=Han}\p{Script=Hiragana}]+[市区].*\d+丁目\d+番\d+号( [^\s]+\d{3,4})?$/u,
} as const;
const EMAIL = /^[a-z0-9][a-z0-9._-]*@([a-z0-9-]+\.)*example\.(jp|co\.jp|ne\.jp)$/;
const DEVICE = /^(.+ \((iOS|Android) [\d.]+\)|ハードウェアトークン.*)$/u;

describe("demoCustomers", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    expect(demoCustomers(120)).toEqual(customers);
    expect(demoCustomers(30, 7)).toEqual(demoCustomers(30, 7));
    expect(demoCustomers(30, 7)).not.toEqual(demoCustomers(30, 8));
    expect(demoCustomers(10)).toEqual(customers.slice(0, 10));
    expect(demoCustomers(0)).toEqual([]);
  });

  it("starts with the seeds' example customer", () => {
    const first = customers[0]!;
    expect(first.nameKanji).toBe("山田 太郎");
    expect(first.nameKana).toBe("ヤマダ タロウ");
    expect(first.contractId).toBe("0012345678");
    expect(first.tokens).toContainEqual(
      expect.objectContaining({ serviceId: "10112890", userId: "999800000001", status: "active" }),
    );
    // The example customer stays the same whatever the seed.
    expect(demoCustomers(1, 99)[0]).toMatchObject({ nameKanji: "山田 太郎", contractId: "0012345678" });
  });

  it("gives every string field the right format", () => {
    for (const c of customers) {
      for (const [field, re] of Object.entries(FORMATS)) {
        expect(c[field as keyof typeof FORMATS], `${c.contractId}.${field}`).toMatch(re);
      }
      expect(new Date(`${c.birthDate}T00:00:00Z`).toISOString().slice(0, 10)).toBe(c.birthDate);
      const age = 2026 - Number(c.birthDate.slice(0, 4));
      expect(age).toBeGreaterThanOrEqual(20);
      expect(age).toBeLessThanOrEqual(85);
      for (const e of c.emails) expect(e).toMatch(EMAIL);
    }
  });

  it("uses kana readings consistent with the kanji", () => {
    const family = new Map<string, Set<string>>();
    const given = new Map<string, Set<string>>();
    for (const [k, kana] of familyNames) family.set(k, (family.get(k) ?? new Set()).add(kana));
    for (const [k, kana] of givenNames) given.set(k, (given.get(k) ?? new Set()).add(kana));
    for (const c of customers) {
      const [fk, gk] = c.nameKanji.split(" ");
      const [fr, gr] = c.nameKana.split(" ");
      expect(family.get(fk!)?.has(fr!), c.nameKanji).toBe(true);
      expect(given.get(gk!)?.has(gr!), c.nameKanji).toBe(true);
      expect(foldForSearch(c.nameKana)).toMatch(KATAKANA);
    }
  });

  it("has enough names, male and female, with katakana readings", () => {
    expect(familyNames.length).toBeGreaterThanOrEqual(60);
    expect(givenNames.length).toBeGreaterThanOrEqual(60);
    expect(givenNames.filter((n) => n[3] === "m").length).toBeGreaterThanOrEqual(25);
    expect(givenNames.filter((n) => n[3] === "f").length).toBeGreaterThanOrEqual(25);
    for (const n of [...familyNames, ...givenNames]) {
      expect(n[1]).toMatch(KATAKANA);
      expect(n[2]).toMatch(/^[a-z]+$/);
    }
  });

  it("keeps contract IDs, phones and branch+account unique", () => {
    const unique = (xs: string[]) => expect(new Set(xs).size).toBe(xs.length);
    unique(customers.map((c) => c.contractId));
    unique(customers.map((c) => c.phone));
    unique(customers.map((c) => `${c.branchCode}:${c.accountNumber}`));
    expect(new Set(customers.map((c) => c.branchCode)).size).toBeGreaterThanOrEqual(10);
    expect(customers.some((c) => /^0[36]/.test(c.phone))).toBe(true);
  });

  it("registers 0–3 distinct e-mail addresses, every count present", () => {
    for (const c of customers) {
      expect(c.emails.length).toBeLessThanOrEqual(3);
      expect(new Set(c.emails.map((e) => e.toLowerCase())).size).toBe(c.emails.length);
    }
    expect(new Set(customers.map((c) => c.emails.length))).toEqual(new Set([0, 1, 2, 3]));
  });
});

describe("demo tokens", () => {
  it("covers every status at least 3 times", () => {
    for (const s of statuses) {
      expect(allTokens.filter(({ t }) => t.status === s).length, s).toBeGreaterThanOrEqual(3);
    }
  });

  it("gives every token well-formed identifiers", () => {
    for (const { t } of allTokens) {
      expect(serviceIds.has(t.serviceId)).toBe(true);
      expect(t.serviceId).toMatch(/^\d{8}$/);
      expect(t.userId).toMatch(/^\d{12}$/);
      expect(t.serial).toMatch(/^\d{8}$/);
      if (t.deviceLabel !== null) expect(t.deviceLabel).toMatch(DEVICE);
      if (t.activationPassword !== null) expect(t.activationPassword).toMatch(/^\d{4,8}$/);
    }
    expect(allTokens.filter(({ t }) => t.kind === "app").length).toBeGreaterThan(allTokens.length * 0.8);
  });

  it("keeps serials globally unique and (serviceId, userId) unique among live tokens", () => {
    const serials = allTokens.map(({ t }) => t.serial);
    expect(new Set(serials).size).toBe(serials.length);
    const liveKeys = allTokens.filter(({ t }) => live(t)).map(({ t }) => `${t.serviceId}/${t.userId}`);
    expect(new Set(liveKeys).size).toBe(liveKeys.length);
    // A user ID never belongs to two customers.
    const owner = new Map<string, string>();
    for (const { c, t } of allTokens) {
      const key = `${t.serviceId}/${t.userId}`;
      expect(owner.get(key) ?? c.contractId).toBe(c.contractId);
      owner.set(key, c.contractId);
    }
  });

  it("gives each customer 1–3 tokens, one live per service ID, revoked history first", () => {
    for (const c of customers) {
      expect(c.tokens.length).toBeGreaterThanOrEqual(1);
      expect(c.tokens.length).toBeLessThanOrEqual(3);
      for (const serviceId of new Set(c.tokens.map((t) => t.serviceId))) {
        const ofService = c.tokens.filter((t) => t.serviceId === serviceId);
        expect(ofService.filter(live)).toHaveLength(1);
        const liveToken = ofService.find(live)!;
        expect(live(ofService.at(-1)!)).toBe(true);
        for (const prev of ofService.filter((t) => !live(t))) {
          expect(prev.userId).toBe(liveToken.userId);
          expect(prev.issuedDaysAgo).toBeGreaterThan(liveToken.issuedDaysAgo);
        }
      }
    }
  });

  it("keeps each token's fields consistent with its status", () => {
    for (const { t } of allTokens) {
      const at = `${t.serial} ${t.status}`;
      expect(t.expiresInDays, at).toBe(1095 - t.issuedDaysAgo);
      const unactivated = t.status === "pending_activation" || t.status === "activation_locked";
      expect(t.activatedDaysAgo === null, at).toBe(unactivated);
      expect(t.deviceLabel === null, at).toBe(unactivated);
      expect(t.lastUsedDaysAgo === null, at).toBe(unactivated);
      expect(t.activationPassword !== null, at).toBe(unactivated);
      expect(t.revokeReason !== null, at).toBe(t.status === "revoked");
      if (t.activatedDaysAgo !== null) {
        expect(t.activatedDaysAgo).toBeLessThanOrEqual(t.issuedDaysAgo);
        expect(t.lastUsedDaysAgo!).toBeLessThanOrEqual(t.activatedDaysAgo);
      }
      if (t.status === "activation_locked") expect(t.activationFailures).toBe(5);
      else if (t.status === "pending_activation") expect(t.activationFailures).toBeLessThanOrEqual(4);
      else expect(t.activationFailures).toBe(0);
      if (t.status === "locked") expect(t.otpFailures).toBe(10);
      else expect(t.otpFailures).toBeLessThanOrEqual(3);
      if (t.status === "expired") expect(t.expiresInDays).toBeLessThan(0);
      else if (live(t)) expect(t.expiresInDays).toBeGreaterThan(0);
      if (t.status === "expired") expect(t.lastUsedDaysAgo!).toBeGreaterThanOrEqual(-t.expiresInDays);
      if (t.kind === "hardware") expect(unactivated).toBe(false);
    }
  });

  it("puts a few live tokens inside the 180-day renewal window", () => {
    const renewable = allTokens.filter(({ t }) => live(t) && t.expiresInDays > 0 && t.expiresInDays <= 180);
    expect(renewable.length).toBeGreaterThanOrEqual(3);
  });

  it("records replacement history with a reason", () => {
    const reasons = new Set(allTokens.filter(({ t }) => !live(t)).map(({ t }) => t.revokeReason));
    expect(reasons.size).toBeGreaterThanOrEqual(3);
    for (const r of reasons) expect(["cancelled", "replaced", "lost", "stolen", "device_changed", "app_deleted"]).toContain(r);
  });
});

describe("demoServiceIds", () => {
  it("lists 8-digit service IDs with Japanese labels, internet banking first", () => {
    expect(demoServiceIds[0].serviceId).toBe("10112890");
    expect(demoServiceIds.length).toBeGreaterThanOrEqual(2);
    for (const s of demoServiceIds) {
      expect(s.serviceId).toMatch(/^\d{8}$/);
      expect(s.label).toMatch(/\p{Script=Han}|\p{Script=Katakana}/u);
    }
  });
});
