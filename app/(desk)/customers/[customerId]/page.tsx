import Link from "next/link";
import { forPage, runAsCurrentStaff } from "@/lib/actions/web";
import { viewCustomer } from "@/lib/actions/customers/view-customer";
import { getT } from "@/lib/i18n/server";
import { FormMessage } from "@/app/_components/form";
import { IdentityCard } from "./identity-card";
import { TokensTable } from "./tables";
import { CustomerHistory } from "./history-table";
import { VerificationPanel } from "./verification-panel";
import { TokenPanel } from "./token-panel";
import { LifecycleTimeline } from "./lifecycle-timeline";
import { EmailsPanel } from "./emails-panel";
import { TriagePanel } from "./triage-panel";
import { IssueTokenForm } from "./issue-token-form";
import { EmergencyCodePanel } from "./emergency-code-panel";

/** The customer view: opening it is an audited read (customer.view); nothing is editable until the caller is verified. */
export default async function CustomerPage({ params, searchParams }: { params: Promise<{ customerId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { customerId } = await params;
  const query = await searchParams;
  const { t } = await getT();
  // A mistyped page number in the address shows the first page, one past the end the last: never an error.
  const history = { historyPage: positive(query.historyPage), historyAsOf: positive(query.historyAsOf) };
  const result = await forPage(await runAsCurrentStaff(viewCustomer, { customerId, ...history }), viewCustomer.permission);
  if (!result.ok) return <FormMessage kind="error">{result.message}</FormMessage>;
  const view = result.data;
  // Internet banking takes an emergency code with the service ID and user ID of one of the
  // customer's tokens not yet cancelled; without such a token a code could never be used.
  const bridgeable = view.tokens.some((token) => token.status !== "revoked");
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-bold">{t("customers.view.title", { name: view.identity.nameKanji })}</h1>
        <Link href="/customers" className="text-sm underline">
          {t("customers.view.backToSearch")}
        </Link>
      </div>
      <div className="grid gap-5 lg:grid-cols-2">
        <IdentityCard view={view} />
        <VerificationPanel
          customerId={view.id}
          verification={view.verification}
          serverNow={view.at}
          blockedAt={view.blockedAt}
          failures={view.recentFailures}
          maxFailures={view.maxFailures}
          canPhone={view.may.verifyPhone}
          canInPerson={view.may.verifyInPerson}
          canClear={view.may.clearBlock}
        />
      </div>
      <section aria-labelledby="tokens-title" className="space-y-2">
        <h2 id="tokens-title" className="text-lg font-semibold">
          {t("customers.view.tokens")}
        </h2>
        {view.tokens.length ? <TokensTable rows={view.tokens} /> : <p className="text-sm text-slate-500">{t("customers.view.noTokens")}</p>}
      </section>
      <TriagePanel tokens={view.tokens} verificationMethod={view.verification?.method ?? null} may={view.may.tokens} mayIssue={view.may.issueToken} newTokenFrom={view.newTokenFrom} />
      <TokenPanel customerId={view.id} tokens={view.tokens} verificationMethod={view.verification?.method ?? null} may={view.may.tokens} riskFlags={view.riskFlags} pendingReplacementUntil={view.pending.replacement} />
      <IssueTokenForm customerId={view.id} tokens={view.tokens} verificationMethod={view.verification?.method ?? null} newTokenFrom={view.newTokenFrom} may={view.may.issueToken} />
      {view.verified && view.may.emergencyCode && (bridgeable || view.emergencyCode.latest) && (
        <EmergencyCodePanel customerId={view.id} pendingUntil={view.pending.emergencyCode} status={view.emergencyCode} bridgeable={bridgeable} />
      )}
      <EmailsPanel customerId={view.id} emails={view.emails} verified={view.verified} canAdd={view.may.addEmail} canDelete={view.may.deleteEmail} />
      <LifecycleTimeline timeline={view.timeline} newTokenFrom={view.newTokenFrom} />
      <section aria-labelledby="history-title" className="space-y-2">
        <h2 id="history-title" className="text-lg font-semibold">
          {t("customers.view.history")}
        </h2>
        <CustomerHistory history={view.history} />
      </section>
    </div>
  );
}

function positive(value: string | string[] | undefined): number | undefined {
  const n = typeof value === "string" && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  return n >= 1 ? n : undefined;
}
