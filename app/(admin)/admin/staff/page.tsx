import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/guard";
import { listStaff } from "@/lib/staff/queries";
import { getT } from "@/lib/i18n/server";
import { systemClock } from "@/lib/time/clock";
import { CreateStaffForm } from "./create-staff-form";
import { StaffTable } from "./staff-table";

export default async function StaffPage() {
  const me = await requireStaff("staff.view");
  const { t } = await getT();
  const rows = await listStaff(await getDb(), systemClock.now());
  return (
    <div className="space-y-5">
      <h1 className="text-xl font-bold">{t("staff.title")}</h1>
      <StaffTable rows={rows} currentStaffId={me.id} />
      <CreateStaffForm />
    </div>
  );
}
