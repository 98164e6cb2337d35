-- Partial name search (issue 3): trigram GIN indexes on the folded kana key and on the kanji
-- name without spaces. PGlite loads pg_trgm from its contrib bundle (db/client.ts); PostgreSQL ships it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS customers_name_search_trgm ON customers USING gin (name_search gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS customers_name_kanji_trgm ON customers USING gin ((translate(name_kanji, ' 　・', '')) gin_trgm_ops);
