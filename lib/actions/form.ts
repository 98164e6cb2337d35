import type { z } from "zod";
import type { Locale } from "@/lib/i18n/locales";
import { fieldErrorsOf, zodErrorMap, type FieldErrors } from "@/lib/i18n/zod";

/** What the operator typed, by field, to put back into a form that failed. */
export type FormValues = Record<string, string>;

type Kind = "text" | "number" | "boolean" | "date" | "list";

/** Fields never sent back to the browser, whatever the form declares. */
const ALWAYS_SECRET = /password|passcode|secret|otp/i;

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
}
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The field's kind under its wrappers (optional, default, nullable, pipes and transforms). */
function kindOf(schema: z.ZodType): { kind: Kind; optional: boolean } {
  let current = schema;
  let optional = false;
  for (;;) {
    const def = defOf(current);
    if (def.type === "optional" || def.type === "default" || def.type === "prefault" || def.type === "nullable" || def.type === "catch" || def.type === "readonly") {
      optional ||= def.type !== "nullable";
      current = def.innerType!;
    } else if (def.type === "pipe") {
      current = def.in!;
    } else {
      const kinds: Record<string, Kind> = { number: "number", bigint: "number", int: "number", boolean: "boolean", date: "date", array: "list", set: "list" };
      return { kind: kinds[def.type] ?? "text", optional };
    }
  }
}

function shapeOf(schema: z.ZodType): Record<string, z.ZodType> {
  const def = defOf(schema);
  return def.type === "object" && def.shape ? def.shape : {};
}

const TRUE = new Set(["on", "true", "1", "yes"]);
const FALSE = new Set(["off", "false", "0", "no"]);

function coerce(kind: Kind, optional: boolean, raw: string | undefined): unknown {
  if (kind === "boolean") {
    // An unticked checkbox sends nothing: that is "no", not a missing answer.
    if (raw === undefined || raw === "") return false;
    return TRUE.has(raw.toLowerCase()) ? true : FALSE.has(raw.toLowerCase()) ? false : raw;
  }
  // An empty optional field is left out, so the schema's default or absence applies.
  if (raw === undefined || raw === "") return optional || kind !== "text" ? undefined : raw;
  if (kind === "number") {
    const n = Number(raw.trim());
    return raw.trim() === "" || Number.isNaN(n) ? raw : n;
  }
  if (kind === "date") {
    const d = new Date(raw);
    return Number.isNaN(d.getTime()) ? raw : d;
  }
  return raw;
}

/**
 * A form's fields as the schema's input: only the schema's own keys are read (anything else the
 * browser sends is ignored), strings become numbers, booleans and dates where the schema says so,
 * and the schema itself then validates — one schema for the form, the action and the API.
 */
export function formInput(schema: z.ZodType, form: FormData): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(shapeOf(schema))) {
    const { kind, optional } = kindOf(field);
    if (kind === "list") {
      input[name] = form.getAll(name).filter((v): v is string => typeof v === "string");
      continue;
    }
    const value = form.get(name);
    const coerced = coerce(kind, optional, typeof value === "string" ? value : undefined);
    if (coerced !== undefined) input[name] = coerced;
  }
  return input;
}

/** Parses a form with the schema: the typed input, or messages keyed by field in the operator's language. */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData, locale: Locale): { ok: true; data: z.output<S> } | { ok: false; fieldErrors: FieldErrors } {
  const parsed = schema.safeParse(formInput(schema, form), { error: zodErrorMap(locale) });
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, fieldErrors: fieldErrorsOf(parsed.error, locale) };
}

/** What to put back into a failed form: the schema's fields as typed, except secrets, which are cleared. */
export function keptValues(schema: z.ZodType, form: FormData, secret: readonly string[] = []): FormValues {
  const values: FormValues = {};
  for (const name of Object.keys(shapeOf(schema))) {
    if (secret.includes(name) || ALWAYS_SECRET.test(name)) continue;
    const value = form.get(name);
    if (typeof value === "string") values[name] = value;
  }
  return values;
}
