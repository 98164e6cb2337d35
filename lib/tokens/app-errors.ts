import type { TokenStatus } from "@/db/schema";
import type { DeskTokenAction } from "./desk-rules";

/**
 * What the desk can offer for an error code: a token action from the token panel (a replacement
 * token among them, when the old phone is lost or changed), a new token, or nothing server-side.
 */
export type TriageOffer = DeskTokenAction | "issue" | null;

/** The catalogue's entries, each a key under `triage.codes` (title, say, check) in ja.ts / en.ts. */
export const appErrorKeys = [
  "wrongValues",
  "wrongPassword",
  "serviceId",
  "alreadyInApp",
  "alreadyBound",
  "suspended",
  "activationLocked",
  "clock",
  "network",
  "setupUnfinished",
  "transactionPending",
  "expired",
  "appLockCode",
  "phoneChanged",
  "appError",
  "otpRejected",
] as const;
export type AppErrorKey = (typeof appErrorKeys)[number];

export interface AppErrorEntry {
  key: AppErrorKey;
  /** Codes as the app shows them; ranges are inclusive, same letter and width ("A000"–"A010"). */
  codes: readonly string[];
  ranges?: ReadonlyArray<readonly [from: string, to: string]>;
  /** The desk's fix, when the token's state allows it. */
  offer: TriageOffer;
  /** Offer the fix only after the simple check failed more than once (a repeated S0C1). */
  offerWhenRepeated?: boolean;
  /** What to offer instead when the fix is not available for any of the customer's tokens. */
  otherwise?: TriageOffer;
  /**
   * The token states the code implies on our side. When none of the customer's tokens is in one,
   * the record disagrees with the caller's screen: the desk says so, instead of acting blind.
   */
  expects?: readonly TokenStatus[];
}

/**
 * Every code the OTP app shows (the bank's app manual, error table), and what the desk does.
 * The one place the desk's triage reads; the UI words live in the catalogues under `triage.codes`.
 */
export const appErrors: readonly AppErrorEntry[] = [
  // Set-up: a value typed into the app does not match the record.
  { key: "wrongValues", codes: ["A911", "S0G1"], offer: null },
  { key: "wrongPassword", codes: ["S0C1"], offer: "reset_activation", offerWhenRepeated: true, expects: ["pending_activation", "activation_locked"] },
  { key: "serviceId", codes: ["S0A1", "S0B1"], offer: null },
  { key: "alreadyInApp", codes: ["A916"], offer: null },
  { key: "alreadyBound", codes: ["S0B4"], offer: "replace", expects: ["active", "locked", "suspended"] },
  { key: "suspended", codes: ["S0B5", "S3B5"], offer: "resume", otherwise: "replace", expects: ["suspended"] },
  { key: "activationLocked", codes: ["S0C4"], offer: "reset_activation", expects: ["activation_locked"] },
  { key: "clock", codes: ["S0F1", "S3E4"], offer: "resync" },
  {
    key: "network",
    codes: [],
    ranges: [
      ["A000", "A010"],
      ["A300", "A310"],
      ["A400", "A403"],
    ],
    offer: null,
  },
  { key: "setupUnfinished", codes: ["S3B3"], offer: "reset_activation", expects: ["pending_activation", "activation_locked"] },
  { key: "transactionPending", codes: ["S3D3", "S3D4"], offer: null },
  { key: "expired", codes: ["S4E3"], offer: "renew", otherwise: "issue", expects: ["expired"] },
  { key: "appLockCode", codes: ["A914"], offer: "replace" },
  { key: "phoneChanged", codes: ["A998"], offer: "replace" },
  { key: "appError", codes: ["A9EX", "A999"], offer: null },
];

/** The caller with no code on the screen: their one-time password was refused at login. */
export const NO_CODE = "none";
const otpRejected: AppErrorEntry = { key: "otpRejected", codes: [], offer: "resync", otherwise: "replace", expects: ["active", "locked"] };

/**
 * A code as an operator types it: full-width letters and digits, lower case, spaces and the
 * hyphen some callers read out ("S0-C4") all count as the code itself.
 */
export function normaliseAppErrorCode(raw: string): string {
  return raw.normalize("NFKC").toUpperCase().replace(/[\s\-ー－‐]/g, "");
}

function inRange(code: string, [from, to]: readonly [string, string]): boolean {
  return code.length === from.length && code[0] === from[0] && /^[A-Z]\d+$/.test(code) && code >= from && code <= to;
}

/** The entry for a code, or null for a code the app's manual does not list (or nothing typed). */
export function lookupAppError(raw: string): { code: string; entry: AppErrorEntry } | null {
  const code = normaliseAppErrorCode(raw);
  if (code === "") return null;
  if (code === NO_CODE.toUpperCase() || code === "なし") return { code: NO_CODE, entry: otpRejected };
  const entry = appErrors.find((e) => e.codes.includes(code) || (e.ranges ?? []).some((r) => inRange(code, r)));
  return entry ? { code, entry } : null;
}

/** Every code the catalogue knows, ranges spelled out: the picker's suggestions. */
export function knownAppErrorCodes(): string[] {
  const out: string[] = [];
  for (const entry of appErrors) {
    out.push(...entry.codes);
    for (const [from, to] of entry.ranges ?? []) {
      const width = from.length - 1;
      for (let n = Number(from.slice(1)); n <= Number(to.slice(1)); n++) out.push(`${from[0]}${String(n).padStart(width, "0")}`);
    }
  }
  return out.sort();
}

/** The codes callers read out most often, offered as one-click picks. */
export const commonAppErrorCodes = ["S0C4", "S0C1", "S0B4", "S0B5", "S0F1", "S4E3", "A998", "A911"] as const;
