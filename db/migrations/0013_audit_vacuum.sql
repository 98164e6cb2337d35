-- audit_events only ever grows. PostgreSQL vacuums such a table after inserts of 20 % of its size,
-- so at ten million events the newest two million pages are not marked all-visible, and the
-- explorer's counts over recent days — the ones auditors ask for most — read a table row per match
-- instead of answering from the index. After 1 % (and at least 1,000 rows) the insert vacuum runs
-- often and stays small: it has only the new pages to visit.
ALTER TABLE "audit_events" SET (autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_vacuum_insert_threshold = 1000);
