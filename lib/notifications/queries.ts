import { z } from "zod";
import { defineQuery } from "@/lib/actions/query";
import { openLetter } from "@/lib/letters/sealed";
import { uuidField } from "@/lib/validation/identifiers";
import { mailboxLetter } from "./mailbox";

/**
 * Demo mode only (the route answers 404 otherwise): one letter of the demo mailbox, opened from its
 * sealed facts as the customer would read it; null when the entry holds no letter. The mailbox
 * page's gate, and like the page not audited: it holds the demo customers' mail only.
 */
export const demoMailboxLetterQuery = defineQuery({
  name: "demo.mailbox_letter",
  permission: "demo.mailbox_read",
  input: z.strictObject({ entryId: uuidField }),
  async run({ db }, input) {
    const envelope = await mailboxLetter(db, input.entryId);
    return envelope ? openLetter(envelope) : null;
  },
});
