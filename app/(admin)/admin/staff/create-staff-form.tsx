"use client";

import { useActionState } from "react";
import { staffRoles } from "@/lib/staff/roles";
import { Field, FormMessage, SelectField, SubmitButton, useFormFeedback } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import { createStaffAction } from "./actions";

export function CreateStaffForm() {
  const t = useT();
  const [state, action] = useActionState(createStaffAction, null);
  const { ref, errors, values, key } = useFormFeedback(state);
  return (
    <section aria-labelledby="create-staff-title" className="card max-w-2xl space-y-3">
      <h2 id="create-staff-title" className="text-lg font-semibold">
        {t("staff.create.title")}
      </h2>
      {state && !state.ok && <FormMessage kind="error" focusKey={key}>{state.message}</FormMessage>}
      {state?.ok && <FormMessage kind="success" focusKey={key}>{t("staff.create.done", { loginId: state.data.loginId })}</FormMessage>}
      <form ref={ref} action={action} className="grid gap-3 sm:grid-cols-2" key={key}>
        <Field label={t("staff.create.loginId")} name="loginId" hint={t("staff.create.loginIdHint")} errors={errors?.loginId} defaultValue={values.loginId} required autoComplete="off" />
        <Field label={t("staff.create.displayName")} name="displayName" errors={errors?.displayName} defaultValue={values.displayName} required autoComplete="off" />
        <SelectField label={t("staff.create.role")} name="role" errors={errors?.role} defaultValue={values.role} options={staffRoles.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        <Field label={t("staff.create.initialPassword")} name="initialPassword" type="password" hint={t("staff.create.initialPasswordHint")} errors={errors?.initialPassword} required autoComplete="new-password" />
        <div className="sm:col-span-2">
          <SubmitButton>{t("staff.create.submit")}</SubmitButton>
        </div>
      </form>
    </section>
  );
}
