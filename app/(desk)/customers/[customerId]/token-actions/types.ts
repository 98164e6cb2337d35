import type { RiskFlag } from "@/db/schema";
import type { TokenSummary } from "@/lib/customers/tokens";

/** What every token action's form is given by the token panel. */
export interface TokenActionFormProps {
  customerId: string;
  token: TokenSummary;
  /** How the caller was verified: it decides how a new activation password is delivered. */
  verificationMethod: "phone" | "in_person";
  /** Called with the success line the panel keeps showing until the next action. */
  onDone(message: string): void;
  /** Closes the form without acting. */
  onClose(): void;
  /** Why a replacement for this customer deserves a second look now (lib/tokens/replace.ts). */
  riskFlags?: RiskFlag[];
}
