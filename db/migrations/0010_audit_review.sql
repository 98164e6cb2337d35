-- The auditor's bookkeeping: background chain verification runs (updated as they go, so not an
-- audit_* table, which the runtime role may only insert into) and reviews of audit events.
CREATE TYPE "public"."chain_verification_status" AS ENUM('running', 'ok', 'failed', 'error', 'interrupted');
--> statement-breakpoint
CREATE TABLE "chain_verification_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"started_by" uuid REFERENCES "public"."staff"("id"),
	"started_at" timestamp (3) with time zone NOT NULL,
	"heartbeat_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone,
	"status" "chain_verification_status" DEFAULT 'running' NOT NULL,
	"total" bigint DEFAULT 0 NOT NULL,
	"checked" bigint DEFAULT 0 NOT NULL,
	"last_seq" bigint,
	"first_bad_seq" bigint,
	"problem" text,
	"checkpoints" integer,
	"pending" integer,
	"error_id" text
);
--> statement-breakpoint
CREATE INDEX "chain_verification_runs_started_idx" ON "chain_verification_runs" USING btree ("started_at");
--> statement-breakpoint
-- One run at a time: a second start while one runs loses on this index (a conflict, not a fork).
CREATE UNIQUE INDEX "chain_verification_runs_one_running" ON "chain_verification_runs" USING btree ((true)) WHERE "status" = 'running';
--> statement-breakpoint
CREATE TABLE "event_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reviewer_id" uuid NOT NULL REFERENCES "public"."staff"("id"),
	"reviewed_at" timestamp (3) with time zone NOT NULL,
	"scope" text NOT NULL,
	"day" date,
	"filter_action" text,
	"filter_outcome" "audit_outcome",
	"filter_high_risk" boolean DEFAULT false NOT NULL,
	"comment" text NOT NULL,
	"event_count" integer NOT NULL,
	CONSTRAINT "event_reviews_scope_check" CHECK ("scope" IN ('events', 'day'))
);
--> statement-breakpoint
CREATE INDEX "event_reviews_reviewed_at_idx" ON "event_reviews" USING btree ("reviewed_at");
--> statement-breakpoint
CREATE TABLE "event_review_items" (
	"event_id" bigint NOT NULL,
	"review_id" uuid NOT NULL REFERENCES "public"."event_reviews"("id"),
	CONSTRAINT "event_review_items_event_id_review_id_pk" PRIMARY KEY("event_id","review_id")
);
--> statement-breakpoint
CREATE INDEX "event_review_items_review_idx" ON "event_review_items" USING btree ("review_id");
--> statement-breakpoint
-- A review, once written, stands: like the audit log, rows can be added and read, never changed.
CREATE OR REPLACE FUNCTION event_reviews_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% rejected)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER event_reviews_no_update BEFORE UPDATE OR DELETE ON event_reviews
  FOR EACH ROW EXECUTE FUNCTION event_reviews_reject_change();
--> statement-breakpoint
CREATE TRIGGER event_reviews_no_truncate BEFORE TRUNCATE ON event_reviews
  FOR EACH STATEMENT EXECUTE FUNCTION event_reviews_reject_change();
--> statement-breakpoint
CREATE TRIGGER event_review_items_no_update BEFORE UPDATE OR DELETE ON event_review_items
  FOR EACH ROW EXECUTE FUNCTION event_reviews_reject_change();
--> statement-breakpoint
CREATE TRIGGER event_review_items_no_truncate BEFORE TRUNCATE ON event_review_items
  FOR EACH STATEMENT EXECUTE FUNCTION event_reviews_reject_change();
