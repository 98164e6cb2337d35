"use server";

import { revalidatePath } from "next/cache";
import { reviewDay } from "@/lib/actions/audit/review-day";
import { reviewEvents } from "@/lib/actions/audit/review-events";
import { submitForm, type FormState } from "@/lib/actions/web";

export type ReviewEventsState = FormState<{ reviewId: string; events: number }>;
export type ReviewDayState = FormState<{ reviewId: string; events: number; skippedOwn: number }>;

export async function reviewEventsAction(_previous: ReviewEventsState, form: FormData): Promise<ReviewEventsState> {
  const result = await submitForm(reviewEvents, form);
  if (result?.ok) revalidatePath("/audit/reviews");
  return result;
}

export async function reviewDayAction(_previous: ReviewDayState, form: FormData): Promise<ReviewDayState> {
  const result = await submitForm(reviewDay, form);
  if (result?.ok) revalidatePath("/audit/reviews");
  return result;
}
