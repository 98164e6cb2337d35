"use client";

import { MAX_FAILED_ATTEMPTS, identityDocuments } from "@/lib/verification/policy";
import { Field, FormMessage, GroupErrors, SelectField, SubmitButton, TextAreaField, useFormAction } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import { clearBlockAction, verifyByPhoneAction, verifyInPersonAction, type VerifyState } from "../actions";

function VerifyOutcome({ state }: { state: VerifyState }) {
  const t = useT();
  if (!state) return null;
  const focusKey = state.attempt;
  if (!state.ok) return <FormMessage kind="error" focusKey={focusKey}>{state.message}</FormMessage>;
  const { data } = state;
  if (data.result === "passed") return <FormMessage kind="success" focusKey={focusKey}>{t("verification.passed")}</FormMessage>;
  // Which answers were wrong is recorded, never shown: a caller must not learn what to change.
  return (
    <FormMessage kind="error" focusKey={focusKey}>
      {data.blocked ? t("verification.nowBlocked", { max: MAX_FAILED_ATTEMPTS }) : t("verification.failed", { count: data.failures, max: MAX_FAILED_ATTEMPTS })}
    </FormMessage>
  );
}

/** The call memo and ticket number, kept with the verification's audit event and shown in history. */
function CallNotes({ errors, values }: { errors?: Record<string, string[]>; values: Record<string, string> }) {
  const t = useT();
  return (
    <div className="grid gap-3 sm:grid-cols-[2fr_1fr]">
      <TextAreaField label={t("deskChange.memo")} name="memo" hint={t("deskChange.memoHint")} maxLength={500} rows={2} defaultValue={values.memo} errors={errors?.memo} />
      <Field label={t("deskChange.ticket")} name="ticket" hint={t("deskChange.ticketHint")} maxLength={40} defaultValue={values.ticket} errors={errors?.ticket} autoComplete="off" />
    </div>
  );
}

interface CustomerFormProps {
  ref: React.Ref<HTMLFormElement>;
  action: (form: FormData) => void;
  titleId: string;
  title: string;
  customerId: string;
  /** What shows between the title and the fields: an intro, the last submission's outcome. */
  intro: React.ReactNode;
  children: React.ReactNode;
}

/**
 * The frame of each form about this customer: its title, what it shows above the fields (intro,
 * outcome), and the customer's id as a hidden field.
 */
function CustomerForm({ ref, action, titleId, title, customerId, intro, children }: CustomerFormProps) {
  return (
    <form ref={ref} action={action} className="space-y-3 border-t border-slate-200 pt-3" aria-labelledby={titleId}>
      <h3 id={titleId} className="font-semibold">
        {title}
      </h3>
      {intro}
      <input type="hidden" name="customerId" value={customerId} />
      {children}
    </form>
  );
}

export function PhoneForm({ customerId }: { customerId: string }) {
  const t = useT();
  const { state, action, ref, errors, values, key } = useFormAction(verifyByPhoneAction);
  return (
    <CustomerForm key={key} ref={ref} action={action} titleId="phone-verify-title" title={t("verification.phone.title")} customerId={customerId}
      intro={
        <>
          <p className="text-xs text-slate-600">{t("verification.phone.intro")}</p>
          <VerifyOutcome state={state} />
        </>
      }
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t("verification.phone.name")} name="name" errors={errors?.name} defaultValue={values.name} required autoComplete="off" />
        <Field label={t("verification.phone.birthDate")} name="birthDate" hint={t("verification.phone.birthDateHint")} errors={errors?.birthDate} defaultValue={values.birthDate} required autoComplete="off" />
        <Field label={t("verification.phone.phone")} name="phone" errors={errors?.phone} defaultValue={values.phone} required autoComplete="off" inputMode="tel" />
        <div className="grid grid-cols-[6rem_1fr] gap-2">
          <Field label={t("verification.phone.branchCode")} name="branchCode" errors={errors?.branchCode} defaultValue={values.branchCode} required autoComplete="off" inputMode="numeric" />
          <Field label={t("verification.phone.accountNumber")} name="accountNumber" errors={errors?.accountNumber} defaultValue={values.accountNumber} required autoComplete="off" inputMode="numeric" />
        </div>
      </div>
      <Field label={t("verification.phone.otp")} name="otp" hint={t("verification.phone.otpHint")} errors={errors?.otp} autoComplete="off" inputMode="numeric" maxLength={9} className="input max-w-48" />
      <CallNotes errors={errors} values={values} />
      <SubmitButton>{t("verification.phone.submit")}</SubmitButton>
    </CustomerForm>
  );
}

