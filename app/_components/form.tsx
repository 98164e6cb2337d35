"use client";

import { useId } from "react";
import { useFormStatus } from "react-dom";

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
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input id={id} name={name} className="input" aria-invalid={errors?.length ? true : undefined} aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined} {...input} />
      {hint && (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {errors?.length ? (
        <p id={errorId} className="text-xs font-medium text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export function SelectField({ label, name, options, errors, defaultValue }: { label: string; name: string; options: Array<{ value: string; label: string }>; errors?: string[]; defaultValue?: string }) {
  const id = useId();
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select id={id} name={name} defaultValue={defaultValue} className="input" aria-invalid={errors?.length ? true : undefined} aria-describedby={errorId}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {errors?.length ? (
        <p id={errorId} className="text-xs font-medium text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
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

/** The form-level outcome: an error (role="alert") or a success notice (role="status"). */
export function FormMessage({ kind, children }: { kind: "error" | "success"; children: React.ReactNode }) {
  if (kind === "error") {
    return (
      <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
        {children}
      </div>
    );
  }
  return (
    <div role="status" className="rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
      {children}
    </div>
  );
}
