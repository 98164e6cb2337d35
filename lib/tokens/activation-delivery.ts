import { eq } from "drizzle-orm";
import { ZodError } from "zod";
import type { Tx } from "@/db/client";
import { customers } from "@/db/schema";
import { ActionError, type Principal } from "@/lib/actions/types";
import { bankLetterhead } from "@/lib/letters/bank";
import { addressLines, printedPostalCode, sealLetter } from "@/lib/letters/sealed";
import { enqueueNotices } from "@/lib/notifications/enqueue";
import { liveVerification } from "@/lib/verification/live";

/** How a new activation password reaches the customer (the audit vocabulary's Delivery). */
export type ActivationDelivery = "letter" | "counter_slip";

export interface NewActivationPassword {
  serviceId: string;
  userId: string;
  activationPassword: string;
  activationDeadline: Date;
}

export interface DeliveryRequest {
  customerId: string;
  /** How this staff member verified the caller: by phone → a letter by post; at the counter → a slip. */
  method: "phone" | "in_person";
  token: NewActivationPassword;
  /** Which change the customer is told about: a reset of a token's password, a new token, or a replacement of a lost one. */
  change: "reset" | "issue" | "replace";
  /** The teller's name, printed on a counter slip. */
  staffName: string;
  now: Date;
}

export interface Delivered {
  delivery: ActivationDelivery;
  /** Notices written (e-mails, and the letter). */
  notices: number;
  /** The counter slip's PDF, base64, for the teller to print once; null for a letter. */
  slipPdf: string | null;
}

/**
 * How the caller was verified, read again inside the action's transaction. The pipeline has
 * already refused a staff member without a live verification; this read learns which kind it was
 * (the pipeline keeps only the id) and, being inside the transaction, holds at the moment the
 * password is made. Null for the system actor, which verifies no caller.
 */
export async function callerVerificationMethod(tx: Tx, principal: Principal, customerId: string, now: Date): Promise<"phone" | "in_person" | null> {
  if (!principal.staff) return null;
  const live = await liveVerification(tx, principal.staff.id, customerId, "verified", now);
  if (!live) throw new ActionError("verification_required", "errors.verificationRequired");
  return live.method;
}

/**
 * Sends a new activation password on its way, never to a phone operator's screen: after a phone
 * verification as a letter by post to the registered address (its facts sealed in the outbox's post
 * notice, rendered to PDF when it is sent); after a counter check as a slip the teller prints and
 * hands over (returned once, stored nowhere). Either way the registered e-mails are told, without
 * the secret. Runs in the action's transaction: refused or rolled back, no letter exists.
 */
export async function deliverActivationPassword(tx: Tx, request: DeliveryRequest): Promise<Delivered> {
  const [customer] = await tx.select().from(customers).where(eq(customers.id, request.customerId)).limit(1);
  if (!customer) throw new ActionError("not_found", "customers.errors.notFound");
  const { token, now } = request;
  const printed = { ...bankLetterhead, issuedAt: now, customerName: customer.nameKanji, serviceId: token.serviceId, userId: token.userId, activationPassword: token.activationPassword, deadline: token.activationDeadline };

  if (request.method === "phone") {
    let letter: string;
    try {
      letter = sealLetter({ ...printed, postalCode: printedPostalCode(customer.postalCode), addressLines: addressLines(customer.address) });
    } catch (error) {
      if (error instanceof ZodError) throw new ActionError("conflict", "activationDesk.errors.letterUnprintable");
      throw error;
    }
    const notices = request.change === "reset"
      ? await enqueueNotices(tx, { customerId: customer.id, kind: "activation_password_reset", facts: {}, now, letter })
      : request.change === "replace"
        ? await enqueueNotices(tx, { customerId: customer.id, kind: "token_replaced", facts: { delivery: "letter" }, now, letter })
        : await enqueueNotices(tx, { customerId: customer.id, kind: "token_issued", facts: { delivery: "letter" }, now, letter });
    return { delivery: "letter", notices: notices.length, slipPdf: null };
  }

  // Loaded when a slip is made: the PDF library stays out of everything else that imports the
  // token actions (the CLI, the browser tests' setup, which loads modules as CommonJS).
  const { LetterGlyphError, renderCounterSlip } = await import("@/lib/letters");
  let pdf: Uint8Array;
  try {
    // Staff records carry no branch: the slip names the customer's own branch (お取引店).
    pdf = await renderCounterSlip({ ...printed, branchName: fit(customer.branchName, 10), tellerName: fit(request.staffName, 10) });
  } catch (error) {
    if (error instanceof ZodError || error instanceof LetterGlyphError) throw new ActionError("conflict", "activationDesk.errors.slipUnprintable");
    throw error;
  }
  const notices = request.change === "reset"
    ? await enqueueNotices(tx, { customerId: customer.id, kind: "activation_password_handed_over", facts: {}, now })
    : request.change === "replace"
      ? await enqueueNotices(tx, { customerId: customer.id, kind: "token_replaced", facts: { delivery: "counter_slip" }, now })
      : await enqueueNotices(tx, { customerId: customer.id, kind: "token_issued", facts: { delivery: "counter_slip" }, now });
  return { delivery: "counter_slip", notices: notices.length, slipPdf: Buffer.from(pdf).toString("base64") };
}

/** A name cut to what the slip's box holds (whole characters, never half a surrogate pair). */
function fit(value: string, max: number): string {
  return [...value.trim()].slice(0, max).join("");
}
