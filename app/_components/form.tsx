"use client";

import { useActionState, useEffect, useId, useRef } from "react";
import { useFormStatus } from "react-dom";

/** A form's key before its first submission: nothing to focus yet. */
const INITIAL = "initial";

/** The part of a form action's state the form itself needs (see FormState in lib/actions/web.ts). */
interface FeedbackState {
  ok: boolean;
  fieldErrors?: Record<string, string[]>;
  values?: Record<string, string>;
  attempt?: string;
}

/**
 * What a form shows after its action: the errors per field, the values to type over (a failed
 * form keeps them, secrets excepted), a key that remounts the form with them once per
 * submission, and the first field in error focused.
 */
export function useFormFeedback(state: FeedbackState | null) {
  const ref = useRef<HTMLFormElement>(null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  useEffect(() => {
    const names = Object.keys(errors ?? {});
    if (!ref.current || !names.length) return;
    for (const element of Array.from(ref.current.elements)) {
      const field = element as HTMLInputElement;
      if (names.includes(field.name) && field.type !== "hidden" && !field.disabled) {
        field.focus();
        return;
      }
    }
  }, [errors]);
  return { ref, errors, values: state?.values ?? {}, key: state?.attempt ?? INITIAL };
}

/** A form's server action with its state (empty at first) and the feedback above. */
export function useFormAction<S extends FeedbackState | null>(action: (previous: S, form: FormData) => Promise<S>) {
  const [state, formAction] = useActionState<S, FormData>(action, null as Awaited<S>);
  return { state, action: formAction, ...useFormFeedback(state) };
}

export interface FieldProps extends React.InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  hint?: string;
  errors?: string[];
}

/** A labelled input with its hint and its errors tied to it for screen readers. */
export function Field({ label, name, hint, errors, ...input }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <FieldFrame id={id} label={label} errorId={errorId} errors={errors}>
      <input id={id} name={name} className="input" aria-invalid={errors?.length ? true : undefined} aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined} {...input} />
      {hint && (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
    </FieldFrame>
  );
}

/** A labelled multi-line input (memos), with its hint and errors tied to it like Field's. */
export function TextAreaField({ label, name, hint, errors, ...input }: Omit<FieldProps, keyof React.InputHTMLAttributes<HTMLInputElement>> & React.TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; name: string }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <FieldFrame id={id} label={label} errorId={errorId} errors={errors}>
      <textarea id={id} name={name} className="input" aria-invalid={errors?.length ? true : undefined} aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined} {...input} />
      {hint && (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
    </FieldFrame>
  );
}

/** A field's label above its control, and its errors below. */
function FieldFrame({ id, label, errorId, errors, children }: { id: string; label: string; errorId?: string; errors?: string[]; children: React.ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}

/** A field's errors, tied to its input by id (aria-describedby); nothing when there are none. */
function FieldErrors({ id, errors }: { id?: string; errors?: string[] }) {
  return errors?.length ? (
    <p id={id} className="text-xs font-medium text-red-700">
      {errors.join(" ")}
    </p>
  ) : null;
}

/** Errors of a group of radios or checkboxes, tied to its inputs by id. */
export function GroupErrors({ id, errors }: { id: string; errors?: string[] }) {
  return <FieldErrors id={id} errors={errors} />;
}

export function SelectField({ label, name, options, errors, defaultValue }: { label: string; name: string; options: Array<{ value: string; label: string }>; errors?: string[]; defaultValue?: string }) {
  const id = useId();
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <FieldFrame id={id} label={label} errorId={errorId} errors={errors}>
      <select id={id} name={name} defaultValue={defaultValue} className="input" aria-invalid={errors?.length ? true : undefined} aria-describedby={errorId}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function SubmitButton({ children, pendingLabel, className, name, value }: { children: React.ReactNode; pendingLabel?: string; className?: string; name?: string; value?: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" name={name} value={value} disabled={pending} aria-disabled={pending} className={className ?? "btn-primary"}>
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}

/**
 * The form-level outcome: an error (role="alert") or a success notice (role="status"). After a
 * submission the result takes the keyboard focus, so the operator (and a screen reader) lands on
 * what happened instead of the top of the page when the button they pressed goes away: give
 * `focusKey` a value new with each result — the form's `key` (one per submission), or the
 * message itself for a line a panel keeps. A field in error takes the focus after it (the form's
 * effect runs after its children's), so a form with errors beside its fields still lands there.
 */
export function FormMessage({ kind, children, focusKey, testId }: { kind: "error" | "success"; children: React.ReactNode; focusKey?: string | number | null; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusKey != null && focusKey !== INITIAL) ref.current?.focus();
  }, [focusKey]);
  const style = kind === "error" ? "border-red-300 bg-red-50 text-red-800 focus:ring-red-600" : "border-emerald-300 bg-emerald-50 text-emerald-800 focus:ring-emerald-700";
  return (
    <div ref={ref} role={kind === "error" ? "alert" : "status"} tabIndex={-1} data-testid={testId} className={`rounded-md border px-3 py-2 text-sm outline-none focus:ring-2 ${style}`}>
      {children}
    </div>
  );
}
