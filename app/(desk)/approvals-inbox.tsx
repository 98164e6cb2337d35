import Link from "next/link";
import { queryAsCurrentStaff } from "@/lib/actions/web";
import { approvalInboxQuery } from "@/lib/approvals/queries";
import { getT } from "@/lib/i18n/server";
import { formatJst } from "@/lib/time/format";

/**
 * Four-eyes on the home page: a supervisor sees how many requests wait; a requester sees the
 * decisions on their own requests of the last day, so they learn of them on their next page load.
 */
export async function ApprovalsInbox() {
  const result = await queryAsCurrentStaff(approvalInboxQuery, {});
  const { t } = await getT();
  if (!result.ok) return null;
  const { waiting, decided } = result.data;
  return (
    <>
      {waiting !== null && (
        <section aria-labelledby="approvals-home-title" className={`card space-y-1 ${waiting ? "border-l-4 border-l-amber-500" : ""}`} data-testid="approvals-home">
          <h2 id="approvals-home-title" className="text-lg font-semibold">
            {t("home.approvalsTitle")}
          </h2>
          <p className="text-sm">{waiting ? t("home.approvalsWaiting", { count: waiting }) : t("home.approvalsNone")}</p>
          {waiting > 0 && (
            <Link className="text-sm underline" href="/approvals">
              {t("home.approvalsOpen")}
            </Link>
          )}
        </section>
      )}
      {decided.length > 0 && (
        <section aria-labelledby="decisions-title" role="status" className="card space-y-1 border-l-4 border-l-sky-500" data-testid="approval-decisions">
          <h2 id="decisions-title" className="text-lg font-semibold">
            {t("home.decisionsTitle")}
          </h2>
          <ul className="space-y-1 text-sm">
            {decided.map((d) => (
              <li key={d.id}>
                {t("home.decisionLine", { when: formatJst(d.decidedAt), kind: t(`approvals.kinds.${d.kind}`), contract: d.contractId, status: t(`approvals.statuses.${d.status}`), by: d.deciderName })}
                {d.decisionReason && <span className="block text-slate-600">{t("home.decisionReason", { reason: d.decisionReason })}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
