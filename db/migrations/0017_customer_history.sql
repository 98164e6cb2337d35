-- The customer page's call history counts and folds every event of the customer (lib/customers/history.ts):
-- it reads all of them in id order, not just a page's worth. With the columns it reads after id (which is
-- unique, so the order does not change), it reads them from the index alone, in order: no table row per
-- event, scattered over a table of millions, and no sort. A wider entry in an index every write already
-- maintains, rather than one more index.
DROP INDEX "audit_events_customer_idx";--> statement-breakpoint
CREATE INDEX "audit_events_customer_idx" ON "audit_events" USING btree ("customer_id","id","occurred_at","actor_type","actor_id","action","outcome");
