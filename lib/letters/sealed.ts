import { open, seal } from "@/lib/crypto/secretbox";
import { activationLetterSchema, type ActivationLetter, type ActivationLetterInput } from "./schema";

/**
 * An activation letter waiting for the printer: its facts (the activation password among them)
 * sealed with the application's key, so the outbox and the demo mailbox hold ciphertext only.
 * The PDF is rendered from them when the letter goes out, or when the demo mailbox opens it.
 */
export function sealLetter(letter: ActivationLetterInput): string {
  // Validated before sealing: a letter that could never be printed is refused by the action that
  // writes it, while the staff member is still on the call, not days later in the print room.
  const valid = activationLetterSchema.parse(letter);
  return seal(Buffer.from(JSON.stringify(valid), "utf8"));
}

export function openLetter(envelope: string): ActivationLetter {
  const raw = JSON.parse(open(envelope).toString("utf8")) as Record<string, unknown>;
  return activationLetterSchema.parse({ ...raw, issuedAt: new Date(String(raw.issuedAt)), deadline: new Date(String(raw.deadline)) });
}

/** A sealed envelope's shape (lib/crypto/secretbox.ts), for inputs that carry one. */
export const sealedEnvelopePattern = /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/;

/**
 * The registered address as window-envelope lines: split at spaces, packed into lines of at most
 * `width` characters, a run longer than a line broken where it must.
 */
export function addressLines(address: string, width = 40): string[] {
  const words = address.trim().split(/[\s\u3000]+/).filter(Boolean).flatMap((word) => chunks(word, width));
  const lines: string[] = [];
  for (const word of words) {
    const last = lines.at(-1);
    if (last !== undefined && [...last].length + 1 + [...word].length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

function chunks(word: string, width: number): string[] {
  const chars = [...word];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += width) out.push(chars.slice(i, i + width).join(""));
  return out;
}

/** 〒 codes as printed: 1000005 and １００－０００５ become 100-0005. */
export function printedPostalCode(code: string): string {
  const digits = code.normalize("NFKC").replace(/\D/g, "");
  return digits.length === 7 ? `${digits.slice(0, 3)}-${digits.slice(3)}` : code;
}
