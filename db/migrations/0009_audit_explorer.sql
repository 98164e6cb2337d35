-- The audit explorer pages by keyset on (occurred_at, id): one index for the unfiltered time line and
-- one per selective filter with the filtered column first, so every page is an index range read.
CREATE INDEX IF NOT EXISTS "audit_events_time_idx" ON "audit_events" USING btree ("occurred_at", "id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "audit_events_actor_time_idx" ON "audit_events" USING btree ("actor_id", "occurred_at", "id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "audit_events_action_time_idx" ON "audit_events" USING btree ("action", "occurred_at", "id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "audit_events_customer_time_idx" ON "audit_events" USING btree ("customer_id", "occurred_at", "id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "audit_events_token_time_idx" ON "audit_events" USING btree ("token_id", "occurred_at", "id");--> statement-breakpoint
-- Refusals and errors are a few per cent of the log: a partial index keeps "what was refused" fast.
CREATE INDEX IF NOT EXISTS "audit_events_refused_time_idx" ON "audit_events" USING btree ("occurred_at", "id") WHERE "outcome" <> 'success';--> statement-breakpoint
-- An event page lists the other events of the same request.
CREATE INDEX IF NOT EXISTS "audit_events_request_idx" ON "audit_events" USING btree ("request_id");
