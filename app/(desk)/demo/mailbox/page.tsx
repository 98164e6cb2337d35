import { notFound } from "next/navigation";
import { pageQuery } from "@/lib/actions/web";
import { isDemoMode } from "@/lib/config/env";
import { getT } from "@/lib/i18n/server";
import { demoMailboxQuery } from "@/lib/notifications/queries";
import { formatJst } from "@/lib/time/format";
import { FormMessage } from "@/app/_components/form";

/** Demo mode only: what each customer received — e-mails and letters — so the story can be finished. */
export default async function DemoMailboxPage({ searchParams }: { searchParams: Promise<{ customer?: string | string[] }> }) {
  // Outside demo mode there is no such page, for anyone (as for its letters).
  if (!isDemoMode()) notFound();
  const { customer } = await searchParams;
  const result = await pageQuery(demoMailboxQuery, { customerId: typeof customer === "string" ? customer : undefined });
  const { t } = await getT();
  if (!result.ok) return <FormMessage kind="error">{result.message}</FormMessage>;
  const view = result.data;
  return (
    <div className="space-y-5">
      <h1 className="text-xl font-bold">{t("notices.mailbox.title")}</h1>
      <p className="text-sm text-gray-700">{t("notices.mailbox.intro")}</p>
      <form method="get" className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col text-sm">
          {t("notices.mailbox.customer")}
          <select name="customer" defaultValue={view.selected?.id ?? ""} className="rounded border px-2 py-1">
            <option value="">—</option>
            {view.customers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.received > 0 ? `${c.name}（${c.received}）` : c.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded bg-brand-700 px-3 py-1.5 text-sm text-white">
          {t("notices.mailbox.show")}
        </button>
      </form>
      {!view.selected ? (
        <p className="text-sm">{t("notices.mailbox.choose")}</p>
      ) : view.entries.length === 0 ? (
        <p className="text-sm">{t("notices.mailbox.empty")}</p>
      ) : (
        <ul className="space-y-4" aria-label={view.selected.name}>
          {view.entries.map((entry) => (
            <li key={entry.id} className="rounded border bg-white p-4" data-testid="mailbox-entry">
              <div className="flex flex-wrap gap-x-4 text-xs text-gray-600">
                <span className="font-semibold">{entry.channel === "post" ? t("notices.mailbox.letter") : t("notices.mailbox.email")}</span>
                <span>
                  {t("notices.mailbox.receivedAt")}: {formatJst(entry.receivedAt)}
                </span>
                <span className="whitespace-pre-line">
                  {t("notices.mailbox.to")}: {entry.recipient}
                </span>
              </div>
              <h2 className="mt-2 font-semibold">{entry.subject}</h2>
              <p className="mt-2 whitespace-pre-line text-sm">{entry.body}</p>
              {entry.hasLetter && (
                <a href={`/demo/mailbox/letter/${entry.id}`} target="_blank" rel="noopener" className="mt-2 inline-block text-sm underline" data-testid="mailbox-letter">
                  {t("activationDesk.mailbox.openLetter")}
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