export function InPersonForm({ customerId }: { customerId: string }) {
  const t = useT();
  const { state, action, ref, errors, values, key } = useFormAction(verifyInPersonAction);
  const photoError = errors?.photoMatches ? "photo-matches-error" : undefined;
  return (
    <CustomerForm key={key} ref={ref} action={action} titleId="counter-verify-title" title={t("verification.inPerson.title")} customerId={customerId} intro={<VerifyOutcome state={state} />}>
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField label={t("verification.inPerson.documentType")} name="documentType" errors={errors?.documentType} defaultValue={values.documentType} options={identityDocuments.map((d) => ({ value: d, label: t(`verification.documents.${d}`) }))} />
        <Field label={t("verification.inPerson.documentLast4")} name="documentLast4" hint={t("verification.inPerson.documentLast4Hint")} errors={errors?.documentLast4} defaultValue={values.documentLast4} required autoComplete="off" inputMode="numeric" maxLength={4} />
        <Field label={t("verification.inPerson.name")} name="name" errors={errors?.name} defaultValue={values.name} required autoComplete="off" />
        <Field label={t("verification.inPerson.birthDate")} name="birthDate" hint={t("verification.phone.birthDateHint")} errors={errors?.birthDate} defaultValue={values.birthDate} required autoComplete="off" />
      </div>
      <fieldset className="space-y-1 text-sm" aria-describedby={photoError}>
        <legend className="font-medium">{t("verification.inPerson.photoMatches")}</legend>
        <label className="mr-4 inline-flex items-center gap-1">
          <input type="radio" name="photoMatches" value="yes" required defaultChecked={values.photoMatches === "yes"} aria-describedby={photoError} /> {t("verification.inPerson.photoYes")}
        </label>
        <label className="inline-flex items-center gap-1">
          <input type="radio" name="photoMatches" value="no" defaultChecked={values.photoMatches === "no"} aria-describedby={photoError} /> {t("verification.inPerson.photoNo")}
        </label>
        <GroupErrors id="photo-matches-error" errors={errors?.photoMatches} />
      </fieldset>
      <CallNotes errors={errors} values={values} />
      <SubmitButton>{t("verification.inPerson.submit")}</SubmitButton>
    </CustomerForm>
  );
}

/** The clearing's action state: the panel holds it, since the form goes away once the block is cleared. */
export function useClearBlock() {
  return useFormAction(clearBlockAction);
}

export function ClearBlockForm({ customerId, clear }: { customerId: string; clear: ReturnType<typeof useClearBlock> }) {
  const t = useT();
  const { state, action, ref, errors, values, key } = clear;
  return (
    <CustomerForm key={key} ref={ref} action={action} titleId="clear-block-title" title={t("verification.clear.title")} customerId={customerId}
      intro={state && !state.ok && <FormMessage kind="error" focusKey={key}>{state.message}</FormMessage>}
    >
      <Field label={t("verification.clear.reason")} name="reason" errors={errors?.reason} defaultValue={values.reason} required minLength={4} maxLength={200} autoComplete="off" />
      <SubmitButton className="btn-danger">{t("verification.clear.submit")}</SubmitButton>
    </CustomerForm>
  );
}
