"use server";

import QRCode from "qrcode";
import { z } from "zod";
import { text } from "@/lib/validation/text";
import { getRequestMeta } from "@/lib/auth/guard";
import { startWebEnrolment } from "@/lib/auth/web-session";
import { reportUnexpected } from "@/lib/server/report-error";

const input = z.object({ loginId: text().max(64), password: text().max(128) });

export type EnrolmentOffer = { ok: true; qrDataUrl: string; secret: string } | { ok: false; unavailable?: true };

/** Offers a new authenticator secret to a staff member who proved their password and has none. */
export async function startEnrolmentAction(raw: { loginId: string; password: string }): Promise<EnrolmentOffer> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return { ok: false };
  try {
    const meta = await getRequestMeta();
    const result = await startWebEnrolment(parsed.data, meta);
    if (!result.ok) return { ok: false };
    const svg = await QRCode.toString(result.uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
    return { ok: true, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`, secret: result.secretBase32 };
  } catch (error) {
    // A thrown server action reaches the browser with its message in development. The error id
    // stays in the log, like sign-in's: the answer is the same whichever login ID was tried.
    reportUnexpected("enrolment_error", error);
    return { ok: false, unavailable: true };
  }
}
