-- inscrm schema version 2, SQLite dialect: service and complaints (storage/service_records.hpp).
-- Keep in step with 0002_service.postgresql.sql: the same tables, columns, constraint and index
-- names in the same order; only id generation and integer type names differ. The row structs are
-- in src/storage/sql/service_rows.hpp.
--
-- Stored forms as in 0001: dates INTEGER epoch days; instants INTEGER epoch microseconds (UTC);
-- money INTEGER minor units + TEXT currency; enums their stable text names; durations INTEGER
-- seconds. Nested data is JSON text (storage/sql/service_lists.hpp): SLA pauses, a claim's
-- checklist and documents, a service request's payload. An SLA clock's other instants are columns
-- of their own, so the SLA watchdog can select in SQL.
-- References to customers, policies, agents and org units are the facade's to check, as in 0001;
-- the histories reference their parent by FOREIGN KEY, which the storage port checks (NotFound).
-- Indexes serve the port's queries, which page by id: (filter, id) where a filter is an equality.

-- The interaction log: append-only.
CREATE TABLE interactions (
  id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL,
  external_ref TEXT,
  customer_id INTEGER NOT NULL,
  channel TEXT NOT NULL,
  direction TEXT NOT NULL,
  purpose TEXT NOT NULL,
  agent_id INTEGER,
  org_unit_id INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  duration_s INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  visit_kind TEXT,
  notes TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX interactions_external_ref_key ON interactions (external_ref);
CREATE INDEX interactions_customer_idx ON interactions (customer_id, id);
CREATE INDEX interactions_agent_idx ON interactions (agent_id, id);
CREATE INDEX interactions_started_at_idx ON interactions (started_at);

CREATE TABLE complaints (
  id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL,
  external_ref TEXT,
  customer_id INTEGER NOT NULL,
  policy_id INTEGER,
  channel TEXT NOT NULL,
  matter TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  category TEXT NOT NULL,
  subcategory TEXT NOT NULL,
  severity TEXT NOT NULL,
  status TEXT NOT NULL,
  department TEXT NOT NULL,
  assignee TEXT NOT NULL,
  root_cause TEXT,
  resolution TEXT NOT NULL,
  customer_satisfaction INTEGER,
  reopen_count INTEGER NOT NULL,
  escalation_level INTEGER NOT NULL,
  sla_started_at INTEGER NOT NULL,
  sla_pauses TEXT NOT NULL,
  sla_acknowledged_at INTEGER,
  sla_resolved_at INTEGER,
  sla_breached_ack_at INTEGER,
  sla_breached_resolve_at INTEGER,
  org_unit_id INTEGER NOT NULL,
  agent_id INTEGER,
  closed_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX complaints_external_ref_key ON complaints (external_ref);
CREATE INDEX complaints_customer_idx ON complaints (customer_id, id);
CREATE INDEX complaints_status_idx ON complaints (status, id);
CREATE INDEX complaints_department_idx ON complaints (department, assignee, id);
CREATE INDEX complaints_assignee_idx ON complaints (assignee, id);
CREATE INDEX complaints_received_at_idx ON complaints (received_at);

-- A complaint's append-only history.
CREATE TABLE complaint_steps (
  id INTEGER PRIMARY KEY,
  complaint_id INTEGER NOT NULL REFERENCES complaints (id),
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  event TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  note TEXT NOT NULL
);
CREATE INDEX complaint_steps_complaint_idx ON complaint_steps (complaint_id, id);

-- required_documents: a JSON array of names; documents: JSON objects as received.
CREATE TABLE claims (
  id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL,
  external_ref TEXT,
  number TEXT NOT NULL,
  policy_id INTEGER NOT NULL,
  claimant_id INTEGER NOT NULL,
  type TEXT NOT NULL,
  incident_date INTEGER NOT NULL,
  reported_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  status_since INTEGER NOT NULL,
  claimed_minor INTEGER NOT NULL,
  claimed_currency TEXT NOT NULL,
  approved_minor INTEGER,
  approved_currency TEXT,
  paid_minor INTEGER,
  paid_currency TEXT,
  paid_on INTEGER,
  required_documents TEXT NOT NULL,
  documents TEXT NOT NULL,
  decline_reason TEXT NOT NULL,
  reopen_count INTEGER NOT NULL,
  org_unit_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX claims_number_key ON claims (number);
CREATE UNIQUE INDEX claims_external_ref_key ON claims (external_ref);
CREATE INDEX claims_policy_idx ON claims (policy_id, id);
CREATE INDEX claims_claimant_idx ON claims (claimant_id, id);
CREATE INDEX claims_status_idx ON claims (status, id);

-- A claim's append-only history.
CREATE TABLE claim_transitions (
  id INTEGER PRIMARY KEY,
  claim_id INTEGER NOT NULL REFERENCES claims (id),
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  event TEXT NOT NULL,
  effective_on INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX claim_transitions_claim_idx ON claim_transitions (claim_id, id);

-- payload: JSON, {} when the kind carries none.
CREATE TABLE service_requests (
  id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL,
  external_ref TEXT,
  kind TEXT NOT NULL,
  customer_id INTEGER NOT NULL,
  policy_id INTEGER,
  channel TEXT NOT NULL,
  payload TEXT NOT NULL,
  amount_minor INTEGER,
  amount_currency TEXT,
  status TEXT NOT NULL,
  assignee TEXT NOT NULL,
  requested_at INTEGER NOT NULL,
  completed_at INTEGER,
  result TEXT NOT NULL,
  sla_started_at INTEGER NOT NULL,
  sla_pauses TEXT NOT NULL,
  sla_acknowledged_at INTEGER,
  sla_resolved_at INTEGER,
  sla_breached_ack_at INTEGER,
  sla_breached_resolve_at INTEGER,
  org_unit_id INTEGER NOT NULL,
  agent_id INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX service_requests_external_ref_key ON service_requests (external_ref);
CREATE INDEX service_requests_customer_idx ON service_requests (customer_id, id);
CREATE INDEX service_requests_policy_idx ON service_requests (policy_id, id);
CREATE INDEX service_requests_status_idx ON service_requests (status, id);

-- A service request's append-only history.
CREATE TABLE service_request_steps (
  id INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES service_requests (id),
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  event TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  note TEXT NOT NULL
);
CREATE INDEX service_request_steps_request_idx ON service_request_steps (request_id, id);

-- Survey answers: append-only.
CREATE TABLE survey_responses (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  dimension TEXT NOT NULL,
  score INTEGER NOT NULL,
  channel TEXT NOT NULL,
  answered_on INTEGER NOT NULL,
  comment TEXT NOT NULL,
  complaint_id INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX survey_responses_customer_idx ON survey_responses (customer_id, id);
CREATE INDEX survey_responses_kind_idx ON survey_responses (kind, answered_on);
CREATE INDEX survey_responses_answered_on_idx ON survey_responses (answered_on);
