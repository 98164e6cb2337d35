import type { ComponentType } from "react";
import type { DeskTokenAction } from "@/lib/tokens/desk-rules";
import type { TokenActionFormProps } from "./types";
import { ResetActivationForm } from "./reset_activation";
import { RenewTokenForm } from "./renew";

/**
 * The form each token action opens in the token panel: one component per action, in its own
 * file beside this one.
 */
export const tokenActionForms: Partial<Record<DeskTokenAction, ComponentType<TokenActionFormProps>>> = {
  reset_activation: ResetActivationForm,
  renew: RenewTokenForm,
};
