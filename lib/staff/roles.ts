/** Staff roles, one per kind of desk work; plain data so client components can import it. */
export const staffRoles = ["operator", "teller", "supervisor", "auditor", "admin"] as const;
export type StaffRole = (typeof staffRoles)[number];
