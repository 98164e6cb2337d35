import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { customers, type Customer } from "@/db/schema";
import { ActionError } from "@/lib/actions/types";

/**
 * Locks the customer row so that attempts on one customer by several operators at once are
 * counted one after another (the third failure blocks, whoever makes it).
 */
export async function lockCustomer(tx: Tx, customerId: string): Promise<Customer> {
  const [customer] = await tx.select().from(customers).where(eq(customers.id, customerId)).for("update").limit(1);
  if (!customer) throw new ActionError("not_found", "customers.errors.notFound");
  return customer;
}
