import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { text } from "@/lib/validation/text";
import {
  accountNumberField,
  activationPasswordField,
  branchCodeField,
  contractIdField,
  phoneField,
  postalCodeField,
  serialField,
  serviceIdField,
  userIdField,
} from "@/lib/validation/identifiers";
import { customers, registeredEmails, revokeReasons, tokenKinds, tokenStatuses, tokens } from "@/db/schema";
import { foldForSearch } from "@/lib/customers/fold";
import { hashPassword } from "@/lib/auth/password";
import { seal } from "@/lib/crypto/secretbox";
import { generateTotpSecret } from "@/lib/otp/totp";
import { ACTIVATION_DEADLINE_MS, MAX_ACTIVATION_FAILURES, MAX_OTP_FAILURES } from "@/lib/tokens/policy";
import { ActionError, defineAction } from "../types";

const tokenRecord = z.object({
  serviceId: serviceIdField,
  userId: userIdField,
  serial: serialField,
  kind: z.enum(tokenKinds),
  status: z.enum(tokenStatuses),
  issuedAt: z.coerce.date(),
  activatedAt: z.coerce.date().nullable(),
  expiresAt: z.coerce.date(),
  activationFailures: z.number().int().min(0).max(MAX_ACTIVATION_FAILURES),
  otpFailures: z.number().int().min(0).max(MAX_OTP_FAILURES),
  lastUsedAt: z.coerce.date().nullable(),
  deviceLabel: text().max(80).nullable(),
  revokeReason: z.enum(revokeReasons).nullable(),
  activationPassword: activationPasswordField.nullable(),
});

export const importDemoCustomerInput = z.object({
  contractId: contractIdField,
  nameKanji: text().min(1).max(40),
  nameKana: text().min(1).max(60),
  birthDate: z.iso.date(),
  phone: phoneField,
  branchCode: branchCodeField,
  branchName: text().min(1).max(40),
  accountNumber: accountNumberField,
  postalCode: postalCodeField,
  address: text().min(1).max(200),
  emails: z.array(z.email()).max(3),
  tokens: z.array(tokenRecord).max(10),
});

/**
 * Loads one customer's record as the bank's legacy system holds it (the demo seed uses it).
 * System-only: no person at the desk can create customers.
 */
export const importDemoCustomer = defineAction({
  name: "demo.import_customer", permission: "demo.import", input: importDemoCustomerInput, assurance: "none", subject: { kind: "customer" },
  async run({ tx, now }, input) {
    const { emails, tokens: tokenRecords, ...person } = input;
    // A contract or an account already loaded is a refusal to report, not a unique-constraint crash.
    const [sameContract] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.contractId, input.contractId)).limit(1);
    if (sameContract) throw new ActionError("conflict", "customers.errors.contractExists", { contractId: "customers.errors.contractExists" }, { customerId: sameContract.id });
    const [sameAccount] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.branchCode, input.branchCode), eq(customers.accountNumber, input.accountNumber)))
      .limit(1);
    if (sameAccount) throw new ActionError("conflict", "customers.errors.accountExists", { accountNumber: "customers.errors.accountExists" }, { customerId: sameAccount.id });
    const [customer] = await tx
      .insert(customers)
      .values({ ...person, nameSearch: foldForSearch(person.nameKana), createdAt: now, updatedAt: now })
      .returning({ id: customers.id });
    const customerId = customer!.id;
    if (emails.length) await tx.insert(registeredEmails).values(emails.map((address) => ({ customerId, address, createdAt: now, confirmedAt: now })));
    for (const record of tokenRecords) {
      const { activationPassword, ...rest } = record;
      const bound = record.activatedAt !== null;
      await tx.insert(tokens).values({
        ...rest,
        customerId,
        activationPasswordHash: activationPassword ? await hashPassword(activationPassword) : null,
        activationDeadline: activationPassword ? new Date(record.issuedAt.getTime() + ACTIVATION_DEADLINE_MS) : null,
        totpSecretEnc: bound ? seal(generateTotpSecret()) : null,
        suspendedAt: record.status === "suspended" ? (record.lastUsedAt ?? now) : null,
        revokedAt: record.status === "revoked" ? (record.lastUsedAt ?? record.issuedAt) : null,
        createdAt: now,
        updatedAt: now,
      });
    }
    return {
      data: { customerId },
      audit: { customerId, details: { contractId: input.contractId, emails: emails.length, tokens: tokenRecords.map((t) => ({ serial: t.serial, status: t.status })) } },
    };
  },
});
