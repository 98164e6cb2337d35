import { ja } from "./messages/ja";
import { en } from "./messages/en";
import type { Locale } from "./locales";

type Leaves<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The catalogue's shape, taken from Japanese (the default); English must match it key for key. */
export type Messages = Widen<typeof ja>;
export type MessageKey = Leaves<typeof ja>;
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export const catalogues: Record<Locale, Messages> = { ja, en };

/** Walks a dotted key; a leaf may itself hold dots (actions["auth.sign_in"]), so the rest is tried whole first. */
export function lookup(messages: Messages, key: string): string | undefined {
  const parts = key.split(".");
  let node: unknown = messages;
  for (let i = 0; i < parts.length; i++) {
    if (node == null || typeof node !== "object") return undefined;
    const record = node as Record<string, unknown>;
    const rest = parts.slice(i).join(".");
    if (typeof record[rest] === "string") return record[rest] as string;
    node = record[parts[i]!];
  }
  return typeof node === "string" ? node : undefined;
}

export function interpolate(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function createTranslator(locale: Locale): Translate {
  const messages = catalogues[locale];
  return (key, vars) => interpolate(lookup(messages, key) ?? key, vars);
}

export function isMessageKey(value: string): value is MessageKey {
  return lookup(ja, value) !== undefined;
}
