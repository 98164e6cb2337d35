import { pageQuery } from "@/lib/actions/web";
import { staffListQuery } from "@/lib/staff/queries";
import { getT } from "@/lib/i18n/server";
import { FormMessage } from "@/app/_components/form";
import { CreateStaffForm } from "./create-staff-form";
import { StaffTable } from "./staff-table";

export default async function StaffPage() {
  const result = await pageQuery(staffListQuery);
  const { t } = await getT();
  if (!result.ok) return <FormMessage kind="error">{result.message}</FormMessage>;
  return (
    <div className="space-y-5">
      <h1 className="text-xl font-bold">{t("staff.title")}</h1>
      <StaffTable rows={result.data.rows} currentStaffId={result.data.currentStaffId} />
      <CreateStaffForm />
    </div>
  );
}
