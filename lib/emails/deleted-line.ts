import type { Translate } from "@/lib/i18n/translate";
import type { DeletedEmail } from "./register";

/**
 * What the e-mail panel keeps saying after a removal, when the address has left its list: which
 * address went (masked) and how the customer will hear of it — the notices the removal queued,
 * channel by channel — and, after the last one, how a new address gets registered.
 */
export function deletedEmailLine(t: Translate, deleted: Pick<DeletedEmail, "maskedAddress" | "remaining" | "told">): string {
  const { told } = deleted;
  const ways = [
    told.post ? t("emails.delete.how.post") : null,
    told.remainingAddresses.length ? t("emails.delete.how.remaining", { addresses: told.remainingAddresses.join(t("emails.delete.how.separator")) }) : null,
    told.removedAddress ? t("emails.delete.how.removed") : null,
  ].filter((way): way is string => way !== null);
  const line = ways.length ? t("emails.delete.done", { address: deleted.maskedAddress, how: ways.join(t("emails.delete.how.separator")) }) : t("emails.delete.doneUntold", { address: deleted.maskedAddress });
  return deleted.remaining === 0 ? `${line}${t("emails.delete.noneLeft")}` : line;
}
