"use client";

import { ErrorNotice } from "./_components/error-notice";

/** Errors above the signed-in frame (sign-in page, the frame itself): the generic notice alone. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="mx-auto max-w-xl p-8">
      <ErrorNotice digest={error.digest} reset={reset} />
    </main>
  );
}
