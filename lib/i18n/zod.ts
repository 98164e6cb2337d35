import type { z } from "zod";
import { createTranslator, isMessageKey } from "./translate";
import type { Locale } from "./locales";

/**
 * Turns zod issues into short messages in the operator's language. Schemas may carry a catalogue
 * key as their message ("validation.loginIdFormat"); everything else maps from the issue code.
 */
export function zodErrorMap(locale: Locale): z.core.$ZodErrorMap {
  const t = createTranslator(locale);
  return (issue) => {
    if (issue.message && isMessageKey(issue.message)) return t(issue.message);
    switch (issue.code) {
      case "invalid_type":
        return issue.input === undefined || issue.input === null ? t("validation.required") : t("validation.invalidType");
      case "too_small":
        if (issue.origin === "string") return Number(issue.minimum) <= 1 ? t("validation.required") : t("validation.tooShort", { min: Number(issue.minimum) });
        return t("validation.tooSmall", { min: Number(issue.minimum) });
      case "too_big":
        if (issue.origin === "string") return t("validation.tooLong", { max: Number(issue.maximum) });
        return t("validation.tooBig", { max: Number(issue.maximum) });
      case "invalid_value":
        return t("validation.invalidChoice");
      case "invalid_format":
        return t("validation.invalidFormat");
      case "unrecognized_keys":
        return t("validation.unknownField");
      default:
        return t("validation.invalid");
    }
  };
}

export type FieldErrors = Record<string, string[]>;

/**
 * Field name → messages; issues not tied to a field go under "_form". A schema's own message
 * wins over the per-parse map in zod 4, so catalogue keys set on a schema are translated here.
 */
export function fieldErrorsOf(error: z.ZodError, locale: Locale): FieldErrors {
  const t = createTranslator(locale);
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_form";
    (out[key] ??= []).push(isMessageKey(issue.message) ? t(issue.message) : issue.message);
  }
  return out;
}
