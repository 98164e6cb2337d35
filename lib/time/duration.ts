import type { Translate } from "@/lib/i18n/translate";

/**
 * An amount of time as people say it: 9分12秒 / 9 min 12 s, 45秒 / 45 s — never "9:12", which
 * reads as a time of day. Rounded down to whole seconds (a countdown must not promise more).
 */
export function formatDuration(ms: number, t: Translate): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return minutes > 0 ? t("time.minutesSeconds", { minutes, seconds }) : t("time.seconds", { seconds });
}
