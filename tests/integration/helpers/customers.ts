import type { Db } from "@/db/client";
import type { DemoCustomer } from "@/db/seed/demo-data";
import { executeAction } from "@/lib/actions/execute";
import { importDemoCustomer } from "@/lib/actions/demo/import-demo-customer";
import type { Clock } from "@/lib/time/clock";
import { toImportRecord } from "@/db/seed/seed";
import { systemOptions } from "./staff";

/** A legacy-system record as the demo seed imports it, with relative days anchored to the clock. */
export function importRecord(record: DemoCustomer, clock: Clock) {
  return toImportRecord(record, clock.now());
}

/** Imports customers through the pipeline as the CLI's system actor; returns their ids in order. */
export async function importCustomers(db: Db, clock: Clock, records: DemoCustomer[]): Promise<string[]> {
  const ids: string[] = [];
  for (const record of records) {
    const result = await executeAction(importDemoCustomer, importRecord(record, clock), systemOptions(db, clock));
    if (!result.ok) throw new Error(`import ${record.contractId}: ${result.code} ${JSON.stringify(result.fieldErrors ?? {})}`);
    ids.push(result.data.customerId);
  }
  return ids;
}

/** A bare customer with a chosen kana name and no tokens, unique by its number. */
export function plainCustomer(n: number, nameKanji: string, nameKana: string): DemoCustomer {
  const id = String(n).padStart(4, "0");
  return {
    contractId: `77000${id}0`.slice(0, 10),
    nameKanji,
    nameKana,
    birthDate: "1975-01-01",
    phone: `0807700${id}`,
    branchCode: "900",
    branchName: `試験支店${n % 3}`,
    accountNumber: `770${id}`,
    postalCode: "100-0001",
    address: "東京都千代田区",
    emails: [],
    tokens: [],
  };
}
