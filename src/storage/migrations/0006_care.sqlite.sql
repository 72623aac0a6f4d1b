-- inscrm schema, SQLite dialect: consent, the care calendar and campaigns (domain.md C7, C12;
-- storage/care_records.hpp). Keep in step with 0006_care.postgresql.sql: the same tables, columns
-- and index names in the same order; only the date expressions of the indexes differ, and they
-- must match the text of the queries in sql_care_records.cpp exactly or the planner ignores them.

-- Consent: append-only records, and the one in force per (customer, purpose, channel), kept by
-- the adapter on every append so that the check is one index probe per customer.
CREATE TABLE consents (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  purpose TEXT NOT NULL,
  channel TEXT NOT NULL,
  granted INTEGER NOT NULL,
  at_time INTEGER NOT NULL,
  source TEXT NOT NULL,
  actor TEXT NOT NULL,
  recorded_at INTEGER NOT NULL
);
CREATE INDEX consents_customer_idx ON consents (customer_id, id);
CREATE TABLE consent_state (
  customer_id INTEGER NOT NULL,
  purpose TEXT NOT NULL,
  channel TEXT NOT NULL,
  consent_id INTEGER NOT NULL,
  granted INTEGER NOT NULL,
  PRIMARY KEY (customer_id, purpose, channel)
);

-- Care tasks: one per occasion (task_key), however often the calendar runs.
CREATE TABLE care_tasks (
  id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL,
  kind TEXT NOT NULL,
  customer_id INTEGER NOT NULL,
  agent_id INTEGER,
  channel TEXT NOT NULL,
  due INTEGER NOT NULL,
  about INTEGER NOT NULL,
  policy_id INTEGER,
  subject INTEGER NOT NULL,
  task_key TEXT NOT NULL,
  holiday TEXT NOT NULL,
  status TEXT NOT NULL,
  done_on INTEGER,
  outcome TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX care_tasks_key ON care_tasks (task_key);
CREATE INDEX care_tasks_due_idx ON care_tasks (due, id);
CREATE INDEX care_tasks_agent_idx ON care_tasks (agent_id, id);
CREATE INDEX care_tasks_customer_idx ON care_tasks (customer_id, id);

-- What the calendar asks for a day, answered from indexes: birthdays and anniversaries by month
-- and day, instalments by day of the month of the effective date, terms ending, new policies,
-- claims settled, complaints closed.
CREATE INDEX customers_birth_month_day_idx ON customers ((CAST(strftime('%m%d', birth_date * 86400, 'unixepoch') AS INTEGER)));
CREATE INDEX policies_effective_month_day_idx ON policies ((CAST(strftime('%m%d', effective_date * 86400, 'unixepoch') AS INTEGER)));
CREATE INDEX policies_effective_day_idx ON policies ((CAST(strftime('%d', effective_date * 86400, 'unixepoch') AS INTEGER)));
CREATE INDEX policies_expiry_idx ON policies (expiry_date);
CREATE INDEX policies_issue_idx ON policies (issue_date);
CREATE INDEX claims_status_since_idx ON claims (status_since);
CREATE INDEX complaints_closed_at_idx ON complaints (closed_at);

-- Campaigns and their members.
CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  objective TEXT NOT NULL,
  target_rule TEXT NOT NULL,
  channel TEXT NOT NULL,
  starts_on INTEGER NOT NULL,
  ends_on INTEGER NOT NULL,
  budget_minor INTEGER NOT NULL,
  budget_currency TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX campaigns_name_key ON campaigns (name);
CREATE TABLE campaign_members (
  campaign_id INTEGER NOT NULL,
  customer_id INTEGER NOT NULL,
  added_on INTEGER NOT NULL,
  contacted_on INTEGER,
  responded_on INTEGER,
  converted_on INTEGER,
  PRIMARY KEY (campaign_id, customer_id)
);
