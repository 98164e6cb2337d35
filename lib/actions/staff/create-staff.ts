import { eq } from "drizzle-orm";
import { staff } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { seal } from "@/lib/crypto/secretbox";
import { demoTotpSecret } from "@/lib/demo/accounts";
import { createStaffInput } from "@/lib/staff/schemas";
import { ActionError, defineAction } from "../types";

export const createStaff = defineAction({
  name: "staff.create",
  permission: "staff.create",
  input: createStaffInput,
  assurance: "none",
  async run({ tx, principal }, input) {
    const [existing] = await tx.select({ id: staff.id }).from(staff).where(eq(staff.loginId, input.loginId)).limit(1);
    if (existing) throw new ActionError("conflict", "staff.errors.loginIdTaken", { loginId: "staff.errors.loginIdTaken" });
    // Only the CLI's system actor (the demo seed) may mark demo accounts.
    const isDemo = principal.role === "system" && input.isDemo === true;
    const [created] = await tx
      .insert(staff)
      .values({
        loginId: input.loginId,
        displayName: input.displayName,
        role: input.role,
        passwordHash: await hashPassword(input.initialPassword),
        isDemo,
        // Demo accounts come enrolled, so `npm run demo:code` can print their codes.
        totpSecretEnc: isDemo ? seal(demoTotpSecret(input.loginId)) : null,
      })
      .returning({ id: staff.id });
    return {
      data: { staffId: created!.id, loginId: input.loginId },
      audit: { targetStaffId: created!.id, details: { after: { loginId: input.loginId, displayName: input.displayName, role: input.role, isDemo } } },
    };
  },
});
