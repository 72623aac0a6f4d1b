-- inscrm schema version 4, SQLite dialect: the audit chain (security/audit.hpp,
-- storage/audit_records.hpp). Keep in step with 0005_audit.postgresql.sql.
--
-- Append-only: seq is assigned by the facade (head + 1) and is the key, so two writers that both
-- read the same head cannot both append; hash covers the row and prev_hash (BLAKE2b-256, hex).
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  digest TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
