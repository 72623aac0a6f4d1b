-- inscrm schema, PostgreSQL dialect: the loyalty facts of customer_facts (migration 0003), and no merged-away
-- customers in it.
-- 0003 was written before the loyalty programme (0004) and left points = 0 and tier = 'standard'
-- for everyone, so a pushed-down rule on `points` or `tier` could never match. They now come from
-- the customer's loyalty account: its balance and tier code, as they stand (an account's state is
-- current, not dated: the same as the columnar Portfolio, analytics/loyalty_facts.hpp). A customer
-- without an account, or whose account has no tier yet, is 0 and 'standard' as before.
-- A customer merged into another (0008) is no longer a customer of its own: left out, as lists
-- and the columnar portfolio leave it out. The rest of the view is 0003's, unchanged.
DROP VIEW customer_facts;

CREATE VIEW customer_facts AS
WITH
as_of_day AS (SELECT inscrm_as_of() AS d, (inscrm_as_of() + 1) * 86400000000 AS end_us),
held AS (
  SELECT holder_id AS customer_id,
         MIN(CASE WHEN status NOT IN ('quoted', 'applied', 'underwriting', 'declined')
                  THEN COALESCE(effective_date, issue_date, application_date) END) AS first_policy,
         SUM(CASE WHEN status IN ('in_force', 'grace_period', 'reinstated', 'renewed') THEN 1 ELSE 0 END) AS in_force,
         SUM(CASE WHEN status IN ('in_force', 'grace_period', 'reinstated', 'renewed') AND premium_currency = 'CNY'
                  THEN premium_minor * (CASE frequency WHEN 'annual' THEN 1 WHEN 'semi_annual' THEN 2
                                                       WHEN 'quarterly' THEN 4 WHEN 'monthly' THEN 12 ELSE 0 END)
                  ELSE 0 END) AS annual_premium,
         bool_or(status = 'lapsed') AS has_lapsed
  FROM policies
  GROUP BY holder_id),
paid AS (
  SELECT p.holder_id AS customer_id,
         SUM(CASE WHEN y.currency = 'CNY' THEN y.amount_minor ELSE 0 END) AS total,
         MAX(y.paid_on) AS last_paid_on
  FROM payments y JOIN policies p ON p.id = y.policy_id
  WHERE y.paid_on <= (SELECT d FROM as_of_day)
  GROUP BY p.holder_id),
held_products AS (
  SELECT holder_id AS customer_id, '|' || string_agg(code, '|') || '|' AS codes
  FROM (SELECT DISTINCT p.holder_id, pr.code FROM policies p JOIN products pr ON pr.id = p.product_id
        WHERE p.status IN ('in_force', 'grace_period', 'reinstated', 'renewed')) AS held_distinct
  GROUP BY holder_id),
held_lines AS (
  SELECT holder_id AS customer_id, '|' || string_agg(line, '|') || '|' AS lines
  FROM (SELECT DISTINCT p.holder_id, pr.line FROM policies p JOIN products pr ON pr.id = p.product_id
        WHERE p.status IN ('in_force', 'grace_period', 'reinstated', 'renewed')) AS held_distinct
  GROUP BY holder_id),
open_complaints AS (
  SELECT customer_id, COUNT(*) AS n
  FROM complaints
  WHERE received_at < (SELECT end_us FROM as_of_day)
    AND (closed_at IS NULL OR closed_at >= (SELECT end_us FROM as_of_day))
  GROUP BY customer_id),
latest_nps AS (
  SELECT customer_id, score
  FROM (SELECT customer_id, score,
               ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY answered_on DESC, id DESC) AS recency
        FROM survey_responses
        WHERE kind = 'nps' AND answered_on <= (SELECT d FROM as_of_day)) AS ranked
  WHERE recency = 1),
contact AS (
  SELECT customer_id, MAX(started_at) AS last_us
  FROM interactions
  WHERE started_at < (SELECT end_us FROM as_of_day)
  GROUP BY customer_id)
