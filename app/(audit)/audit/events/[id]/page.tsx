import Link from "next/link";
import { pageQuery } from "@/lib/actions/web";
import { auditEventQuery, CALL_WINDOW_MINUTES } from "@/lib/audit/explorer-queries";
import { getSessionState } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { getT } from "@/lib/i18n/server";
import type { MessageKey } from "@/lib/i18n/translate";
import { formatJst } from "@/lib/time/format";
import { FormMessage } from "@/app/_components/form";
import { AuditDetailList } from "@/app/_components/audit-details";
import { fieldLabel, sayValue } from "@/lib/audit/details";
import { RevealValue } from "./reveal-value";

export default async function AuditEventPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const result = await pageQuery(auditEventQuery, { id });
  const { t } = await getT();
  if (!result.ok) return <FormMessage kind="error">{result.message}</FormMessage>;
  const { event, changes, facts, verification, revealable, neighbours } = result.data;
  const state = await getSessionState();
  const canReveal = !!state.staff && can(state.staff.role, "audit.reveal");
  const label = (key: string, fallback: string) => {
    const text = t(key as MessageKey);
    return text === key ? fallback : text;
  };
  // A masked value's field ("details.after.phone"): labelled as the details label it.
  const maskedLabel = (path: string) => fieldLabel({ path: path.split("."), known: true }, t);
  const actor =
    event.actorType === "staff"
      ? `${event.actorName ?? "—"}${event.actorRole ? `（${label(`roles.${event.actorRole}`, "—")}）` : ""}`
      : [label(`audit.actorTypes.${event.actorType}`, event.actorType), event.actorName].filter(Boolean).join(" ");
  // The caller verification the event relied on (a four-eyes decision: the requester's), in words.
  const verificationUsed =
    verification &&
    t("auditDetails.verificationUsed", {
      method: label(`verification.methods.${verification.method}`, verification.method),
      at: formatJst(verification.occurredAt),
      by: verification.staffName ?? t("auditDetails.unknownStaff"),
    });
  const rows: Array<[string, React.ReactNode]> = [
    [t("auditExplorer.detail.when"), formatJst(event.occurredAt)],
    [t("auditExplorer.detail.who"), actor],
    [t("auditExplorer.detail.action"), label(`actions.${event.action}`, event.action)],
    [t("auditExplorer.detail.outcome"), label(`audit.outcomes.${event.outcome}`, event.outcome)],
    [t("auditExplorer.detail.channel"), label(`auditExplorer.channels.${event.channel}`, "—")],
    [t("auditExplorer.detail.customer"), event.customer ? <Link className="underline" href={`/audit?contract=${event.customer}`}>{event.customer}</Link> : "—"],
    [t("auditExplorer.detail.token"), event.token ? <Link className="underline" href={`/audit?serial=${event.token}`}>{event.token}</Link> : "—"],
    [t("auditExplorer.detail.target"), event.target ? `${event.targetName ?? ""}（${event.target}）` : "—"],
    [t("auditExplorer.detail.reason"), event.reason ?? "—"],
    [t("auditExplorer.detail.ticket"), event.ticket ?? "—"],
    [t("auditExplorer.detail.seal"), event.seq !== null ? t("auditExplorer.detail.sealed", { seq: event.seq, at: formatJst(event.sealedAt) }) : t("auditExplorer.detail.unsealed")],
    [
      t("auditExplorer.detail.verification"),
      verificationUsed ? (
        verification?.eventId ? (
          <Link className="underline" href={`/audit/events/${verification.eventId}`} data-testid="verification-used">
            {verificationUsed}
          </Link>
        ) : (
          <span data-testid="verification-used">{verificationUsed}</span>
        )
      ) : (
        t("auditExplorer.detail.none")
      ),
    ],
  ];
  return (
    <div className="space-y-5" data-testid="audit-event">
      <Link href="/audit" className="text-sm underline">
        {t("auditExplorer.detail.back")}
      </Link>
      <h1 className="text-xl font-bold">{t("auditExplorer.detail.title", { id: event.id })}</h1>
      <dl className="card grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="font-medium text-slate-600">{k}</dt>
            <dd className="break-words">{v}</dd>
          </div>
        ))}
      </dl>
      {changes.length > 0 && (
        <section aria-labelledby="changes-title" className="space-y-2">
          <h2 id="changes-title" className="text-lg font-semibold">{t("auditExplorer.detail.changes")}</h2>
          <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className="px-3 py-2 text-left">{t("auditExplorer.detail.field")}</th>
                <th scope="col" className="px-3 py-2 text-left">{t("auditExplorer.detail.before")}</th>
                <th scope="col" className="px-3 py-2 text-left">{t("auditExplorer.detail.after")}</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((c) => (
                <tr key={c.path.join(".")}>
                  <th scope="row" className="px-3 py-2 text-left font-medium">{fieldLabel(c, t)}</th>
                  <td className="px-3 py-2">{c.before ? sayValue(c.before, t) : "—"}</td>
                  <td className="px-3 py-2">{c.after ? sayValue(c.after, t) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {facts.length > 0 && (
        <section aria-labelledby="facts-title" className="space-y-2">
          <h2 id="facts-title" className="text-lg font-semibold">{t("auditExplorer.detail.facts")}</h2>
          <div data-testid="event-facts">
            <AuditDetailList fields={facts} t={t} className="card text-sm" />
          </div>
        </section>
      )}
      {revealable.length > 0 && (
        <section aria-labelledby="masked-title" className="card space-y-2">
          <h2 id="masked-title" className="text-lg font-semibold">{t("auditExplorer.detail.masked")}</h2>
          <p className="text-xs text-slate-600">{t("auditExplorer.detail.maskedNote")}</p>
          <ul className="space-y-2">
            {revealable.map((r) => (
              <li key={r.field}>
                <RevealValue eventId={event.id} field={r.field} label={r.field.startsWith("details.") ? maskedLabel(r.field.slice(8)) : t(`auditExplorer.detail.fields.${r.field as "ip" | "userAgent"}`)} masked={r.masked} canReveal={canReveal} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="neighbours-title" className="space-y-2">
        <h2 id="neighbours-title" className="text-lg font-semibold">{t("auditExplorer.detail.neighbours")}</h2>
        <p className="text-xs text-slate-600">{t("auditExplorer.detail.neighboursNote", { minutes: CALL_WINDOW_MINUTES })}</p>
        {neighbours.length === 0 ? (
          <p className="text-sm">{t("auditExplorer.detail.none")}</p>
        ) : (
          <ul className="list-disc pl-5 text-sm" data-testid="neighbours">
            {neighbours.map((n) => (
              <li key={n.id}>
                <Link className="underline" href={`/audit/events/${n.id}`}>
                  {formatJst(n.occurredAt)} {label(`actions.${n.action}`, n.action)}（{label(`audit.outcomes.${n.outcome}`, n.outcome)}）
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
