import nodemailer from "nodemailer";
import { open } from "@/lib/crypto/secretbox";
import type { Db } from "@/db/client";
import type { NoticeChannel } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { receiveDemoMail } from "@/lib/actions/notices/receive-demo-mail";
import { renderActivationLetter } from "@/lib/letters";
import { openLetter } from "@/lib/letters/sealed";

/** A notice as the worker claimed it. */
export interface ClaimedNotice {
  id: string;
  customerId: string;
  kind: string;
  channel: NoticeChannel;
  recipient: string;
  subject: string;
  body: string;
  attempt: number;
  /** A sealed letter (lib/letters/sealed.ts) to print instead of the notice text; post only. */
  letterEnc?: string | null;
}

/** A failed delivery, with a short code of ours — never the remote server's words. */
export class SendError extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = "SendError";
  }
}

export interface NoticeSender {
  channel: NoticeChannel;
  send(notice: ClaimedNotice): Promise<void>;
}

/** Names the notice in the message so the demo receiver can file it under the right customer. */
export const NOTICE_HEADER = "x-tokendesk-notice";

/**
 * Maps what nodemailer reports to a code: the SMTP reply code (smtp_451, smtp_550) or the
 * connection error (smtp_econnection). The response text is dropped: servers echo the address.
 */
export function sendErrorCode(error: unknown): string {
  const e = error as { responseCode?: unknown; code?: unknown };
  if (typeof e?.responseCode === "number") return `smtp_${e.responseCode}`;
  if (typeof e?.code === "string" && /^[A-Za-z_]{1,30}$/.test(e.code)) return `smtp_${e.code.toLowerCase()}`;
  return "send_error";
}

export function smtpSender(url: string, from: string): NoticeSender {
  // No pooling: a send is rare, and a fresh connection each time never inherits a broken one.
  // Timeouts well inside the claim's lease (5 min): a hung send fails before another worker may
  // reclaim the notice, so a slow server cannot make the customer receive it twice.
  const transport = nodemailer.createTransport({ url, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 }, { from });
  return {
    channel: "email",
    async send(notice) {
      try {
        // A secret-bearing body waits sealed in the outbox (lib/notifications/enqueue.ts).
        const text = notice.letterEnc ? open(notice.letterEnc).toString("utf8") : notice.body;
        await transport.sendMail({ to: notice.recipient, subject: notice.subject, text, headers: { [NOTICE_HEADER]: notice.id } });
      } catch (error) {
        throw new SendError(sendErrorCode(error));
      }
    },
  };
}

/**
 * A sealed letter rendered as the customer will receive it. A letter that cannot be printed fails
 * the send with a code of ours (the supervisors' stuck-notice list shows it), never with its text.
 */
export async function renderSealedLetter(envelope: string): Promise<Uint8Array> {
  try {
    return await renderActivationLetter(openLetter(envelope));
  } catch {
    throw new SendError("letter_unprintable");
  }
}

/**
 * Demo mode's post office: a letter goes straight into the customer's demo mailbox. A sealed
 * letter is rendered once here (so one that cannot be printed fails as it would at the print
 * room) and filed still sealed; the mailbox renders it again when it is opened. Outside demo mode
 * the print room's spool takes letters (lib/notifications/print-room.ts).
 */
export function demoLetterSender(db: Db): NoticeSender {
  return {
    channel: "post",
    async send(notice) {
      if (notice.letterEnc) await renderSealedLetter(notice.letterEnc);
      const letter = notice.letterEnc ? { letterEnc: notice.letterEnc } : {};
      const result = await executeAction(receiveDemoMail, { noticeId: notice.id, channel: "post", recipient: notice.recipient, subject: notice.subject, body: notice.body, ...letter }, {
        db, actor: { type: "system", name: "demo-post" }, meta: { channel: "cli", locale: "en", requestId: `demo-post-${notice.id}` },
      });
      if (!result.ok) throw new SendError(`demo_post_${result.code}`);
    },
  };
}
