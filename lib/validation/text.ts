import { z } from "zod";
import type { MessageKey } from "@/lib/i18n/translate";

/**
 * Characters no form or API field accepts: C0 controls (NUL breaks PostgreSQL text outright), DEL,
 * C1 controls, UTF-16 surrogates without their partner (not encodable as UTF-8), code points no
 * Unicode version assigns (nothing can display them), the line and paragraph separators (they break
 * a log or CSV line as a newline would), and the bidirectional overrides and isolates that make a
 * stored reason read differently from what it contains. Private-use characters stay allowed: rare
 * kanji in names (外字) live there. Tab, LF and CR are allowed only in multi-line fields.
 */
const UNSAFE = "\\u061C\\u200E\\u200F\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069\\p{Cs}\\p{Cn}";
const FORBIDDEN_SINGLE_LINE = new RegExp(`[\\u0000-\\u001F\\u007F-\\u009F${UNSAFE}]`, "u");
const FORBIDDEN_MULTI_LINE = new RegExp(`[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F${UNSAFE}]`, "u");

export function hasForbiddenCharacters(value: string, multiline = false): boolean {
  return (multiline ? FORBIDDEN_MULTI_LINE : FORBIDDEN_SINGLE_LINE).test(value);
}

/**
 * The one base for every text input: `text().trim().min(1).max(60)`. The check runs on the raw
 * value, before trims and transforms, so nothing strips a control character into acceptance.
 * `error` is the message for a value that is missing or not a string at all.
 */
export function text(options: { multiline?: boolean; error?: MessageKey } = {}) {
  return z.string(options.error ? { error: options.error } : undefined).refine((value) => !hasForbiddenCharacters(value, options.multiline), { error: "validation.controlCharacters", abort: true });
}

/** Why a person made a sensitive change: kept in the audit event, so short but never empty. */
export const reasonField = text().trim().min(4).max(200);
