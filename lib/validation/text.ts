import { z } from "zod";

/**
 * Characters no form or API field accepts: C0 controls (NUL breaks PostgreSQL text outright), DEL,
 * C1 controls, and UTF-16 surrogates without their partner (not encodable as UTF-8). Tab, LF and
 * CR are allowed only in multi-line fields.
 */
const FORBIDDEN_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const FORBIDDEN_MULTI_LINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasForbiddenCharacters(value: string, multiline = false): boolean {
  return (multiline ? FORBIDDEN_MULTI_LINE : FORBIDDEN_SINGLE_LINE).test(value);
}

/**
 * The one base for every text input: `text().trim().min(1).max(60)`. The check runs on the raw
 * value, before trims and transforms, so nothing strips a control character into acceptance.
 */
export function text(options: { multiline?: boolean } = {}) {
  return z.string().refine((value) => !hasForbiddenCharacters(value, options.multiline), { error: "validation.controlCharacters", abort: true });
}
