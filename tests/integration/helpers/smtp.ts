import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface Received {
  to: string;
  mail: ParsedMail;
}

export interface TestSmtp {
  url: string;
  received: Received[];
  /** The reply code the next RCPT TO gets (e.g. 451, 550), or null to accept. */
  reject: number | null;
  close(): Promise<void>;
}

/** A real SMTP server on loopback that parses what arrives — the tests' customer's inbox. */
export async function startTestSmtp(): Promise<TestSmtp> {
  const state: TestSmtp = { url: "", received: [], reject: null, close: async () => {} };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (state.reject === null) return callback();
      // A real server's refusal quotes the address; the worker must not keep this text.
      callback(Object.assign(new Error(`Mailbox <${address.address}> unavailable`), { responseCode: state.reject }));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          state.received.push({ to: session.envelope.rcptTo[0]!.address, mail });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  state.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
