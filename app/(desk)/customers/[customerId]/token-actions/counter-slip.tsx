"use client";

import { useEffect, useRef } from "react";
import { useT } from "@/app/_components/i18n";

/**
 * The counter slip, shown once: its PDF lives only in a blob: URL made here, in this tab's memory.
 * Closing revokes the URL and hands control back (the form then unmounts with the bytes); nothing
 * is stored, and a reload cannot bring it back. It is the submission's result: it takes the focus
 * when it appears, as a form's message does.
 */
export function CounterSlip({ pdfBase64, summary, onClosed }: { pdfBase64: string; /** What was done, said beside the slip (e.g. the new serial). */ summary?: string; onClosed(): void }) {
  const t = useT();
  const frame = useRef<HTMLIFrameElement>(null);
  const url = useRef<string | null>(null);
  const section = useRef<HTMLElement>(null);
  useEffect(() => section.current?.focus(), []);
  useEffect(() => {
    const bytes = Uint8Array.from(atob(pdfBase64), (c) => c.charCodeAt(0));
    const made = URL.createObjectURL(new Blob([bytes], { type: "application/pdf" }));
    url.current = made;
    if (frame.current) frame.current.src = made;
    return () => {
      URL.revokeObjectURL(made);
      url.current = null;
    };
  }, [pdfBase64]);
  const close = () => {
    if (url.current) URL.revokeObjectURL(url.current);
    url.current = null;
    if (frame.current) frame.current.src = "about:blank";
    onClosed();
  };
  return (
    <section ref={section} tabIndex={-1} aria-labelledby="counter-slip-title" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 outline-none focus:ring-2 focus:ring-amber-700" data-testid="counter-slip">
      <h4 id="counter-slip-title" className="font-semibold">
        {t("activationDesk.slip.title")}
      </h4>
      {summary && (
        <p className="text-sm font-medium" data-testid="counter-slip-summary">
          {summary}
        </p>
      )}
      <p className="text-sm">{t("activationDesk.slip.warning")}</p>
      <iframe ref={frame} title={t("activationDesk.slip.frame")} className="h-[28rem] w-full border bg-white" />
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn-secondary" onClick={() => frame.current?.contentWindow?.print()}>
          {t("activationDesk.slip.print")}
        </button>
        <button type="button" className="btn-primary" onClick={close}>
          {t("activationDesk.slip.close")}
        </button>
      </div>
    </section>
  );
}
