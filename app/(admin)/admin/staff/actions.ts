"use server";

import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import type { ActionDefinition } from "@/lib/actions/types";
import { getT } from "@/lib/i18n/server";
import { submitForm, type FormState } from "@/lib/actions/web";
import { createStaff } from "@/lib/actions/staff/create-staff";
import { changeStaffRole } from "@/lib/actions/staff/change-staff-role";
import { disableStaff } from "@/lib/actions/staff/disable-staff";
import { enableStaff } from "@/lib/actions/staff/enable-staff";
import { unlockStaff } from "@/lib/actions/staff/unlock-staff";
import { resetStaffMfa } from "@/lib/actions/staff/reset-staff-mfa";

export async function createStaffAction(_prev: FormState<{ staffId: string; loginId: string }>, form: FormData): Promise<FormState<{ staffId: string; loginId: string }>> {
  const result = await submitForm(createStaff, form, { secret: ["initialPassword"] });
  if (result?.ok) revalidatePath("/admin/staff");
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
  const op = form.get("op");
  if (typeof op !== "string" || !Object.hasOwn(manageActions, op)) {
    const { t } = await getT();
    // A fresh attempt id, as every submission has: the form remounts and its message takes the focus.
    return { ok: false, code: "invalid_input", message: t("errors.invalidInput"), attempt: randomUUID() };
  }
  const known = op as ManageOp;
  const result = await submitForm(manageActions[known] as ActionDefinition<z.ZodType, unknown>, form);
  if (result?.ok) revalidatePath("/admin/staff");
  return { ...result!, op: known };
}
