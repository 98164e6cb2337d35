"use server";

import { revalidatePath } from "next/cache";
import { getT } from "@/lib/i18n/server";
import { runAsCurrentStaff, type FormState } from "@/lib/actions/web";
import { createStaff } from "@/lib/actions/staff/create-staff";
import { changeStaffRole } from "@/lib/actions/staff/change-staff-role";
import { disableStaff } from "@/lib/actions/staff/disable-staff";
import { enableStaff } from "@/lib/actions/staff/enable-staff";
import { unlockStaff } from "@/lib/actions/staff/unlock-staff";
import { resetStaffMfa } from "@/lib/actions/staff/reset-staff-mfa";

const field = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};

export async function createStaffAction(_prev: FormState<{ staffId: string; loginId: string }>, form: FormData): Promise<FormState<{ staffId: string; loginId: string }>> {
  const result = await runAsCurrentStaff(createStaff, {
    loginId: field(form, "loginId"),
    displayName: field(form, "displayName"),
    role: field(form, "role"),
    initialPassword: field(form, "initialPassword"),
  });
  if (result.ok) revalidatePath("/admin/staff");
  return result;
}

const manageActions = {
  changeRole: changeStaffRole,
  disable: disableStaff,
  enable: enableStaff,
  unlock: unlockStaff,
  resetMfa: resetStaffMfa,
} as const;
export type ManageOp = keyof typeof manageActions;

export type ManageState = (FormState & { op?: ManageOp }) | null;

export async function manageStaffAction(_prev: ManageState, form: FormData): Promise<ManageState> {
  const op = field(form, "op");
  if (!op || !Object.hasOwn(manageActions, op)) {
    const { t } = await getT();
    return { ok: false, code: "invalid_input", message: t("errors.invalidInput") };
  }
  const known = op as ManageOp;
  const input = { staffId: field(form, "staffId"), reason: field(form, "reason"), ...(known === "changeRole" ? { role: field(form, "role") } : {}) };
  const result = await runAsCurrentStaff(manageActions[known], input);
  if (result.ok) revalidatePath("/admin/staff");
  return { ...result, op: known };
}
