import { digitsOnly, foldForSearch } from "@/lib/customers/fold";
import type { Customer } from "@/db/schema";
import { ACCOUNT_NUMBER_DIGITS, PHONE } from "@/lib/validation/identifiers";

/** Names match if the caller's words fold to the registered kana or to the kanji name (spaces ignored). */
export function nameMatches(answer: string, record: Pick<Customer, "nameKana" | "nameKanji">): boolean {
  const folded = foldForSearch(answer);
  if (!folded) return false;
  return folded === foldForSearch(record.nameKana) || folded === foldForSearch(record.nameKanji);
}

/** Accepts 1980-04-15, 1980/4/15, 19800415 and full-width digits; compares as a calendar date. */
export function normaliseBirthDate(answer: string): string | null {
  const text = answer.normalize("NFKC").trim();
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

export function birthDateMatches(answer: string, record: Pick<Customer, "birthDate">): boolean {
  return normaliseBirthDate(answer) === record.birthDate;
}

export function phoneMatches(answer: string, record: Pick<Customer, "phone">): boolean {
  const d = digitsOnly(answer);
  return PHONE.test(d) && d === record.phone;
}

export function accountMatches(branchCode: string, accountNumber: string, record: Pick<Customer, "branchCode" | "accountNumber">): boolean {
  return digitsOnly(branchCode) === record.branchCode && digitsOnly(accountNumber).padStart(ACCOUNT_NUMBER_DIGITS, "0") === record.accountNumber;
}
