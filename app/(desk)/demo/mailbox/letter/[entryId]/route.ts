import { getDb } from "@/db/client";
import { getSessionState } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { isDemoMode } from "@/lib/config/env";
import { renderActivationLetter } from "@/lib/letters";
import { openLetter } from "@/lib/letters/sealed";
import { mailboxLetter } from "@/lib/notifications/mailbox";
import { isUuid } from "@/lib/validation/identifiers";

const plain = (status: number, text: string) => new Response(text, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

/**
 * Demo mode only: a letter from the demo mailbox as the customer would open it, rendered from its
 * sealed facts on each request and never cached. Same gate as the mailbox page (demo.mailbox_read);
 * outside demo mode there is no such page, and the print room holds the real letters.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ entryId: string }> }) {
  if (!isDemoMode()) return plain(404, "Not found");
  const state = await getSessionState();
  if (!state.staff) return plain(401, "Sign in first");
  if (!can(state.staff.role, "demo.mailbox_read")) return plain(403, "Forbidden");
  const { entryId } = await params;
  if (!isUuid(entryId)) return plain(404, "Not found");
  const envelope = await mailboxLetter(await getDb(), entryId);
  if (!envelope) return plain(404, "Not found");
  const pdf = await renderActivationLetter(openLetter(envelope));
  return new Response(Buffer.from(pdf), {
    headers: {
      "content-type": "application/pdf",
      // Named by the mailbox entry, never by the customer.
      "content-disposition": `inline; filename="letter-${entryId}.pdf"`,
      "cache-control": "no-store",
    },
  });
}
