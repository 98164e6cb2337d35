import { pageQuery } from "@/lib/actions/web";
import { approvalQueueQuery } from "@/lib/approvals/queries";
import { getT } from "@/lib/i18n/server";
import { FormMessage } from "@/app/_components/form";
import { ApprovalsQueue } from "./approvals-table";

/** The supervisor's approvals queue: oldest first, with the evidence and why each was flagged. */
export default async function ApprovalsPage() {
  const result = await pageQuery(approvalQueueQuery);
  const { t } = await getT();
  if (!result.ok) return <FormMessage kind="error">{result.message}</FormMessage>;
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">{t("approvals.title")}</h1>
      <p className="text-sm text-slate-700">{t("approvals.intro")}</p>
      <ApprovalsQueue rows={result.data} />
    </div>
  );
}
