-- The explorer's filters that 0009's indexes left to reading table rows one by one. The count beside
-- every page (exact up to 10,000) reads each match of the filter, not just a page's worth, so a filter
-- the index cannot decide costs a table row per event in its range.
--
-- The time line and the refusals index are rebuilt with one more column after id (which is unique,
-- so the order does not change): the explorer's role filter and outcome filter are then decided in
-- the index, and counting a day's tellers or a week's refusals reads no table rows. Wider entries in
-- indexes every write already maintains, rather than more indexes.
DROP INDEX "audit_events_time_idx";--> statement-breakpoint
DROP INDEX "audit_events_refused_time_idx";--> statement-breakpoint
-- "This API client's (or staff member's) errors / refusals": the actor's refused and failed events in
-- time order, outcome decided in the index. Through the actor's whole history instead, a client
-- without a single error made the page and the count read all of its events (a million on a busy
-- one). Partial: written only for events that were not a success.
CREATE INDEX "audit_events_actor_refused_time_idx" ON "audit_events" USING btree ("actor_id","occurred_at","id","outcome") WHERE outcome <> 'success';--> statement-breakpoint
-- Words in the reason or the call memo: most events carry neither, so a text search reads only the
-- events that have some text, in time order, instead of every event of its range. Partial: written
-- only for events with a reason or a memo. The explorer's condition (reason ilike … or memo ilike …)
-- implies this one, which is what lets the planner use it.
CREATE INDEX "audit_events_text_time_idx" ON "audit_events" USING btree ("occurred_at","id") WHERE reason is not null or (details ->> 'memo') is not null;--> statement-breakpoint
CREATE INDEX "audit_events_time_idx" ON "audit_events" USING btree ("occurred_at","id","actor_role");--> statement-breakpoint
CREATE INDEX "audit_events_refused_time_idx" ON "audit_events" USING btree ("occurred_at","id","outcome") WHERE outcome <> 'success';
