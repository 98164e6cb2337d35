/**
 * Deterministic demo customers for a Japanese bank's OTP help desk.
 *
 * Pure: no DB, no clock, no Math.random — a seeded mulberry32 PRNG drives everything, so the same
 * (count, seed) always yields the same customers. Times are relative ("days ago") so the seed
 * script anchors them to its own "now"; birth dates are absolute, with ages 21–84 in
 * REFERENCE_YEAR so they stay within 20–85 for a while.
 *
 * Invariants (tested in tests/unit/demo-data.test.ts): unique contract IDs, serials, phones and
 * branch+account; per customer, exactly one non-revoked token per service ID, revoked
 * predecessors (same service ID + user ID, replacement history) listed before it; the first
 * customer is the bank's worked example 山田 太郎, service ID 10112890, user ID 999800000001.
 */
import type { TokenStatus } from "@/db/schema";
import {
  ACTIVATION_PASSWORD_DIGITS,
  ACTIVATION_PASSWORD_MIN_DIGITS,
  MAX_ACTIVATION_FAILURES,
  MAX_OTP_FAILURES,
  RENEWAL_WINDOW_DAYS,
  serviceIds,
  TOKEN_LIFETIME_DAYS,
} from "@/lib/tokens/policy";
import {
  appDevices, branches, buildings, familyNames, givenNames, hardwareDeviceLabel, personalMailDomains,
  workMailDomains, type FamilyName, type GivenName,
} from "./names";

export interface DemoToken {
  serviceId: string;
  userId: string;
  serial: string;
  kind: "app" | "hardware";
  status: TokenStatus;
  issuedDaysAgo: number;
  activatedDaysAgo: number | null;
  expiresInDays: number;
  activationFailures: number;
  otpFailures: number;
  lastUsedDaysAgo: number | null;
  deviceLabel: string | null;
  revokeReason: null | "cancelled" | "replaced" | "lost" | "stolen" | "device_changed" | "app_deleted";
  activationPassword: string | null;
}

export interface DemoCustomer {
  contractId: string;
  nameKanji: string;
  nameKana: string;
  birthDate: string;
  phone: string;
  branchCode: string;
  branchName: string;
  accountNumber: string;
  postalCode: string;
  address: string;
  emails: string[];
  tokens: DemoToken[];
}

const [PERSONAL, CORPORATE, INVEST] = serviceIds;
/** The bank's サービスID with the names the demo shows; the first is personal internet banking. */
export const demoServiceIds = [
  { serviceId: PERSONAL, label: "個人向けインターネットバンキング" },
  { serviceId: CORPORATE, label: "法人向けインターネットバンキング" },
  { serviceId: INVEST, label: "投資信託・外貨預金Webサービス" },
] as const;

/** ユーザID prefixes per service (12 digits = prefix + 8-digit sequence). */
const USER_ID_PREFIX: Record<string, string> = { [PERSONAL]: "9998", [CORPORATE]: "9997", [INVEST]: "9996" };
const REFERENCE_YEAR = 2026;
const DEFAULT_SEED = 0x10112890;

/** Statuses cycled for the live token of the first 21 customers ("revoked" = active + a revoked predecessor). */
const STATUS_CYCLE: readonly TokenStatus[] = [
  "active", "pending_activation", "activation_locked", "locked", "suspended", "expired", "revoked",
];
type LiveStatus = Exclude<TokenStatus, "revoked">;
const LIVE_WEIGHTS: readonly (readonly [LiveStatus, number])[] = [
  ["active", 72], ["pending_activation", 8], ["activation_locked", 3], ["locked", 5], ["suspended", 5], ["expired", 7],
];
type RevokeReason = NonNullable<DemoToken["revokeReason"]>;
const REVOKE_WEIGHTS: readonly (readonly [RevokeReason, number])[] = [
  ["replaced", 30], ["lost", 20], ["stolen", 5], ["device_changed", 25], ["app_deleted", 15], ["cancelled", 5],
];

