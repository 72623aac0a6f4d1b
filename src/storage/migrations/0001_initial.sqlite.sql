-- inscrm schema version 1, SQLite dialect.
-- Keep in step with 0001_initial.postgresql.sql: the same tables, columns, constraint and index
-- names in the same order. Only id generation and integer type names differ (SQLite: INTEGER
-- PRIMARY KEY is the rowid; PostgreSQL: BIGINT identity). The adapter reads and writes both
-- through one statement set, so a column added here must be added there too.
--
-- Stored forms: dates INTEGER epoch days; instants INTEGER epoch microseconds (UTC); money
-- INTEGER minor units + TEXT ISO 4217 currency; enums their stable text names; booleans 0/1.
-- Optional references are NULL when absent; a reference the host never set is stored as 0.
-- Only payments reference their policy by FOREIGN KEY (the storage port checks that one); other
-- references are the facade's to check, as in the memory adapter.

CREATE TABLE org_units (
  id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  parent_id INTEGER,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX org_units_code_key ON org_units (code);

CREATE TABLE agents (
  id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  org_unit_id INTEGER NOT NULL,
  hired_on INTEGER,
  active INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX agents_code_key ON agents (code);
CREATE INDEX agents_org_unit_idx ON agents (org_unit_id);

CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  line TEXT NOT NULL,
  term TEXT NOT NULL,
  renewable INTEGER NOT NULL,
  free_look_days INTEGER NOT NULL,
  grace_days INTEGER NOT NULL,
  reinstatement_days INTEGER NOT NULL,
  term_years INTEGER NOT NULL,
  currency TEXT NOT NULL,
  active INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX products_code_key ON products (code);

-- phones, emails, addresses, relationships, needs: JSON arrays (storage/sql/customer_lists.hpp).
CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL,
  external_ref TEXT,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  gender TEXT NOT NULL,
  birth_date INTEGER,
  id_type TEXT,
  id_number TEXT,
  marital_status TEXT NOT NULL,
  occupation TEXT NOT NULL,
  industry TEXT NOT NULL,
  income_minor INTEGER,
  income_currency TEXT,
  region TEXT NOT NULL,
  phones TEXT NOT NULL,
  emails TEXT NOT NULL,
  addresses TEXT NOT NULL,
  relationships TEXT NOT NULL,
  needs TEXT NOT NULL,
  source TEXT NOT NULL,
  org_unit_id INTEGER NOT NULL,
  agent_id INTEGER,
  stage TEXT NOT NULL,
  stage_since INTEGER,
  verified_on INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX customers_external_ref_key ON customers (external_ref);
CREATE INDEX customers_id_number_idx ON customers (id_number);
CREATE INDEX customers_agent_idx ON customers (agent_id);

CREATE TABLE policies (
  id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL,
  external_ref TEXT,
  number TEXT NOT NULL,
  product_id INTEGER NOT NULL,
  holder_id INTEGER NOT NULL,
  agent_id INTEGER,
  org_unit_id INTEGER NOT NULL,
  sum_insured_minor INTEGER NOT NULL,
  sum_insured_currency TEXT NOT NULL,
  premium_minor INTEGER NOT NULL,
  premium_currency TEXT NOT NULL,
  frequency TEXT NOT NULL,
  premium_years INTEGER NOT NULL,
  application_date INTEGER NOT NULL,
  issue_date INTEGER,
  effective_date INTEGER,
  expiry_date INTEGER,
  term_start INTEGER,
  renewals INTEGER NOT NULL,
  status TEXT NOT NULL,
  status_since INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX policies_number_key ON policies (number);
CREATE UNIQUE INDEX policies_external_ref_key ON policies (external_ref);
CREATE INDEX policies_holder_idx ON policies (holder_id);
CREATE INDEX policies_status_idx ON policies (status);

CREATE TABLE policy_insured (
  policy_id INTEGER NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  customer_id INTEGER NOT NULL,
  PRIMARY KEY (policy_id, position)
);
CREATE INDEX policy_insured_customer_idx ON policy_insured (customer_id);

CREATE TABLE policy_beneficiaries (
  policy_id INTEGER NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  customer_id INTEGER NOT NULL,
  share_percent INTEGER NOT NULL,
  PRIMARY KEY (policy_id, position)
);
CREATE INDEX policy_beneficiaries_customer_idx ON policy_beneficiaries (customer_id);

-- One payment per instalment: the unique key is what makes recording a payment idempotent.
CREATE TABLE payments (
  id INTEGER PRIMARY KEY,
  policy_id INTEGER NOT NULL REFERENCES policies (id),
  due_date INTEGER NOT NULL,
  paid_on INTEGER NOT NULL,
  amount_minor INTEGER NOT NULL,
  currency TEXT NOT NULL,
  policy_year INTEGER NOT NULL,
  channel TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  CONSTRAINT payments_policy_due_date_key UNIQUE (policy_id, due_date)
);

-- Append-only lifecycle history (architecture.md "History").
CREATE TABLE policy_transitions (
  id INTEGER PRIMARY KEY,
  policy_id INTEGER NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  event TEXT NOT NULL,
  effective_on INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX policy_transitions_policy_idx ON policy_transitions (policy_id, id);

-- Domain events awaiting delivery; acknowledged ones are deleted. AUTOINCREMENT so that an id is
-- never handed out twice even after every row has been acknowledged and deleted: consumers keep
-- "the last id seen" as their cursor.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  payload TEXT NOT NULL,
  actor TEXT NOT NULL,
  occurred_at INTEGER NOT NULL
);
