import fc from "fast-check";

/**
 * Bad inputs for the fuzz attack, built from a valid input: every case must be refused by
 * validation. Control characters, lone surrogates and oversized strings are bad by the project's
 * rules even where a schema forgot to say so; wrong types and prototype keys are kept only when the
 * schema indeed refuses them (a dictionary may be a perfectly good `device`).
 */
export type BadInput = { kind: "root" | "type" | "proto" | "control" | "oversized"; field?: string; value: unknown };

export const controlChars = ["\u0000", "\u001b", "\u2028", "\u2029", "\ud800", "\udfff", "\u0007", "\u007f", "\u202e"] as const;

const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);

const oversized = fc.tuple(fc.integer({ min: 2_000, max: 100_000 }), fc.constantFrom("9", "a", "あ", "0")).map(([n, c]) => c.repeat(n));

/**
 * A string with control characters or lone surrogates spliced inside a good value (never at its
 * ends, where a schema's trim() may rightly remove a U+2028 and leave the good value).
 */
function withControl(good: unknown): fc.Arbitrary<string> {
  const base = typeof good === "string" && good.length >= 2 ? good : "xx";
  return fc
    .tuple(fc.integer({ min: 1, max: base.length - 1 }), fc.array(fc.constantFrom(...controlChars), { minLength: 1, maxLength: 3 }))
    .map(([at, chars]) => base.slice(0, at) + chars.join("") + base.slice(at));
}

function replace(base: Record<string, unknown>, field: string, value: unknown): Record<string, unknown> {
  return { ...base, [field]: value };
}

/** Own `__proto__`, `constructor` and `prototype` keys, as JSON.parse makes them from a request body. */
function withPrototypeKeys(input: Record<string, unknown>): Record<string, unknown> {
  const keys = JSON.parse('{"__proto__":{"polluted":"yes","role":"admin"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}') as Record<string, unknown>;
  return Object.assign(keys, input);
}

export function badInputs(base: Record<string, unknown>): fc.Arbitrary<BadInput> {
  const fields = Object.keys(base);
  const root = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant(undefined), fc.boolean(), fc.array(fc.anything(), { maxLength: 3 })).map((value): BadInput => ({ kind: "root", value }));
  // An action without fields ("verify now") can only be sent something that is not an object.
  if (!fields.length) return root;
  const field = fc.constantFrom(...fields);
  return fc.oneof(
    root,
    fc.tuple(field, wrongType).map(([f, v]): BadInput => ({ kind: "type", field: f, value: replace(base, f, v) })),
    fc.tuple(field, wrongType).map(([f, v]): BadInput => ({ kind: "proto", field: f, value: withPrototypeKeys(replace(base, f, v)) })),
    field.chain((f) => withControl(base[f]).map((v): BadInput => ({ kind: "control", field: f, value: replace(base, f, v) }))),
    fc.tuple(field, oversized).map(([f, v]): BadInput => ({ kind: "oversized", field: f, value: replace(base, f, v) })),
  );
}

/** Cases that must be refused whatever the schema says (see above). */
export const alwaysBad = (input: BadInput) => input.kind === "control" || input.kind === "oversized" || input.kind === "root";

/** The raw bodies a client can send a JSON route: bad JSON, and bad inputs serialised. */
export function badBodies(base: Record<string, unknown>): fc.Arbitrary<{ kind: string; body: string; contentType: string }> {
  return fc.oneof(
    fc.string({ maxLength: 200 }).map((body) => ({ kind: "malformed", body, contentType: "application/json" })),
    fc.constantFrom('{"a":', "{'single':1}", "[1,2", "\u0000", '{"__proto__":', "NaN", "").map((body) => ({ kind: "malformed", body, contentType: "application/json" })),
    badInputs(base).map((bad) => ({ kind: bad.kind, body: JSON.stringify(bad.value) ?? "", contentType: "application/json", bad })),
    fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "").map((contentType) => ({ kind: "content-type", body: JSON.stringify(base), contentType })),
  );
}

/** A short, printable description of an input for a failure message. */
export function describeInput(value: unknown): string {
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === "string" && v.length > 40 ? `${v.slice(0, 20)}…(${v.length} chars)` : v)) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** No fuzz input may leave a key on Object.prototype. */
export function prototypePolluted(): boolean {
  return "polluted" in ({} as Record<string, unknown>) || Object.keys(Object.prototype).length > 0;
}
