import { z } from "zod";
import { text } from "@/lib/validation/text";

/*
 * What a letter or counter slip is rendered from. The length limits are what the layouts hold
 * without wrapping a name or running into the next block (a test renders every field at its limit). Everything is passed in — the issue date too —
 * so the same input always gives the same PDF bytes. Zod issues carry no input values, so a
 * refused activation password never appears in an error message.
 */

/** No text on a letter may carry a link: a letter that points somewhere to sign in is phishing's template. */
const NO_LINK = /(?:https?:|:\/\/|www\.)/i;

function line(max: number) {
  return text()
    .trim()
    .min(1, { error: "letters.required" })
    .max(max, { error: "letters.tooLong" })
    .refine((value) => !NO_LINK.test(value), { error: "letters.noLinks" });
}

const date = z.date().refine((value) => !Number.isNaN(value.getTime()), { error: "letters.invalidDate" });

const base = z.object({
  /** The date printed on the letter (its JST calendar day), and the PDF's creation date. */
  issuedAt: date,
  bankName: line(20),
  customerName: line(24),
  serviceId: z.string().regex(/^\d{4,16}$/, { error: "letters.serviceId" }),
  userId: z.string().regex(/^\d{4,20}$/, { error: "letters.userId" }),
  activationPassword: z.string().regex(/^\d{4,8}$/, { error: "letters.activationPassword" }),
  /** The last moment the activation password works. */
  deadline: date,
  helpDeskName: line(24),
  helpDeskPhone: z.string().regex(/^\d{2,5}-\d{1,4}-\d{3,4}$/, { error: "letters.helpDeskPhone" }),
  /** The help desk's hours as printed, e.g. 9:00〜21:00 (毎日). */
  helpDeskHours: line(16),
});

function deadlineAfterIssue<T extends { issuedAt: Date; deadline: Date }>(value: T): boolean {
  return value.deadline.getTime() > value.issuedAt.getTime();
}

export const activationLetterSchema = base
  .extend({
    postalCode: z.string().regex(/^\d{3}-\d{4}$/, { error: "letters.postalCode" }),
    /** The registered address as it goes on the envelope window, one to three lines. */
    addressLines: z.array(line(40)).min(1, { error: "letters.required" }).max(3, { error: "letters.tooLong" }),
  })
  .refine(deadlineAfterIssue, { error: "letters.deadlineBeforeIssue", path: ["deadline"] });

export const counterSlipSchema = base
  .extend({
    branchName: line(10),
    /** The teller's display name, as printed on the slip handed over. */
    tellerName: line(10),
  })
  .refine(deadlineAfterIssue, { error: "letters.deadlineBeforeIssue", path: ["deadline"] });

export type ActivationLetterInput = z.input<typeof activationLetterSchema>;
export type CounterSlipInput = z.input<typeof counterSlipSchema>;
export type ActivationLetter = z.output<typeof activationLetterSchema>;
export type CounterSlip = z.output<typeof counterSlipSchema>;