SELECT
  c.id AS customer_id,
  CASE WHEN c.birth_date <= as_of_day.d THEN
    CAST(EXTRACT(YEAR FROM DATE '1970-01-01' + as_of_day.d) - EXTRACT(YEAR FROM DATE '1970-01-01' + c.birth_date)
      - CASE WHEN EXTRACT(MONTH FROM DATE '1970-01-01' + as_of_day.d) * 100 + EXTRACT(DAY FROM DATE '1970-01-01' + as_of_day.d)
                < EXTRACT(MONTH FROM DATE '1970-01-01' + c.birth_date) * 100 + EXTRACT(DAY FROM DATE '1970-01-01' + c.birth_date)
             THEN 1 ELSE 0 END AS BIGINT)
  END AS age,
  c.gender AS gender,
  NULLIF(c.region, '') AS region,
  CASE WHEN c.region ~ '^[0-9][0-9]' THEN substr(c.region, 1, 2) || '0000' END AS province,
  CASE WHEN c.income_currency = 'CNY' THEN c.income_minor END AS annual_income,
  CASE WHEN h.first_policy > as_of_day.d THEN CAST(0 AS BIGINT)
       WHEN h.first_policy IS NOT NULL THEN
    CAST(EXTRACT(YEAR FROM DATE '1970-01-01' + as_of_day.d) - EXTRACT(YEAR FROM DATE '1970-01-01' + h.first_policy)
      - CASE WHEN EXTRACT(MONTH FROM DATE '1970-01-01' + as_of_day.d) * 100 + EXTRACT(DAY FROM DATE '1970-01-01' + as_of_day.d)
                < EXTRACT(MONTH FROM DATE '1970-01-01' + h.first_policy) * 100 + EXTRACT(DAY FROM DATE '1970-01-01' + h.first_policy)
             THEN 1 ELSE 0 END AS BIGINT)
  END AS tenure_years,
  CAST(COALESCE(h.in_force, 0) AS BIGINT) AS policies_in_force,
  COALESCE(hp.codes, '|') AS products_held,
  COALESCE(hl.lines, '|') AS lines_held,
  CAST(COALESCE(h.annual_premium, 0) AS BIGINT) AS annual_premium,
  CAST(COALESCE(y.total, 0) AS BIGINT) AS total_premium_paid,
  CAST(as_of_day.d - y.last_paid_on AS BIGINT) AS days_since_last_payment,
  c.stage AS stage,
  c.source AS source,
  CASE WHEN c.org_unit_id > 0 THEN c.org_unit_id END AS org_unit,
  CASE WHEN c.agent_id > 0 THEN c.agent_id END AS agent,
  COALESCE(h.has_lapsed, false) AS has_lapsed_policy,
  CAST(COALESCE(oc.n, 0) AS BIGINT) AS open_complaints,
  CAST(n.score AS BIGINT) AS nps,
  CAST(COALESCE(la.balance, 0) AS BIGINT) AS points,
  CAST(COALESCE(NULLIF(la.tier, ''), 'standard') AS TEXT) AS tier,
  CAST(CASE WHEN ct.last_us >= 0 THEN ct.last_us / 86400000000
            ELSE -((-ct.last_us - 1) / 86400000000) - 1 END AS INTEGER) AS last_contact,
  CAST(NULL AS BIGINT) AS value_tier
FROM customers c
CROSS JOIN as_of_day
LEFT JOIN held h ON h.customer_id = c.id
LEFT JOIN paid y ON y.customer_id = c.id
LEFT JOIN held_products hp ON hp.customer_id = c.id
LEFT JOIN held_lines hl ON hl.customer_id = c.id
LEFT JOIN open_complaints oc ON oc.customer_id = c.id
LEFT JOIN latest_nps n ON n.customer_id = c.id
LEFT JOIN contact ct ON ct.customer_id = c.id
LEFT JOIN loyalty_accounts la ON la.customer_id = c.id
WHERE c.merged_into IS NULL;
