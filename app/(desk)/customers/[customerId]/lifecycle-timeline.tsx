"use client";

import type { TimelineActor, TimelineEntry, TokenTimeline } from "@/lib/customers/timeline";
import { staffRoles, type StaffRole } from "@/lib/staff/roles";
import type { MessageKey } from "@/lib/i18n/translate";
import { formatJst, formatJstDate } from "@/lib/time/format";
import { TOKEN_TOTP } from "@/lib/tokens/policy";
import { useT } from "@/app/_components/i18n";

type T = ReturnType<typeof useT>;

/** A clock offset as a signed number of minutes: +7 (the phone was ahead), -3 (behind). */
function minutes(steps: unknown): string {
  const n = typeof steps === "number" ? steps * (TOKEN_TOTP.stepSeconds / 60) : 0;
  return n > 0 ? `+${n}` : String(n);
}

/** The other token's serial a replacement or exchange names. */
const serialOf = (f: TimelineEntry["facts"]): string => (typeof f.serial === "string" && f.serial ? f.serial : "—");

/** What happened, as a sentence. */
function what(entry: TimelineEntry, t: T): string {
  const f = entry.facts;
  switch (entry.event) {
    case "reset":
      return t(f.delivery === "letter" ? "lifecycle.timeline.events.resetLetter" : f.delivery === "counter_slip" ? "lifecycle.timeline.events.resetCounter" : "lifecycle.timeline.events.reset");
    case "resynced":
      return t(f.unlocked ? "lifecycle.timeline.events.resyncedUnlocked" : "lifecycle.timeline.events.resynced", { minutes: minutes(f.minutes) });
    case "resyncedByApp":
      return t("lifecycle.timeline.events.resyncedByApp", { minutes: minutes(f.minutes) });
    case "resyncRefused":
      return t(f.lockedNow ? "lifecycle.timeline.events.resyncRefusedLocked" : "lifecycle.timeline.events.resyncRefused");
    case "resumed":
      return t("lifecycle.timeline.events.resumed", { status: typeof f.status === "string" && f.status ? t(`customers.tokenStatus.${f.status}` as MessageKey) : "—" });
    case "renewed":
      return t("lifecycle.timeline.events.renewed", { date: formatJstDate(typeof f.expiresAt === "string" && f.expiresAt ? f.expiresAt : null) });
    case "replaced":
    case "replacedOnApproval":
    case "exchangeStarted":
    case "exchangeCompleted":
    case "issuedByExchange":
      return t(`lifecycle.timeline.events.${entry.event}`, { serial: serialOf(f) });
    case "issuedAsReplacement":
      return t(f.approved ? "lifecycle.timeline.events.issuedOnApproval" : "lifecycle.timeline.events.issuedAsReplacement", { serial: serialOf(f) });
    default:
      return t(`lifecycle.timeline.events.${entry.event}`);
  }
}

/** Who did it: a name and role, the customer in the app (and through which system), never an id. */
function Who({ actor }: { actor: TimelineActor }) {
  const t = useT();
  switch (actor.kind) {
    case "staff": {
      const role = (staffRoles as readonly string[]).includes(actor.role) ? t(`roles.${actor.role as StaffRole}`) : "—";
      return <>{t("lifecycle.timeline.actors.staff", { name: actor.name, role })}</>;
    }
    case "app":
      return (
        <>
          {t("lifecycle.timeline.actors.app")}
          {actor.client && <span className="ml-1 text-xs text-slate-500">{t("lifecycle.timeline.actors.appVia", { client: actor.client })}</span>}
        </>
      );
    case "client":
      return <>{t("lifecycle.timeline.actors.client", { name: actor.name })}</>;
    default:
      return <>{t(`lifecycle.timeline.actors.${actor.kind}`)}</>;
  }
}

/**
 * Every token ever bound to this customer, newest first, each with what happened to it — issue,
 * set-up in the app, locks, resets, unlocks, corrections, suspension, cancellation, renewal,
 * expiry — when (JST) and by whom. After a cancellation it says from when a new token may be issued.
 */
export function LifecycleTimeline({ timeline, newTokenFrom }: { timeline: TokenTimeline[]; newTokenFrom: string | null }) {
  const t = useT();
  return (
    <section aria-labelledby="lifecycle-title" className="card space-y-3" data-testid="token-timeline">
      <h2 id="lifecycle-title" className="text-lg font-semibold">
        {t("lifecycle.timeline.title")}
      </h2>
      {newTokenFrom && (
        <p className="rounded-md border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-950" data-testid="new-token-from">
          <span className="font-semibold">{t("lifecycle.newTokenFrom", { from: formatJst(newTokenFrom) })}</span>
          <span className="ml-1">{t("lifecycle.newTokenFromWhy")}</span>
        </p>
      )}
      {timeline.length === 0 ? (
        <p className="text-sm text-slate-500">{t("lifecycle.timeline.none")}</p>
      ) : (
        <>
          <p className="text-xs text-slate-600">{t("lifecycle.timeline.intro")}</p>
          {timeline.map((token) => (
            <article key={token.tokenId} aria-labelledby={`timeline-title-${token.serial}`} className="space-y-1 border-t border-slate-200 pt-2" data-testid={`timeline-${token.serial}`}>
              <h3 id={`timeline-title-${token.serial}`} className="font-semibold">
                {t("lifecycle.timeline.token", { serial: token.serial })}
                <span className="ml-2 text-sm font-normal text-slate-600">
                  {t(`customers.tokenStatus.${token.status}`)}
                  {token.revokeReason && `（${t(`customers.revokeReasons.${token.revokeReason}` as MessageKey)}）`}
                </span>
              </h3>
              <p className="font-mono text-xs text-slate-600">{t("lifecycle.timeline.ids", { serviceId: token.serviceId, userId: token.userId })}</p>
              <table className="w-full text-left text-sm">
                <caption className="sr-only">{t("lifecycle.timeline.caption", { serial: token.serial })}</caption>
                <thead className="text-xs text-slate-600">
                  <tr>
                    <th scope="col" className="py-1 pr-3 font-medium">{t("lifecycle.timeline.when")}</th>
                    <th scope="col" className="py-1 pr-3 font-medium">{t("lifecycle.timeline.what")}</th>
                    <th scope="col" className="py-1 font-medium">{t("lifecycle.timeline.who")}</th>
                  </tr>
                </thead>
                <tbody>
                  {token.entries.map((entry) => (
                    <tr key={entry.id} className="border-t border-slate-100 align-top">
                      <td className="whitespace-nowrap py-1 pr-3">{formatJst(entry.at)}</td>
                      <td className="py-1 pr-3">
                        {what(entry, t)}
                        {entry.reason && <span className="block text-xs text-slate-600">{t("lifecycle.timeline.reason", { reason: entry.reason })}</span>}
                      </td>
                      <td className="py-1">
                        <Who actor={entry.actor} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </article>
          ))}
        </>
      )}
    </section>
  );
}
