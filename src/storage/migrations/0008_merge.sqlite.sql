-- inscrm schema version 8, SQLite dialect: merges of duplicate customers (domain.md C13;
-- storage/merge_records.hpp). Keep in step with 0008_merge.postgresql.sql.
--
-- customers.merged_into: the survivor a merged-away record was merged into (NULL for a customer of
-- its own); lists and lookups leave such records out.
ALTER TABLE customers ADD COLUMN merged_into INTEGER;
CREATE INDEX customers_merged_into_idx ON customers (merged_into);

-- The merge history. taken_fields: the field names the survivor took from the merged-away record,
-- comma-separated; moved: the exact rows that moved, "table:id,id;table:id" (storage/sql/
-- sql_merge_records.cpp); survivor_before: the survivor as it was, packed and — in an encrypted
-- database — sealed under its own data key before_key. Both are NULL once either customer is erased.
CREATE TABLE customer_merges (
  id INTEGER PRIMARY KEY,
  survivor_id INTEGER NOT NULL,
  merged_away_id INTEGER NOT NULL,
  rule TEXT NOT NULL,
  taken_fields TEXT NOT NULL,
  moved TEXT NOT NULL,
  actor TEXT NOT NULL,
  merged_at INTEGER NOT NULL,
  undone_at INTEGER,
  undone_by TEXT NOT NULL,
  before_key TEXT,
  survivor_before TEXT
);
CREATE INDEX customer_merges_survivor_idx ON customer_merges (survivor_id, id);
CREATE INDEX customer_merges_merged_away_idx ON customer_merges (merged_away_id, id);
