import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { Db } from "@/db/client";
import { executeAction } from "@/lib/actions/execute";
import { receiveDemoMail } from "@/lib/actions/notices/receive-demo-mail";
import { NOTICE_HEADER } from "./senders";

export interface DemoSmtp {
  /** smtp://127.0.0.1:<port> — where the demo's notice worker sends. */
  url: string;
  close(): Promise<void>;
}

/**
 * An SMTP receiver on loopback that files every message it accepts in the demo mailbox (through
 * the pipeline, as the system actor). No AUTH and no TLS: it listens on 127.0.0.1 only and exists
 * only in demo mode. A message it cannot file is refused with 451, so the worker retries it.
 */
export async function listenDemoSmtp(db: Db): Promise<DemoSmtp> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    banner: "TokenDesk demo mailbox",
    size: 1_000_000,
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          const noticeId = mail.headers.get(NOTICE_HEADER);
          const recipient = session.envelope.rcptTo[0]?.address;
          if (typeof noticeId !== "string" || !recipient) return callback(Object.assign(new Error("Not a TokenDesk notice"), { responseCode: 550 }));
          const result = await executeAction(receiveDemoMail, { noticeId, channel: "email", recipient, subject: mail.subject ?? "", body: mail.text ?? "" }, {
            db, actor: { type: "system", name: "demo-smtp" }, meta: { channel: "cli", locale: "en", requestId: `demo-smtp-${noticeId}` },
          });
          callback(result.ok ? null : Object.assign(new Error("Mailbox unavailable"), { responseCode: 451 }));
        })
        .catch(() => callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 451 })));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  // Never the reason a process stays alive (a test, a CLI): the portal's HTTP server is.
  server.server.unref();
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

// On globalThis: Next loads this module once per bundle (instrumentation, routes), one process.
const processWide = globalThis as unknown as { __tokendeskDemoSmtp?: Promise<DemoSmtp> };

/** Demo mode: starts the loopback receiver once per process (later calls get the same one). */
export function startDemoSmtp(): Promise<DemoSmtp> {
  processWide.__tokendeskDemoSmtp ??= (async () => {
    const { getDb } = await import("@/db/client");
    const smtp = await listenDemoSmtp(await getDb());
    console.log(JSON.stringify({ level: "info", event: "demo_smtp_listening", url: smtp.url }));
    return smtp;
  })();
  return processWide.__tokendeskDemoSmtp;
}
