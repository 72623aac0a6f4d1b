/* Consent, the care calendar and campaigns (domain.md C7, C12) through the C ABI: consent recorded
 * and withdrawn, a care run that produces its follow-up call once, task completion, and a campaign
 * whose members need marketing consent, with its figures; typed errors. */
#include "check.h"
#include "fixture.h"

#include <stddef.h>
#include <string.h>

void test_care(void) {
  inscrm_db* db = open_memory("2026-12-06");
  make_product(db);
  const int64_t wei = make_named(db, "张伟");
  const int64_t fang = make_named(db, "王芳");
  const int64_t policy = issue_policy(db, wei); /* issued today: its follow-up call is due tomorrow */
  CHECK(policy > 0);

  int64_t consent = 0;
  CHECK_OK(inscrm_consent_record(db, &clerk, wei, "care", "call_centre", 1, "signed form", &consent));
  CHECK(consent > 0);
  CHECK(inscrm_consent_record(db, &clerk, wei, "care", "pigeon", 1, "form", NULL) == INSCRM_INVALID_ARGUMENT);
  CHECK_STR(inscrm_last_error_field(), "channel");
  CHECK(inscrm_consent_record(db, &clerk, wei, "care", "sms", 1, NULL, NULL) == INSCRM_INVALID_ARGUMENT);
  CHECK_STR(inscrm_last_error_field(), "source");
  CHECK(inscrm_consent_record(db, &clerk, 999, "care", "sms", 1, "form", NULL) == INSCRM_NOT_FOUND);
  int allowed = -1;
  CHECK_OK(inscrm_consent_allows(db, &clerk, wei, "care", "call_centre", &allowed));
  CHECK(allowed == 1);
  CHECK_OK(inscrm_consent_allows(db, &clerk, fang, "care", "call_centre", &allowed));
  CHECK(allowed == 0);

  inscrm_care_run_report run;
  CHECK_OK(inscrm_care_run(db, &clerk, "2026-12-07", &run));
  CHECK(run.produced == 1);
  CHECK_OK(inscrm_care_run(db, &clerk, "2026-12-07", &run));
  CHECK(run.produced == 0 && run.already_produced == 1);
  CHECK(inscrm_care_run(db, &clerk, "2026-13-01", NULL) == INSCRM_INVALID_ARGUMENT);

  inscrm_care_task_list* tasks = NULL;
  CHECK_OK(inscrm_care_tasks_list(db, &clerk, "2026-12-07", 0, "open", 0, 0, &tasks));
  CHECK(tasks != NULL);
  int64_t task_id = 0;
  if (tasks) {
    CHECK(tasks->count == 1);
    if (tasks->count == 1) {
      CHECK_STR(tasks->items[0].kind, "follow_up_policy");
      CHECK_STR(tasks->items[0].channel, "call_centre");
      CHECK(tasks->items[0].customer_id == wei);
      CHECK(tasks->items[0].policy_id == policy);
      CHECK_STR(tasks->items[0].status, "open");
      CHECK(tasks->items[0].done_on == NULL);
      task_id = tasks->items[0].id;
    }
  }
  inscrm_care_task_list_free(&tasks);
  CHECK(tasks == NULL);
  CHECK_OK(inscrm_care_complete(db, &clerk, task_id, "called; satisfied", NULL));
  CHECK(inscrm_care_complete(db, &clerk, task_id, NULL, NULL) == INSCRM_INVALID_ARGUMENT);
  CHECK_STR(inscrm_last_error_field(), "status");
  CHECK_OK(inscrm_care_tasks_list(db, &clerk, NULL, 0, "done", 0, 0, &tasks));
  if (tasks) {
    CHECK(tasks->count == 1);
    if (tasks->count == 1) {
      CHECK_STR(tasks->items[0].done_on, "2026-12-06");
      CHECK_STR(tasks->items[0].outcome, "called; satisfied");
    }
  }
  inscrm_care_task_list_free(&tasks);

  /* Withdrawn: listed as history, and no longer allowed. */
  CHECK_OK(inscrm_consent_record(db, &clerk, wei, "care", "call_centre", 0, "phoned to opt out", NULL));
  inscrm_consent_list* history = NULL;
  CHECK_OK(inscrm_consents_list(db, &clerk, wei, &history));
  if (history) {
    CHECK(history->count == 2);
    if (history->count == 2) {
      CHECK(history->items[0].granted == 1);
      CHECK(history->items[1].granted == 0);
      CHECK_STR(history->items[1].source, "phoned to opt out");
      CHECK_STR(history->items[1].purpose, "care");
    }
  }
  inscrm_consent_list_free(&history);
  CHECK(history == NULL);

  /* A campaign over everyone without an open complaint; only 王芳 consented to marketing by SMS. */
  CHECK_OK(inscrm_consent_record(db, &clerk, fang, "marketing", "sms", 1, "web form", NULL));
  inscrm_money budget;
  memset(&budget, 0, sizeof budget);
  budget.minor = 300000;
  memcpy(budget.currency, "CNY", 4);
  int64_t campaign = 0;
  CHECK_OK(inscrm_campaign_create(db, &clerk, "Winter", "renewals", "open_complaints = 0", "sms", "2026-12-01",
                                  "2026-12-31", &budget, &campaign));
  CHECK(campaign > 0);
  CHECK(inscrm_campaign_create(db, &clerk, "Broken", NULL, "open_complaints =", "sms", "2026-12-01", "2026-12-31",
                               &budget, NULL) == INSCRM_INVALID_ARGUMENT);
  CHECK_STR(inscrm_last_error_field(), "target_rule");
  CHECK(inscrm_campaign_create(db, &clerk, "Winter", NULL, "open_complaints = 0", "sms", "2026-12-01", "2026-12-31",
                               &budget, NULL) == INSCRM_ALREADY_EXISTS);
  inscrm_campaign* got = NULL;
  CHECK_OK(inscrm_campaign_get(db, &clerk, campaign, &got));
  if (got) {
    CHECK_STR(got->name, "Winter");
    CHECK_STR(got->channel, "sms");
    CHECK_STR(got->ends_on, "2026-12-31");
    CHECK(got->budget.minor == 300000);
  }
  inscrm_campaign_free(&got);
  CHECK(got == NULL);
  inscrm_campaign_list* all = NULL;
  CHECK_OK(inscrm_campaigns_list(db, &clerk, &all));
  if (all) CHECK(all->count == 1);
  inscrm_campaign_list_free(&all);

  int64_t matched = 0, without = 0, added = 0;
  CHECK_OK(inscrm_campaign_add_members(db, &clerk, campaign, NULL, &matched, &without, &added));
  CHECK(matched == 2 && without == 1 && added == 1);
  CHECK(inscrm_campaign_record_outcome(db, &clerk, campaign, wei, "contacted", NULL) == INSCRM_NOT_FOUND);
  CHECK_OK(inscrm_campaign_record_outcome(db, &clerk, campaign, fang, "converted", NULL));
  CHECK(inscrm_campaign_record_outcome(db, &clerk, campaign, fang, "won", NULL) == INSCRM_INVALID_ARGUMENT);
  inscrm_campaign_evaluation e;
  CHECK_OK(inscrm_campaign_evaluate(db, &clerk, campaign, &e));
  CHECK(e.members == 1 && e.contacted == 1 && e.responded == 1 && e.converted == 1);
  CHECK(e.response_rate == 1.0 && e.conversion_rate == 1.0);
  CHECK(e.has_cost_per_conversion == 1 && e.cost_per_conversion.minor == 300000);
  CHECK(e.has_satisfaction == 0);
  CHECK(inscrm_campaign_evaluate(db, &clerk, 999, &e) == INSCRM_NOT_FOUND);

  /* 王芳 converted today and applies for a policy today (12,000.00 a year): the campaign's return in
   * the KPIs of December, when it ends. ROI = (1,200,000 - 300,000) / 300,000 fen. */
  CHECK(issue_policy(db, fang) > 0);
  inscrm_kpi_query q = INSCRM_KPI_QUERY_INIT;
  q.from = "2026-12-01";
  q.to = "2027-01-01";
  inscrm_kpis* k = NULL;
  CHECK_OK(inscrm_kpis_compute(db, &clerk, &q, &k));
  if (k) {
    CHECK(k->campaigns == 1 && k->campaign_conversions == 1 && k->campaign_policies == 1);
    CHECK(k->campaign_cost.minor == 300000 && strcmp(k->campaign_cost.currency, "CNY") == 0);
    CHECK(k->campaign_premium.minor == 1200000);
    CHECK(k->campaign_roi != NULL && *k->campaign_roi == 3.0);
  }
  inscrm_kpis_free(&k);
  q.from = "2026-11-01";
  q.to = "2026-12-01";
  CHECK_OK(inscrm_kpis_compute(db, &clerk, &q, &k));
  if (k) CHECK(k->campaigns == 0 && k->campaign_roi == NULL);
  inscrm_kpis_free(&k);

  CHECK(inscrm_care_run(NULL, &clerk, NULL, NULL) == INSCRM_INVALID_ARGUMENT);
  CHECK(inscrm_campaign_evaluate(db, &clerk, campaign, NULL) == INSCRM_INVALID_ARGUMENT);
  inscrm_consent_list_free(NULL);
  inscrm_care_task_list_free(NULL);
  inscrm_campaign_free(NULL);
  inscrm_campaign_list_free(NULL);
  inscrm_close(&db);
}
