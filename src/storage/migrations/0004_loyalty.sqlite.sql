-- inscrm schema, SQLite dialect: the loyalty programme (domain.md C7) — the points ledger, the account
-- per customer and the versioned earning rules (storage/loyalty_records.hpp). Keep in step with
-- 0004_loyalty.postgresql.sql: the same tables, columns and index names in the same order.

-- The points ledger: append-only. Dates are days since 1970-01-01, instants microseconds.
CREATE TABLE loyalty_points (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  points INTEGER NOT NULL,
  on_day INTEGER NOT NULL,
  expires_on INTEGER,
  idempotency_key TEXT NOT NULL,
  rule_id INTEGER,
  rule_version INTEGER NOT NULL,
  source TEXT NOT NULL,
  policy_id INTEGER,
  reverses_id INTEGER,
  note TEXT NOT NULL,
  actor TEXT NOT NULL,
  recorded_at INTEGER NOT NULL
);
-- A replayed event never pays twice: one entry per (customer, idempotency key).
CREATE UNIQUE INDEX loyalty_points_key ON loyalty_points (customer_id, idempotency_key);
CREATE INDEX loyalty_points_customer_idx ON loyalty_points (customer_id, id);
CREATE INDEX loyalty_points_policy_idx ON loyalty_points (policy_id);
CREATE INDEX loyalty_points_expiry_idx ON loyalty_points (expires_on);
CREATE INDEX loyalty_points_kind_idx ON loyalty_points (customer_id, kind, on_day);

-- One account per customer: the cached balance and the tier state.
CREATE TABLE loyalty_accounts (
  customer_id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL,
  balance INTEGER NOT NULL,
  tier TEXT NOT NULL,
  tier_since INTEGER NOT NULL,
  grace_until INTEGER,
  updated_at INTEGER NOT NULL
);

-- Earning rules: one row per (rule, version); the latest version is the one in force.
CREATE TABLE loyalty_rules (
  id INTEGER NOT NULL,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  event TEXT NOT NULL,
  condition_text TEXT NOT NULL,
  fixed_points INTEGER NOT NULL,
  points_per_unit INTEGER NOT NULL,
  unit_minor INTEGER NOT NULL,
  valid_from INTEGER NOT NULL,
  valid_to INTEGER,
  expiry_months INTEGER NOT NULL,
  active INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (id, version)
);
CREATE INDEX loyalty_rules_name_idx ON loyalty_rules (name);
