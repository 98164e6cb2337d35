-- The customer page reads the newest approval request of a kind for its customer (the emergency-code
-- status beside the request form): without this every customer view read the whole table.
CREATE INDEX "approval_requests_customer_kind_idx" ON "approval_requests" USING btree ("customer_id","kind","created_at");