import { queryAsCurrentStaff } from "@/lib/actions/web";
import { isDemoMode } from "@/lib/config/env";
import { renderActivationLetter } from "@/lib/letters";
import { demoMailboxLetterQuery } from "@/lib/notifications/queries";

const plain = (status: number, text: string) => new Response(text, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
const notFound = () => plain(404, "Not found");
const statusOf: Record<string, number> = { unauthenticated: 401, forbidden: 403 };

/**
 * Demo mode only: a letter from the demo mailbox as the customer would open it, rendered from its
 * sealed facts on each request and never cached. Read through demo.mailbox_letter, the mailbox
 * page's gate (demo.mailbox_read); outside demo mode there is no such page, and the print room
 * holds the real letters.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ entryId: string }> }) {
  if (!isDemoMode()) return notFound();
  const { entryId } = await params;
  const result = await queryAsCurrentStaff(demoMailboxLetterQuery, { entryId });
  // A malformed entry id is a letter that does not exist, like an unknown one.
  if (!result.ok) return result.code === "invalid_input" ? notFound() : plain(statusOf[result.code] ?? 500, result.message);
  if (!result.data) return notFound();
  const pdf = await renderActivationLetter(result.data);
  return new Response(Buffer.from(pdf), {
    headers: {
      "content-type": "application/pdf",
      // Named by the mailbox entry, never by the customer.
      "content-disposition": `inline; filename="letter-${entryId}.pdf"`,
      "cache-control": "no-store",
    },
  });
}
