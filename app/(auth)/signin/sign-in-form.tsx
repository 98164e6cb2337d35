"use client";

import { useState, useSyncExternalStore } from "react";
import { signIn } from "next-auth/react";
import { Field, FormMessage } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import { parseSignInError } from "@/lib/auth/sign-in-errors";
import { startEnrolmentAction, type EnrolmentOffer } from "./actions";

type Step = { kind: "credentials" } | { kind: "enrol"; offer: Extract<EnrolmentOffer, { ok: true }> };

const noSubscription = () => () => {};
/** False in the server's HTML and until React has hydrated the form: only then can it sign in. */
const useHydrated = () => useSyncExternalStore(noSubscription, () => true, () => false);

export function SignInForm() {
  const t = useT();
  const [step, setStep] = useState<Step>({ kind: "credentials" });
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [credentials, setCredentials] = useState({ loginId: "", password: "" });
  const hydrated = useHydrated();

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const loginId = String(form.get("loginId") ?? credentials.loginId);
    const password = String(form.get("password") ?? credentials.password);
    const code = String(form.get("code") ?? "");
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", { redirect: false, loginId, password, code });
      if (result?.ok && !result.error) {
        // A full page load on purpose: nothing cached from the signed-out state survives sign-in.
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination
        window.location.assign("/");
        return;
      }
      const answer = parseSignInError(result?.error);
      if (answer.kind === "enrolment_required" && step.kind === "credentials") {
        const offer = await startEnrolmentAction({ loginId, password });
        if (offer.ok) {
          setCredentials({ loginId, password });
          setStep({ kind: "enrol", offer });
        } else setError(offer.unavailable ? t("signIn.enrol.unavailable") : t("signIn.enrol.failed"));
        return;
      }
      if (answer.kind === "unavailable") setError(t("signIn.unavailable"));
      else if (answer.kind === "failed") setError(t("signIn.failed"));
      // Whatever failed (unknown ID, password, code, lock), the answer is the same.
      else setError(t("signIn.invalid"));
    } catch {
      setError(t("signIn.failed"));
    } finally {
      setPending(false);
    }
  }

  if (step.kind === "enrol") {
    return (
      <form method="post" onSubmit={submit} className="space-y-4" aria-labelledby="enrol-title">
        <h2 id="enrol-title" className="text-lg font-semibold">
          {t("signIn.enrol.title")}
        </h2>
        <p className="text-sm">{t("signIn.enrol.intro")}</p>
        {/* eslint-disable-next-line @next/next/no-img-element -- an inline data URL, nothing to optimise */}
        <img src={step.offer.qrDataUrl} alt={t("signIn.enrol.qrAlt")} width={180} height={180} className="mx-auto" />
        <div>
          <p className="text-sm font-medium">{t("signIn.enrol.secretLabel")}</p>
          <code className="block break-all rounded bg-slate-100 px-2 py-1 font-mono text-sm" data-testid="enrol-secret">
            {step.offer.secret}
          </code>
          <p className="text-xs text-slate-500">{t("signIn.enrol.secretHint")}</p>
        </div>
        {error && <FormMessage kind="error">{error}</FormMessage>}
        <Field label={t("signIn.enrol.codeLabel")} name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required autoFocus />
        <button type="submit" className="btn-primary w-full" disabled={pending}>
          {pending ? t("signIn.submitting") : t("signIn.enrol.submit")}
        </button>
      </form>
    );
  }

  return (
    // Sign-in needs the scripts (the second factor's round trip): until they run the button waits, and
    // the form says post, so no early submit can put the password in the address bar or an access log.
    <form method="post" onSubmit={submit} className="space-y-4" noValidate>
      <noscript>
        <FormMessage kind="error">{t("signIn.needsScript")}</FormMessage>
      </noscript>
      {error && <FormMessage kind="error">{error}</FormMessage>}
      <Field label={t("signIn.loginId")} name="loginId" autoComplete="username" required autoFocus maxLength={64} />
      <Field label={t("signIn.password")} name="password" type="password" autoComplete="current-password" required maxLength={128} />
      <Field label={t("signIn.code")} name="code" hint={t("signIn.codeHint")} inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
      <button type="submit" className="btn-primary w-full" disabled={pending || !hydrated}>
        {pending ? t("signIn.submitting") : t("signIn.submit")}
      </button>
    </form>
  );
}
