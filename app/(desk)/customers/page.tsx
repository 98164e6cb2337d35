import { requireStaff } from "@/lib/auth/guard";
import { getT } from "@/lib/i18n/server";
import { CustomerSearch } from "./customer-search";

export default async function CustomersPage() {
  await requireStaff("customer.search");
  const { t } = await getT();
  return (
    <div className="space-y-5">
      <h1 className="text-xl font-bold">{t("customers.search.title")}</h1>
      <CustomerSearch />
    </div>
  );
}
