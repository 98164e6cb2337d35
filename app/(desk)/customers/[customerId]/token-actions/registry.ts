import type { ComponentType } from "react";
import type { DeskTokenAction } from "@/lib/tokens/desk-rules";
import type { TokenActionFormProps } from "./types";
import { UnlockForm } from "./unlock";
import { ResyncForm } from "./resync";
import { SuspendForm } from "./suspend";
import { ResumeForm } from "./resume";
import { CancelForm } from "./cancel";
import { ResetActivationForm } from "./reset_activation";
import { RenewTokenForm } from "./renew";
import { ReplaceForm } from "./replace";
import { ExchangeForm } from "./exchange";

/**
 * The form each token action opens in the token panel: one component per action, in its own
 * file beside this one.
 */
export const tokenActionForms: Partial<Record<DeskTokenAction, ComponentType<TokenActionFormProps>>> = {
  unlock: UnlockForm,
  resync: ResyncForm,
  suspend: SuspendForm,
  resume: ResumeForm,
  cancel: CancelForm,
  reset_activation: ResetActivationForm,
  renew: RenewTokenForm,
  replace: ReplaceForm,
  exchange: ExchangeForm,
};
