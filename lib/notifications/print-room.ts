import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { dataHome } from "@/lib/config/env";
import { renderSealedLetter, SendError, type NoticeSender } from "./senders";

/** The print room's spool directory: TOKENDESK_PRINT_DIR, by default .data/print-room/. */
export function printRoomDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TOKENDESK_PRINT_DIR || path.join(dataHome(env), "print-room");
}

/**
 * Outside demo mode, post goes to the bank's print room through a spool directory: a letter that
 * carries an activation password as its PDF (`<notice id>.pdf`, rendered here from the sealed
 * facts), any other letter as its text (`<notice id>.txt`, the address first). Files are named by
 * notice id, never by customer, readable by the portal's user only (0600), and appear whole: written
 * under a temporary name and renamed, so the print room never picks up half a letter. A retry
 * after a crash rewrites the same name, so a letter is never spooled twice.
 */
export function printRoomSender(dir: string = printRoomDir()): NoticeSender {
  return {
    channel: "post",
    async send(notice) {
      const [name, content] = notice.letterEnc
        ? [`${notice.id}.pdf`, await renderSealedLetter(notice.letterEnc)]
        : [`${notice.id}.txt`, Buffer.from(`${notice.recipient}\n\n${notice.subject}\n\n${notice.body}`, "utf8")];
      try {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        const partial = path.join(dir, `.${name}.partial`);
        await writeFile(partial, content, { mode: 0o600 });
        await rename(partial, path.join(dir, name));
      } catch (error) {
        // The path names no customer, but the code is all the outbox keeps.
        const code = (error as NodeJS.ErrnoException)?.code;
        throw new SendError(typeof code === "string" && /^E[A-Z]{2,15}$/.test(code) ? `print_${code.toLowerCase()}` : "print_error");
      }
    },
  };
}
