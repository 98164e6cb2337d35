"use client";

import { useActionState } from "react";
import { MAX_FAILED_ATTEMPTS, identityDocuments } from "@/lib/verification/policy";
import { Field, FormMessage, SelectField, SubmitButton } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import { clearBlockAction, verifyByPhoneAction, verifyInPersonAction, type VerifyState } from "../actions";

function VerifyOutcome({ state }: { state: VerifyState }) {
  const t = useT();
  if (!state) return null;
  if (!state.ok) return <FormMessage kind="error">{state.message}</FormMessage>;
  const { data } = state;
  if (data.result === "passed") return <FormMessage kind="success">{t("verification.passed")}</FormMessage>;
  // Which answers were wrong is recorded, never shown: a caller must not learn what to change.
  return (
    <FormMessage kind="error">
      {data.blocked ? t("verification.nowBlocked", { max: MAX_FAILED_ATTEMPTS }) : t("verification.failed", { count: data.failures, max: MAX_FAILED_ATTEMPTS })}
    </FormMessage>
  );
}

export function PhoneForm({ customerId }: { customerId: string }) {
  const t = useT();
  const [state, action] = useActionState(verifyByPhoneAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-3 border-t border-slate-200 pt-3" aria-labelledby="phone-verify-title" key={state?.ok ? state.auditEventId : "phone"}>
      <h3 id="phone-verify-title" className="font-semibold">
        {t("verification.phone.title")}
      </h3>
      <p className="text-xs text-slate-600">{t("verification.phone.intro")}</p>
      <VerifyOutcome state={state} />
      <input type="hidden" name="customerId" value={customerId} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t("verification.phone.name")} name="name" errors={errors?.name} required autoComplete="off" />
        <Field label={t("verification.phone.birthDate")} name="birthDate" hint={t("verification.phone.birthDateHint")} errors={errors?.birthDate} required autoComplete="off" />
        <Field label={t("verification.phone.phone")} name="phone" errors={errors?.phone} required autoComplete="off" inputMode="tel" />
        <div className="grid grid-cols-[6rem_1fr] gap-2">
          <Field label={t("verification.phone.branchCode")} name="branchCode" errors={errors?.branchCode} required autoComplete="off" inputMode="numeric" />
          <Field label={t("verification.phone.accountNumber")} name="accountNumber" errors={errors?.accountNumber} required autoComplete="off" inputMode="numeric" />
        </div>
      </div>
      <Field label={t("verification.phone.otp")} name="otp" hint={t("verification.phone.otpHint")} errors={errors?.otp} autoComplete="off" inputMode="numeric" maxLength={9} className="input max-w-48" />
      <SubmitButton>{t("verification.phone.submit")}</SubmitButton>
    </form>
  );
}

export function InPersonForm({ customerId }: { customerId: string }) {
  const t = useT();
  const [state, action] = useActionState(verifyInPersonAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-3 border-t border-slate-200 pt-3" aria-labelledby="counter-verify-title" key={state?.ok ? state.auditEventId : "counter"}>
      <h3 id="counter-verify-title" className="font-semibold">
        {t("verification.inPerson.title")}
      </h3>
      <VerifyOutcome state={state} />
      <input type="hidden" name="customerId" value={customerId} />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField label={t("verification.inPerson.documentType")} name="documentType" errors={errors?.documentType} options={identityDocuments.map((d) => ({ value: d, label: t(`verification.documents.${d}`) }))} />
        <Field label={t("verification.inPerson.documentLast4")} name="documentLast4" hint={t("verification.inPerson.documentLast4Hint")} errors={errors?.documentLast4} required autoComplete="off" inputMode="numeric" maxLength={4} />
        <Field label={t("verification.inPerson.name")} name="name" errors={errors?.name} required autoComplete="off" />
        <Field label={t("verification.inPerson.birthDate")} name="birthDate" hint={t("verification.phone.birthDateHint")} errors={errors?.birthDate} required autoComplete="off" />
      </div>
      <fieldset className="space-y-1 text-sm">
        <legend className="font-medium">{t("verification.inPerson.photoMatches")}</legend>
        <label className="mr-4 inline-flex items-center gap-1">
          <input type="radio" name="photoMatches" value="yes" required /> {t("verification.inPerson.photoYes")}
        </label>
        <label className="inline-flex items-center gap-1">
          <input type="radio" name="photoMatches" value="no" /> {t("verification.inPerson.photoNo")}
        </label>
        {errors?.photoMatches && <p className="text-xs font-medium text-red-700">{errors.photoMatches.join(" ")}</p>}
      </fieldset>
      <SubmitButton>{t("verification.inPerson.submit")}</SubmitButton>
    </form>
  );
}

export function ClearBlockForm({ customerId }: { customerId: string }) {
  const t = useT();
  const [state, action] = useActionState(clearBlockAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-3 border-t border-slate-200 pt-3" aria-labelledby="clear-block-title">
      <h3 id="clear-block-title" className="font-semibold">
        {t("verification.clear.title")}
      </h3>
      {state && !state.ok && <FormMessage kind="error">{state.message}</FormMessage>}
      {state?.ok && <FormMessage kind="success">{t("verification.clear.done")}</FormMessage>}
      <input type="hidden" name="customerId" value={customerId} />
      <Field label={t("verification.clear.reason")} name="reason" errors={errors?.reason} required minLength={4} maxLength={200} autoComplete="off" />
      <SubmitButton className="btn-danger">{t("verification.clear.submit")}</SubmitButton>
    </form>
  );
}
