"use client";

import { useEffect, useRef } from "react";
import type { DeskTokenAction } from "@/lib/tokens/desk-rules";

/**
 * How another part of the customer page (the error-code triage) asks the token panel to open an
 * action's form for one token: a window event, so neither component owns the other's state.
 */
const OPEN_TOKEN_ACTION = "tokendesk:open-token-action";

export interface OpenTokenAction {
  tokenId: string;
  action: DeskTokenAction;
}

export function openTokenAction(detail: OpenTokenAction): void {
  window.dispatchEvent(new CustomEvent<OpenTokenAction>(OPEN_TOKEN_ACTION, { detail }));
}

/** Calls `onOpen` for every request to open a form; the latest callback wins without re-subscribing. */
export function useOpenTokenAction(onOpen: (detail: OpenTokenAction) => void): void {
  const latest = useRef(onOpen);
  useEffect(() => {
    latest.current = onOpen;
  });
  useEffect(() => {
    const listener = (event: Event) => {
      const detail = (event as CustomEvent<OpenTokenAction>).detail;
      if (detail && typeof detail.tokenId === "string") latest.current(detail);
    };
    window.addEventListener(OPEN_TOKEN_ACTION, listener);
    return () => window.removeEventListener(OPEN_TOKEN_ACTION, listener);
  }, []);
}
