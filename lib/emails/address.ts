import { EMAIL_LOCAL_MAX_LENGTH, EMAIL_MAX_LENGTH } from "./policy";

/**
 * What the desk accepts as an e-mail address: plain ASCII `local@domain`, as Japanese carriers and
 * mail providers hand them out. The local part is the dot-atom characters of RFC 5322, except that
 * a dot may repeat or end it: old docomo and au addresses (`taro..yamada.@…`) break the RFC that
 * way and still receive mail, and refusing them would lock those customers out. Quoted local parts,
 * IP-address domains and non-ASCII domains are refused: no bank mail system sends to them, and
 * each is a way to register something that looks like another address.
 */
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-][A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]*$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LABEL = /^[a-z]{2,63}$/;

/**
 * The address as stored: full-width letters typed through a Japanese IME folded to ASCII (NFKC),
 * spaces around it dropped, the domain lower-cased (domains are case-blind; the local part is the
 * mailbox owner's and kept as typed). Null when it is not an address the desk accepts.
 */
export function normaliseEmail(raw: string): string | null {
  const folded = raw.normalize("NFKC").trim();
  if (folded.length > EMAIL_MAX_LENGTH) return null;
  const at = folded.lastIndexOf("@");
  if (at <= 0) return null;
  const local = folded.slice(0, at);
  const domain = folded.slice(at + 1).toLowerCase();
  if (local.length > EMAIL_LOCAL_MAX_LENGTH || !LOCAL.test(local)) return null;
  const labels = domain.split(".");
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label)) || !TOP_LABEL.test(labels.at(-1)!)) return null;
  return `${local}@${domain}`;
}

/** Two addresses are the same registration when they differ only in case (the unique index agrees). */
export function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
