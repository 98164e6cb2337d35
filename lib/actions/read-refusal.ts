import { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";
import { ActionError, defineAction, type ActionDefinition } from "./types";
import { runAsCurrentStaff } from "./web";

const gates = new Map<Permission, ActionDefinition<z.ZodType, never>>();

/**
 * A read that is not itself audited (a search, a chain check) still leaves an audit event when
 * it is refused: the refusal goes through the pipeline under the read's permission, which
 * authenticates, denies and records exactly as for any action. The run never happens for a
 * refused caller; should the caller's role have changed in between, it fails rather than succeed.
 */
function gate(permission: Permission): ActionDefinition<z.ZodType, never> {
  let found = gates.get(permission);
  if (!found) {
    found = defineAction({
      name: permission,
      permission,
      input: z.unknown(),
      assurance: "none",
      async run(): Promise<never> {
        throw new ActionError("forbidden", "errors.forbidden");
      },
    });
    gates.set(permission, found);
  }
  return found;
}

/** Records the current request's refusal of `permission` (no session, or a role without it). */
export async function auditReadRefusal(permission: Permission): Promise<void> {
  await runAsCurrentStaff(gate(permission), {});
}
