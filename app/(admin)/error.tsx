"use client";

import { ErrorNotice } from "@/app/_components/error-notice";

/** Inside the signed-in layout, so the header and menu stay on screen around the notice. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorNotice digest={error.digest} reset={reset} />;
}
