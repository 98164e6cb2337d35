/** The badge colours of an audit outcome, the same in every table that shows one. */
export const outcomeStyle: Record<string, string> = {
  success: "bg-emerald-100 text-emerald-800",
  denied: "bg-amber-100 text-amber-900",
  invalid: "bg-amber-100 text-amber-900",
  failed: "bg-red-100 text-red-800",
  error: "bg-red-200 text-red-900",
};
