import type { Translate } from "@/lib/i18n/translate";
import { formatJst } from "@/lib/time/format";
import type { TokenNamed } from "./lifecycle";

/**
 * What the token panel keeps saying after 利用解除, when the token has left the current ones: which
 * token, that it is cancelled, from when (JST) a new one may be issued, and that a replacement
 * request waiting for it was withdrawn.
 */
export function cancelledLine(t: Translate, cancelled: TokenNamed & { newTokenFrom: string; withdrawnRequest?: boolean }): string {
  const line = t("lifecycle.cancel.done", { serial: cancelled.serial, serviceId: cancelled.serviceId, from: formatJst(cancelled.newTokenFrom) });
  return cancelled.withdrawnRequest ? `${line}${t("lifecycle.cancel.withdrawn")}` : line;
}
