import type { CustomerView } from "@/lib/customers/view";
import { getT } from "@/lib/i18n/server";
import { formatPhoneJp } from "@/lib/customers/format-phone";
import { formatJstDate } from "@/lib/time/format";

const fields = ["contractId", "nameKanji", "nameKana", "birthDate", "phone", "branch", "accountNumber", "postalCode", "address"] as const;

export async function IdentityCard({ view }: { view: CustomerView }) {
  const { t } = await getT();
  const value = (field: (typeof fields)[number]) => {
    if (!view.verified) return view.identity[field];
    if (field === "birthDate") return formatJstDate(view.identity.birthDate);
    if (field === "phone") return formatPhoneJp(view.identity.phone);
    return view.identity[field];
  };
  return (
    <section aria-labelledby="identity-title" className="card space-y-3" data-testid="customer-identity" data-verified={view.verified}>
      <h2 id="identity-title" className="text-lg font-semibold">
        {t("customers.view.identity")}
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        {fields.map((field) => (
          <div key={field} className="contents">
            <dt className="text-slate-600">{t(`customers.view.fields.${field}`)}</dt>
            <dd className="font-medium" data-field={field}>
              {value(field)}
            </dd>
          </div>
        ))}
      </dl>
      {!view.verified && <p className="text-xs text-slate-600">{t("customers.view.maskedNote")}</p>}
    </section>
  );
}