function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The demo's seeded PRNG: the same seed always gives the same sequence. */
export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let r = this.next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [value, w] of entries) if ((r -= w) < 0) return value;
    return this.pick(entries)[0];
  }
  digits(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** Cross-customer state that keeps identifiers unique. */
interface Registry {
  serials: Set<string>;
  phones: Set<string>;
  accounts: Set<string>;
  userIdSeq: Map<string, number>;
}

function unique(taken: Set<string>, make: () => string): string {
  for (;;) {
    const v = make();
    if (!taken.has(v)) {
      taken.add(v);
      return v;
    }
  }
}

function nextUserId(rng: Rng, reg: Registry, serviceId: string): string {
  const seq = (reg.userIdSeq.get(serviceId) ?? 0) + (reg.userIdSeq.has(serviceId) ? rng.int(1, 40) : 1);
  reg.userIdSeq.set(serviceId, seq);
  return `${USER_ID_PREFIX[serviceId] ?? "9999"}${pad(seq, 8)}`;
}

interface TokenKey {
  serviceId: string;
  userId: string;
}

function baseToken(rng: Rng, reg: Registry, key: TokenKey, status: TokenStatus, issuedDaysAgo: number): DemoToken {
  return {
    ...key,
    serial: unique(reg.serials, () => String(rng.int(10_000_000, 99_999_999))),
    kind: "app",
    status,
    issuedDaysAgo,
    activatedDaysAgo: null,
    expiresInDays: TOKEN_LIFETIME_DAYS - issuedDaysAgo,
    activationFailures: 0,
    otpFailures: 0,
    lastUsedDaysAgo: null,
    deviceLabel: null,
    revokeReason: null,
    activationPassword: null,
  };
}

/** Marks a token activated 0–10 days after issue, last used between `lastUsedFrom` and `lastUsedTo` days ago. */
function activate(rng: Rng, t: DemoToken, lastUsedFrom: number, lastUsedTo: number): DemoToken {
  const activated = t.issuedDaysAgo - rng.int(0, Math.min(10, t.issuedDaysAgo));
  const hardware = t.kind === "hardware";
  return {
    ...t,
    activatedDaysAgo: activated,
    lastUsedDaysAgo: rng.int(Math.min(lastUsedFrom, activated), Math.min(lastUsedTo, activated)),
    deviceLabel: hardware ? hardwareDeviceLabel : rng.pick(appDevices),
    otpFailures: rng.weighted([[0, 80], [1, 10], [2, 6], [3, 4]]),
  };
}

function liveToken(rng: Rng, reg: Registry, key: TokenKey, status: LiveStatus, renewal: boolean): DemoToken {
  const hardwareOk = status !== "pending_activation" && status !== "activation_locked";
  const kind = hardwareOk && rng.chance(key.serviceId === CORPORATE ? 0.4 : 0.04) ? "hardware" : "app";
  const issue = (days: number): DemoToken => ({ ...baseToken(rng, reg, key, status, days), kind });
  const activationPassword = () => rng.digits(rng.int(ACTIVATION_PASSWORD_MIN_DIGITS, ACTIVATION_PASSWORD_DIGITS));
  switch (status) {
    case "pending_activation":
      return { ...issue(rng.int(0, 20)), activationFailures: rng.weighted([[0, 60], [1, 15], [2, 10], [3, 10], [4, 5]]), activationPassword: activationPassword() };
    case "activation_locked":
      return { ...issue(rng.int(1, 25)), activationFailures: MAX_ACTIVATION_FAILURES, activationPassword: activationPassword() };
    case "active": {
      const inWindow = renewal || rng.chance(0.12);
      return activate(rng, issue(inWindow ? rng.int(TOKEN_LIFETIME_DAYS - RENEWAL_WINDOW_DAYS + 1, TOKEN_LIFETIME_DAYS - 5) : rng.int(3, 900)), 0, 45);
    }
    case "locked":
      return { ...activate(rng, issue(rng.int(30, 1000)), 0, 14), otpFailures: MAX_OTP_FAILURES };
    case "suspended":
      return activate(rng, issue(rng.int(30, 1000)), 3, 120);
    case "expired": {
      const issued = rng.int(TOKEN_LIFETIME_DAYS + 1, TOKEN_LIFETIME_DAYS + 240);
      return activate(rng, issue(issued), issued - TOKEN_LIFETIME_DAYS, issued - TOKEN_LIFETIME_DAYS + 200);
    }
  }
}

/** A revoked token that was replaced by a token issued `successorIssued` days ago. */
function revokedToken(rng: Rng, reg: Registry, key: TokenKey, successorIssued: number, kind: DemoToken["kind"]): DemoToken {
  const reason = rng.weighted(REVOKE_WEIGHTS);
  // 利用解除: the bank issues a new token only from the next day.
  const revokedAgo = successorIssued + (reason === "cancelled" ? rng.int(1, 60) : rng.int(0, 3));
  const issued = revokedAgo + rng.int(60, 1000);
  const t = activate(rng, { ...baseToken(rng, reg, key, "revoked", issued), kind }, revokedAgo, revokedAgo + 5);
  return { ...t, revokeReason: reason };
}

function tokensFor(rng: Rng, reg: Registry, index: number): DemoToken[] {
  const first = index === 0;
  const primary = first ? PERSONAL : rng.weighted([[PERSONAL, 88], [CORPORATE, 8], [INVEST, 4]] as const);
  const forced = index < 3 * STATUS_CYCLE.length ? STATUS_CYCLE[index % STATUS_CYCLE.length] : undefined;
  const status: LiveStatus = forced === undefined ? rng.weighted(LIVE_WEIGHTS) : forced === "revoked" ? "active" : forced;
  const predecessors = forced === "revoked" ? 1 : first ? 0 : rng.weighted([[0, 80], [1, 16], [2, 4]]);
  const renewal = index > 0 && index % STATUS_CYCLE.length === 0 && forced !== undefined;

  const key = { serviceId: primary, userId: nextUserId(rng, reg, primary) };
  const live = liveToken(rng, reg, key, status, renewal);
  const history: DemoToken[] = [];
  let successorIssued = live.issuedDaysAgo;
  for (let p = 0; p < predecessors; p++) {
    const prev = revokedToken(rng, reg, key, successorIssued, live.kind);
    history.unshift(prev);
    successorIssued = prev.issuedDaysAgo;
  }
  const tokens = [...history, live];
  if (!first && tokens.length < 3 && rng.chance(0.18)) {
    const others = demoServiceIds.map((s) => s.serviceId).filter((s) => s !== primary);
    const serviceId = rng.pick(others);
    tokens.push(liveToken(rng, reg, { serviceId, userId: nextUserId(rng, reg, serviceId) }, rng.weighted(LIVE_WEIGHTS), false));
  }
  return tokens;
}

function emailsFor(rng: Rng, index: number, family: FamilyName, given: GivenName, birth: [number, number, number]): string[] {
  if (index === 0) return ["taro.yamada@example.jp"];
  const count = index < 4 ? [1, 0, 2, 3][index] ?? 1 : rng.weighted([[0, 15], [1, 55], [2, 22], [3, 8]]);
  const [f, g] = [family[2], given[2]];
  const [yy, mm, dd] = [pad(birth[0] % 100, 2), pad(birth[1], 2), pad(birth[2], 2)];
  const personal = [
    () => `${g}.${f}`, () => `${f}.${g}${yy}`, () => `${g.charAt(0)}-${f}`, () => `${g}${f}${mm}${dd}`,
    () => `${f}_${g}${rng.int(1, 99)}`, () => `${g}${yy}${rng.int(10, 99)}`,
  ];
  const work = [() => `${g}.${f}`, () => `${g.charAt(0)}.${f}`, () => `${f}-${g.charAt(0)}`];
  const out: string[] = [];
  while (out.length < count) {
    const useWork = out.length > 0 && rng.chance(0.3);
    const local = rng.pick(useWork ? work : personal)();
    const address = `${local}@${rng.pick(useWork ? workMailDomains : personalMailDomains)}`;
    if (!out.includes(address)) out.push(address);
  }
  return out;
}

/** Index of the demo customer whose family name is 鈴木 (スズキ). */
export const SUZUKI_DEMO_INDEX = 1;

function customer(rng: Rng, reg: Registry, index: number, contractSeq: number): DemoCustomer {
  const first = index === 0;
  const branch = first ? branches.find((b) => b.code === "101") ?? branches[0]! : rng.pick(branches);
  const area = first ? branch.areas[0]! : rng.pick(branch.areas);

  const year = first ? 1980 : REFERENCE_YEAR - rng.int(21, 84);
  const month = first ? 4 : rng.int(1, 12);
  const day = first ? 15 : rng.int(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
  const era = year < 1962 ? "o" : year < 1990 ? "m" : "y";
  const sex = rng.chance(0.5) ? "m" : "f";
  // The second customer is always a 鈴木, so a romaji search ("suzuki") has a demo answer; the
  // pick still happens so every later customer stays the same.
  const picked = first ? familyNames.find((n) => n[0] === "山田")! : rng.pick(familyNames);
  const family = index === SUZUKI_DEMO_INDEX ? familyNames.find((n) => n[0] === "鈴木")! : picked;
  const given = first
    ? givenNames.find((n) => n[0] === "太郎")!
    : rng.pick(givenNames.filter((n) => n[3] === sex && n[4].includes(era)));

  const phone = unique(reg.phones, () =>
    first ? "09012345678"
    : branch.landline && rng.chance(0.2) ? `${branch.landline}${rng.int(1000, 9999)}${rng.digits(4)}`
    : `${rng.pick(["090", "080", "070"])}${rng.int(1000, 9999)}${rng.digits(4)}`);
  // Unique per branch: the registry holds "branch:account" keys.
  const accountKey = unique(reg.accounts, () => `${branch.code}:${first ? "1234567" : pad(rng.int(1, 9_999_999), 7)}`);
  const accountNumber = accountKey.slice(branch.code.length + 1);

  let address = `${area.city}${area.town}${rng.int(1, area.chome)}丁目${rng.int(1, 25)}番${rng.int(1, 20)}号`;
  if (rng.chance(0.35)) address += ` ${rng.pick(buildings)}${rng.int(1, 12)}0${rng.int(1, 9)}`;

  return {
    contractId: pad(contractSeq, 10),
    nameKanji: `${family[0]} ${given[0]}`,
    nameKana: `${family[1]} ${given[1]}`,
    birthDate: `${year}-${pad(month, 2)}-${pad(day, 2)}`,
    phone,
    branchCode: branch.code,
    branchName: branch.name,
    accountNumber,
    postalCode: area.postal,
    address,
    emails: emailsFor(rng, index, family, given, [year, month, day]),
    tokens: tokensFor(rng, reg, index),
  };
}

/** `count` demo customers; the same (count, seed) always gives the same result. */
export function demoCustomers(count: number, seed: number = DEFAULT_SEED): DemoCustomer[] {
  const rng = new Rng(seed);
  const reg: Registry = { serials: new Set(), phones: new Set(), accounts: new Set(), userIdSeq: new Map() };
  const out: DemoCustomer[] = [];
  let contractSeq = 12_345_678;
  for (let i = 0; i < count; i++) {
    if (i > 0) contractSeq += rng.int(1, 9_973);
    out.push(customer(rng, reg, i, contractSeq));
  }
  return out;
}
