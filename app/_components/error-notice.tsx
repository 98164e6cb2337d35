"use client";

import Link from "next/link";
import { useT } from "./i18n";

/**
 * What an unexpected error shows: a fixed message, the digest to quote (the server log holds the
 * details under it), retry and home. Never the error's own text — it can carry SQL, paths or personal data.
 */
export function ErrorNotice({ digest, reset }: { digest?: string; reset: () => void }) {
  const t = useT();
  return (
    <div role="alert" className="card max-w-xl space-y-3">
      <h1 className="text-lg font-bold">{t("errors.pageError")}</h1>
      <p className="text-sm text-slate-700">{t("errors.errorReference", { digest: digest ?? "—" })}</p>
      <div className="flex gap-2">
        <button type="button" className="btn-secondary" onClick={() => reset()}>
          {t("errors.retry")}
        </button>
        <Link href="/" className="btn-secondary">
          {t("errors.backHome")}
        </Link>
      </div>
    </div>
  );
}
