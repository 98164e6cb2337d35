-- Audit events stop carrying their chain position: a request's transaction only inserts its event
-- (no lock, no read of the last hash) and the sequencer appends the hash chain to audit_chain.
-- Existing events keep their ids (id = old seq) and their hashes: each becomes a chain row with
-- seq = event_id = old seq and the same prev_hash/hash, which the same hash format verifies.
ALTER TABLE "audit_events" RENAME COLUMN "seq" TO "id";
--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "id" ADD GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);
--> statement-breakpoint
SELECT setval('audit_events_id_seq', coalesce(max("id"), 0) + 1, false) FROM "audit_events";
--> statement-breakpoint
-- Existing rows all get this migration's transaction id, so their (xid, id) order is their old order.
ALTER TABLE "audit_events" ADD COLUMN "xid" xid8 DEFAULT pg_current_xact_id() NOT NULL;
--> statement-breakpoint
CREATE INDEX "audit_events_xid_idx" ON "audit_events" USING btree ("xid","id");
--> statement-breakpoint
CREATE TABLE "audit_chain" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"event_id" bigint NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	"sealed_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "audit_chain_event_id_unique" UNIQUE("event_id")
);
--> statement-breakpoint
INSERT INTO "audit_chain" ("seq", "event_id", "prev_hash", "hash", "sealed_at")
  SELECT "id", "id", "prev_hash", "hash", "occurred_at" FROM "audit_events";
--> statement-breakpoint
-- Dropping columns is not an UPDATE: the append-only triggers stay in place.
ALTER TABLE "audit_events" DROP COLUMN "prev_hash";
--> statement-breakpoint
ALTER TABLE "audit_events" DROP COLUMN "hash";
--> statement-breakpoint
-- The chain is append-only like the events: rows can be inserted and read, never changed or removed.
CREATE OR REPLACE FUNCTION audit_chain_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_chain is append-only (% rejected)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE OR DELETE ON audit_chain
  FOR EACH ROW EXECUTE FUNCTION audit_chain_reject_change();
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
  FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_reject_change();
