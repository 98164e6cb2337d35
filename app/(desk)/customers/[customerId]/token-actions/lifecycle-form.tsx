"use client";

import { useEffect } from "react";
import { FormMessage, SubmitButton } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import { DeskChangeFields } from "../desk-change-fields";
import type { TokenActionFormProps } from "./types";

interface LifecycleFormProps extends Pick<TokenActionFormProps, "customerId" | "token" | "onClose"> {
  formRef: React.Ref<HTMLFormElement>;
  action: (form: FormData) => void;
  /** Remounts the form (and its request key) once per submission. */
  formKey: string;
  title: string;
  intro: React.ReactNode;
  /** The refusal to show above the fields, if the last submission was refused. */
  error: string | null;
  errors?: Record<string, string[]>;
  values: Record<string, string>;
  /** Fields of this action between the intro and the reason. */
  children?: React.ReactNode;
  /** The submit control: a button, or a confirmation step. */
  submit: React.ReactNode;
}

/** The frame of each lifecycle form: title, what it does, the action's fields, reason/memo/ticket, submit and close. */
export function LifecycleForm({ customerId, token, onClose, formRef, action, formKey, title, intro, error, errors, values, children, submit }: LifecycleFormProps) {
  const t = useT();
  const titleId = `lifecycle-title-${token.serial}`;
  return (
    <form key={formKey} ref={formRef} action={action} aria-labelledby={titleId} className="space-y-3 rounded-md border border-slate-200 p-3">
      <h4 id={titleId} className="font-semibold">
        {title}
      </h4>
      {intro}
      {error && (
        <FormMessage kind="error" focusKey={formKey}>
          {error}
        </FormMessage>
      )}
      <input type="hidden" name="customerId" value={customerId} />
      <input type="hidden" name="tokenId" value={token.id} />
      {children}
      <DeskChangeFields errors={errors} values={values} />
      <div className="flex flex-wrap items-center gap-2">
        {submit}
        <button type="button" className="btn-secondary" onClick={onClose}>
          {t("lifecycle.close")}
        </button>
      </div>
    </form>
  );
}

/** Calls onDone once with the success line when the state says the action went through. */
export function useDone(line: string | null, onDone: (message: string) => void): void {
  useEffect(() => {
    if (line) onDone(line);
    // onDone changes identity on every panel render; the line is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [line]);
}

export { SubmitButton };
