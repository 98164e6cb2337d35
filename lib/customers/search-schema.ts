import { z } from "zod";
import { text } from "@/lib/validation/text";

/** What the operator searches by; each kind has its own index (see db/migrations/*_customer_search.sql). */
export const searchKinds = ["name", "contract", "phone", "email", "serviceUser", "serial"] as const;
export type SearchKind = (typeof searchKinds)[number];

export const searchSortKeys = ["nameKana", "contractId", "branchName"] as const;
export type SearchSortKey = (typeof searchSortKeys)[number];

export const searchPageSizes = [10, 20, 50] as const;

/** Shared by the search form's server action and the JSON route. */
export const searchCustomersInput = z.object({
  kind: z.enum(searchKinds),
  query: text().trim().max(100).default(""),
  /** Only for kind "serviceUser": the ユーザID beside the サービスID in `query`. */
  userId: text().trim().max(30).default(""),
  sort: z.enum(searchSortKeys).default("nameKana"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  page: z.coerce.number().int().min(0).max(10_000).default(0),
  pageSize: z.coerce
    .number()
    .int()
    .refine((n) => (searchPageSizes as readonly number[]).includes(n))
    .default(20),
});
export type SearchCustomersInput = z.input<typeof searchCustomersInput>;
export type CustomerSearchParams = z.output<typeof searchCustomersInput>;
