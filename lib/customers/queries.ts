import { defineQuery } from "@/lib/actions/query";
import { searchCustomers, type SearchOutcome } from "./search";
import { searchCustomersInput } from "./search-schema";

/**
 * The desk's customer search (screen and JSON route). A search that ran shows personal data, so
 * it is audited: which kind of search and how many customers matched — never the term itself.
 * One that could not run (empty, too short, bad format) revealed nothing and records nothing.
 */
export const searchCustomersQuery = defineQuery({
  name: "customer.search",
  permission: "customer.search",
  input: searchCustomersInput,
  audit: (input, outcome: SearchOutcome) => (outcome.status === "ok" ? { details: { kind: input.kind, hits: outcome.total } } : null),
  run: ({ db }, input) => searchCustomers(db, input),
});
