/* KPIs (domain.md C11) for the whole company and for a set of customers (a segment's members);
 * the typed errors; NULL handles. */
#include "check.h"
#include "fixture.h"

#include <stddef.h>
#include <string.h>

/* A pointer that is not NULL, to see that out-parameters are reset on failure. */
#define STALE(type) ((type*)(void*)&stale)

static int64_t customer_from(inscrm_db* db, const char* name, const char* source, int64_t org_unit) {
  inscrm_customer_input c = INSCRM_CUSTOMER_INPUT_INIT;
  c.name = name;
  c.source = source;
  c.org_unit = org_unit;
  int64_t id = 0;
  CHECK_OK(inscrm_customer_create(db, &clerk, &c, &id));
  return id;
}

static void answer(inscrm_db* db, int64_t customer, const char* kind, int score) {
  inscrm_survey_input in = INSCRM_SURVEY_INPUT_INIT;
  in.customer = customer;
  in.kind = kind;
  in.score = score;
  CHECK_OK(inscrm_survey_record(db, &clerk, &in, NULL));
}

static int rate_is(const double* rate, double expected) { return rate != NULL && *rate == expected; }

void test_kpis(void) {
  inscrm_db* db = open_memory("2024-03-01");
  const int64_t branch = make_branch(db);
  make_product(db);
  /* Both take out their first policy today; 张伟 came by an agent's referral. */
  const int64_t wei = customer_from(db, "张伟", "agent_referral", branch);
  const int64_t fang = customer_from(db, "王芳", "internet", branch);
  issue_policy(db, wei);
  issue_policy(db, fang);

  inscrm_complaint_input complaint = INSCRM_COMPLAINT_INPUT_INIT;
  complaint.customer = wei;
  complaint.matter = "slow claim";
  complaint.subcategory = "delay";
  CHECK_OK(inscrm_complaint_receive(db, &clerk, &complaint, NULL));

  /* NPS: 张伟 promotes twice, 王芳 is a passive and a detractor: 50 % − 25 % = 25.
   * Satisfaction: service 5 (张伟) and 2 (王芳), mean 3.5. */
  answer(db, wei, "nps", 10);
  answer(db, wei, "nps", 9);
  answer(db, fang, "nps", 7);
  answer(db, fang, "nps", 3);
  answer(db, wei, "service", 5);
  answer(db, fang, "service", 2);

  inscrm_kpi_query q = INSCRM_KPI_QUERY_INIT;
  q.from = "2024-02-01";
  q.to = "2024-03-02";
  inscrm_kpis* k = NULL;
  CHECK_OK(inscrm_kpis_compute(db, &clerk, &q, &k));
  CHECK(k != NULL);
  if (k) {
    CHECK_STR(k->from, "2024-02-01");
    CHECK_STR(k->to, "2024-03-02");
    CHECK(k->referral.eligible == 2 && k->referral.achieved == 1 && rate_is(k->referral.rate, 0.5));
    /* Nothing fell due yet and nobody held a policy at the start: no renewal, persistency, churn. */
    CHECK(k->renewal.eligible == 0 && k->renewal.rate == NULL);
    CHECK(k->persistency_13th_month.eligible == 0 && k->persistency_13th_month.rate == NULL);
    CHECK(k->persistency_25th_month.eligible == 0 && k->persistency_25th_month.rate == NULL);
    CHECK(k->churn.eligible == 0 && k->churn.achieved == 0 && k->churn.rate == NULL);
    CHECK(k->nps_responses == 4 && k->nps_promoters == 2 && k->nps_passives == 1 && k->nps_detractors == 1 &&
          k->nps_score == 25.0);
    CHECK(k->satisfaction_responses == 2 && rate_is(k->satisfaction, 3.5));
    CHECK(k->complaints == 1 && k->policies_in_force == 2 && rate_is(k->complaints_per_10000_policies, 5000.0));
    CHECK(k->mean_minutes_to_resolve == NULL);  /* nothing resolved yet */
    CHECK(k->tier_count == 1 && k->tiers != NULL);
    if (k->tier_count == 1) {
      CHECK_STR(k->tiers[0].name, "standard");
      CHECK(k->tiers[0].count == 2);
    }
  }
  inscrm_kpis_free(&k);
  CHECK(k == NULL);

  /* Restricted to a segment's members: the customers a rule selects, handed on as they come. */
  inscrm_id_array* internet = NULL;
  CHECK_OK(inscrm_segment_evaluate(db, &clerk, "source = 'internet'", "2024-03-01", &internet));
  CHECK(internet != NULL && internet->count == 1 && internet->ids != NULL && internet->ids[0] == fang);
  q.restrict_to_customers = 1;
  q.customers = internet ? internet->ids : NULL;
  q.customer_count = internet ? internet->count : 0;
  CHECK_OK(inscrm_kpis_compute(db, &clerk, &q, &k));
  CHECK(k != NULL);
  if (k) {
    CHECK(k->referral.eligible == 1 && k->referral.achieved == 0 && rate_is(k->referral.rate, 0.0));
    CHECK(k->nps_responses == 2 && k->nps_promoters == 0 && k->nps_detractors == 1 && k->nps_score == -50.0);
    CHECK(k->satisfaction_responses == 1 && rate_is(k->satisfaction, 2.0));
    CHECK(k->complaints == 0 && k->policies_in_force == 1);
    CHECK(k->tier_count == 1 && k->tiers != NULL && k->tiers[0].count == 1);
  }
  inscrm_kpis_free(&k);
  inscrm_id_array_free(&internet);

  /* An empty set selects no one; it does not widen to the whole company. */
  q.customers = NULL;
  q.customer_count = 0;
  CHECK_OK(inscrm_kpis_compute(db, &clerk, &q, &k));
  CHECK(k != NULL && k->policies_in_force == 0 && k->complaints == 0 && k->nps_responses == 0 &&
        k->referral.eligible == 0 && k->tier_count == 0 && k->tiers == NULL);
  inscrm_kpis_free(&k);

  /* Typed errors. */
  int stale = 0;
  k = STALE(inscrm_kpis);
  q.customer_count = 2;
  CHECK_ERROR(inscrm_kpis_compute(db, &clerk, &q, &k), INSCRM_INVALID_ARGUMENT, "customers");
  CHECK(k == NULL);
  q.restrict_to_customers = 0;  /* not restricted: the array is not looked at */
  q.customer_count = 0;
  q.org_unit = 9999;
  CHECK_ERROR(inscrm_kpis_compute(db, &clerk, &q, &k), INSCRM_NOT_FOUND, "org_unit");
  q.org_unit = 0;
  q.agent = 9999;
  CHECK_ERROR(inscrm_kpis_compute(db, &clerk, &q, &k), INSCRM_NOT_FOUND, "agent");
  q.agent = 0;
  q.to = "2024-01-01";
  CHECK_ERROR(inscrm_kpis_compute(db, &clerk, &q, &k), INSCRM_INVALID_ARGUMENT, "to");
  q.to = "2024-02-30";
  CHECK_ERROR(inscrm_kpis_compute(db, &clerk, &q, &k), INSCRM_INVALID_ARGUMENT, "to");
  q.to = NULL;
  CHECK_NULL_ARG(inscrm_kpis_compute(db, &clerk, &q, &k), "to");
  q.to = "2024-03-02";
  q.from = NULL;
  CHECK_NULL_ARG(inscrm_kpis_compute(db, &clerk, &q, &k), "from");
  q.from = "2024-02-01";
  q.version = 0;
  CHECK_ERROR(inscrm_kpis_compute(db, &clerk, &q, &k), INSCRM_INVALID_ARGUMENT, "query.version");
  q.version = INSCRM_KPI_QUERY_VERSION;
  CHECK_NULL_ARG(inscrm_kpis_compute(db, &clerk, NULL, &k), "query");
  CHECK_NULL_ARG(inscrm_kpis_compute(db, &clerk, &q, NULL), "out");
  CHECK_NULL_ARG(inscrm_kpis_compute(db, NULL, &q, &k), "actor");
  CHECK(k == NULL);

  /* The branch is a scope of its own: the complaint was received there. */
  q.org_unit = branch;
  CHECK_OK(inscrm_kpis_compute(db, &clerk, &q, &k));
  CHECK(k != NULL && k->complaints == 1);
  inscrm_kpis_free(&k);
  inscrm_close(&db);

  /* NULL handle, free functions, _init. */
  k = STALE(inscrm_kpis);
  CHECK_NULL_ARG(inscrm_kpis_compute(NULL, &clerk, &q, &k), "db");
  CHECK(k == NULL);
  inscrm_kpis_free(NULL);
  inscrm_kpis_free(&k);

  static const inscrm_kpi_query expected = INSCRM_KPI_QUERY_INIT;
  inscrm_kpi_query got;
  memset(&got, 0x5a, sizeof got);
  CHECK_OK(inscrm_kpi_query_init(&got, INSCRM_KPI_QUERY_VERSION));
  CHECK(got.version == INSCRM_KPI_QUERY_VERSION);
  CHECK(memcmp(&got, &expected, sizeof got) == 0);
  CHECK_ERROR(inscrm_kpi_query_init(&got, 0), INSCRM_INVALID_ARGUMENT, "version");
  CHECK_ERROR(inscrm_kpi_query_init(&got, INSCRM_KPI_QUERY_VERSION + 1), INSCRM_INVALID_ARGUMENT, "version");
  CHECK_NULL_ARG(inscrm_kpi_query_init(NULL, INSCRM_KPI_QUERY_VERSION), "query");
}
