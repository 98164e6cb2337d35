-- An export with the seal column looks up each event's sequence number in audit_chain. With the
-- number in the index beside the event id, each lookup is answered from the index alone: a month of
-- ten million events exports about twice as fast as when every lookup also read the table row
-- (or, as the planner preferred, hashed the whole chain).
CREATE INDEX "audit_chain_event_seq_idx" ON "audit_chain" USING btree ("event_id") INCLUDE ("seq");
