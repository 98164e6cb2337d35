import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { customerNotices, customers, registeredEmails, type NoticeChannel } from "@/db/schema";
import { seal } from "@/lib/crypto/secretbox";
import { kindCarriesSecret, kindGoesToAddressOnly, kindSendsPost, maskAddress, renderNotice, type NoticeFacts, type NoticeKind } from "./kinds";

/** What the outbox row's body says while the real one (it carries a secret) waits sealed. */
export const SEALED_BODY = "（お客さま用のコードを含むため、本文は送信まで暗号化して保管しています） / (Sealed until sent: it carries a code for the customer.)";

export interface EnqueueRequest<K extends NoticeKind> {
  customerId: string;
  kind: K;
  /** The kind's own facts; `at` defaults to the action's time given in `now`. */
  facts: NoticeFacts<K>;
  /** The action's time (ctx.now), so notices and the audit event agree. */
  now?: Date;
  /**
   * A letter carrying a secret (lib/letters/sealed.ts sealLetter): it goes to the postal address
   * whatever the kind, sealed in the post notice, and is rendered to PDF only when it is sent.
   */
  letter?: string;
}

/**
 * The transactional outbox: writes one notice per channel the customer is reachable on — every
 * live, confirmed registered e-mail, the postal address when the kind or a sealed letter calls for
 * it, and the removed address when an e-mail is removed (if it was confirmed; the action decides),
 * or for a kind addressed to one address (the confirmation code) that address alone — inside the
 * caller's transaction, so the notices exist if and only if the change they tell about commits.
 * Delivery happens later, in the worker. Each notice comes back with its channel and recipient,
 * so the desk can say whom it told.
 */
export async function enqueueNotices<K extends NoticeKind>(tx: Tx, request: EnqueueRequest<K>): Promise<Array<{ id: string; channel: NoticeChannel; recipient: string }>> {
  const [customer] = await tx.select().from(customers).where(eq(customers.id, request.customerId)).limit(1);
  if (!customer) throw new Error("enqueueNotices: unknown customer");
  const emails = await tx
    .select({ address: registeredEmails.address })
    .from(registeredEmails)
    // Only confirmed addresses: an address the customer has not proved is theirs hears nothing.
    .where(and(eq(registeredEmails.customerId, customer.id), isNull(registeredEmails.deletedAt), isNotNull(registeredEmails.confirmedAt)));

  const recipients = new Map<string, { channel: NoticeChannel; recipient: string }>();
  const addEmail = (address: string) => recipients.set(`email:${address.toLowerCase()}`, { channel: "email", recipient: address });
  const only = kindGoesToAddressOnly(request.kind) ? (request.facts as { address?: string }).address : undefined;
  if (kindGoesToAddressOnly(request.kind) && !only) throw new Error(`enqueueNotices: ${request.kind} needs the address it goes to`);
  if (only) addEmail(only);
  else for (const { address } of emails) addEmail(address);
  const removed = (request.facts as { removedAddress?: string }).removedAddress;
  if (removed) addEmail(removed);
  if (kindSendsPost(request.kind) || request.letter) {
    recipients.set("post", { channel: "post", recipient: `〒${customer.postalCode} ${customer.address}\n${customer.nameKanji} 様` });
  }
  if (recipients.size === 0) return [];

  const now = request.now ?? new Date();
  const facts = { ...(request.facts as object), at: now, customerName: customer.nameKanji } as NoticeFacts<K> & { at: Date; customerName: string };
  if (removed && !(facts as { maskedAddress?: string }).maskedAddress) Object.assign(facts, { maskedAddress: maskAddress(removed) });
  const { subject, body } = renderNotice(request.kind, facts);
  // A body that carries a secret (a confirmation or emergency code) is kept sealed like a letter, and the
  // stored body only says so: once sent, the sealed copy is cleared and nothing readable remains.
  const secret = kindCarriesSecret(request.kind);
  const sealedBody = secret ? seal(Buffer.from(body, "utf8")) : null;
  return tx
    .insert(customerNotices)
    .values([...recipients.values()].map(({ channel, recipient }) => ({
      customerId: customer.id, channel, recipient, kind: request.kind, subject, body: sealedBody ? SEALED_BODY : body, createdAt: now, nextAttemptAt: now,
      letterEnc: channel === "post" ? (request.letter ?? null) : sealedBody,
    })))
    .returning({ id: customerNotices.id, channel: customerNotices.channel, recipient: customerNotices.recipient });
}
