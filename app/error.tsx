"use client";

import { useT } from "./_components/i18n";

/** Any unexpected server error: a plain message with the digest to quote, never a stack trace. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useT();
  return (
    <main id="main" className="mx-auto max-w-xl p-8">
      <div role="alert" className="card space-y-3">
        <h1 className="text-lg font-bold">{t("errors.internal", { errorId: error.digest ?? "—" })}</h1>
        <button type="button" className="btn-secondary" onClick={() => reset()}>
          {t("errors.backHome")}
        </button>
      </div>
    </main>
  );
}
