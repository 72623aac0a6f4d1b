/* The interaction log (domain.md C4) and satisfaction surveys (C6) through the C ABI. */
#include "check.h"
#include "fixture.h"

#include <stddef.h>
#include <string.h>

/* 2024-03-01T00:00:00Z, the day the tests run on, and an hour before it. */
#define MARCH_1 INT64_C(1709251200000000)
#define HOUR INT64_C(3600000000)

void test_interactions(void) {
  inscrm_db* db = open_memory("2024-03-01");
  const int64_t branch = make_branch(db);
  const int64_t wei = make_customer_at(db, "张伟", branch);
  const int64_t wang = make_customer_at(db, "王芳", branch);
  inscrm_agent_input agent_in = INSCRM_AGENT_INPUT_INIT;
  agent_in.code = "A-001";
  agent_in.name = "李强";
  agent_in.org_unit = branch;
  int64_t agent = 0;
  CHECK_OK(inscrm_agent_create(db, &clerk, &agent_in, &agent));

  inscrm_interaction_input in = INSCRM_INTERACTION_INPUT_INIT;
  in.customer = wei;
  in.channel = "agent_visit";
  in.direction = "outbound";
  in.purpose = "sales_visit";
  in.agent = agent;
  in.started_at_unix_micros = MARCH_1 - HOUR;
  in.duration_seconds = 2700;
  in.outcome = "sale";
  in.visit_kind = "referral";
  in.notes = "introduced by 王芳";
  in.external_ref = "VISIT-1";
  inscrm_interaction* i = NULL;
  CHECK_OK(inscrm_interaction_log(db, &clerk, &in, &i));
  CHECK(i != NULL);
  if (i) {
    CHECK(i->id > 0 && i->customer == wei && i->agent == agent && i->org_unit == branch);
    CHECK(i->started_at_unix_micros == MARCH_1 - HOUR && i->duration_seconds == 2700 && i->created_at_unix_micros == MARCH_1);
    CHECK_STR(i->channel, "agent_visit");
    CHECK_STR(i->direction, "outbound");
    CHECK_STR(i->purpose, "sales_visit");
    CHECK_STR(i->outcome, "sale");
    CHECK_STR(i->visit_kind, "referral");
    CHECK_STR(i->notes, "introduced by 王芳");
    CHECK_STR(i->external_ref, "VISIT-1");
  }
  inscrm_interaction_free(&i);
  CHECK(i == NULL);

  /* Defaults: an inbound call-centre inquiry, now, no visit kind. */
  inscrm_interaction_input call = INSCRM_INTERACTION_INPUT_INIT;
  call.customer = wang;
  CHECK_OK(inscrm_interaction_log(db, &clerk, &call, &i));
  CHECK(i != NULL && i->started_at_unix_micros == MARCH_1 && i->visit_kind == NULL && i->external_ref == NULL);
  if (i) {
    CHECK_STR(i->channel, "call_centre");
    CHECK_STR(i->purpose, "inquiry");
  }
  inscrm_interaction_free(&i);
  call.customer = wei;
  CHECK_OK(inscrm_interaction_log(db, &clerk, &call, NULL));

  /* The log per customer. */
  inscrm_interaction_list* l = NULL;
  inscrm_interaction_query q = INSCRM_INTERACTION_QUERY_INIT;
  q.customer = wei;
  CHECK_OK(inscrm_interactions_list(db, &clerk, &q, &l));
  CHECK(l != NULL && l->count == 2 && l->items[0]->customer == wei && l->items[1]->customer == wei);
  inscrm_interaction_list_free(&l);
  CHECK(l == NULL);
  q.from_unix_micros = MARCH_1;
  CHECK_OK(inscrm_interactions_list(db, &clerk, &q, &l));
  CHECK(l != NULL && l->count == 1);
  inscrm_interaction_list_free(&l);
  CHECK_OK(inscrm_interactions_list(db, &clerk, NULL, &l));
  CHECK(l != NULL && l->count == 3);
  inscrm_interaction_list_free(&l);

  /* Errors: nothing is logged. */
  in.agent = 0; /* an agent visit needs its agent */
  CHECK_ERROR(inscrm_interaction_log(db, &clerk, &in, &i), INSCRM_INVALID_ARGUMENT, "agent");
  in.agent = 404;
  CHECK_ERROR(inscrm_interaction_log(db, &clerk, &in, &i), INSCRM_NOT_FOUND, "agent");
  in.agent = agent;
  in.started_at_unix_micros = MARCH_1 + HOUR;
  CHECK_ERROR(inscrm_interaction_log(db, &clerk, &in, &i), INSCRM_INVALID_ARGUMENT, "started_at");
  in.started_at_unix_micros = 0;
  in.duration_seconds = -1;
  CHECK_ERROR(inscrm_interaction_log(db, &clerk, &in, &i), INSCRM_INVALID_ARGUMENT, "duration");
  in.duration_seconds = 0;
  in.visit_kind = "door_knock";
  CHECK_ERROR(inscrm_interaction_log(db, &clerk, &in, &i), INSCRM_INVALID_ARGUMENT, "visit_kind");
  in.visit_kind = NULL;
  in.outcome = "maybe";
  CHECK_ERROR(inscrm_interaction_log(db, &clerk, &in, &i), INSCRM_INVALID_ARGUMENT, "outcome");
  in.outcome = NULL;
  in.customer = 404;
  CHECK_ERROR(inscrm_interaction_log(db, &clerk, &in, &i), INSCRM_NOT_FOUND, "customer");
  in.version = 0;
  CHECK_ERROR(inscrm_interaction_log(db, &clerk, &in, &i), INSCRM_INVALID_ARGUMENT, "input.version");
  CHECK_NULL_ARG(inscrm_interaction_log(db, &clerk, NULL, &i), "input");
  CHECK(i == NULL);
  q.version = 0;
  CHECK_ERROR(inscrm_interactions_list(db, &clerk, &q, &l), INSCRM_INVALID_ARGUMENT, "query.version");
  CHECK_NULL_ARG(inscrm_interactions_list(db, &clerk, NULL, NULL), "out");
  CHECK_OK(inscrm_interactions_list(db, &clerk, NULL, &l));
  CHECK(l != NULL && l->count == 3);
  inscrm_interaction_list_free(&l);
  inscrm_close(&db);
}

static int64_t answer(inscrm_db* db, int64_t customer, const char* kind, const char* dimension, int score) {
  inscrm_survey_input in = INSCRM_SURVEY_INPUT_INIT;
  in.customer = customer;
  in.kind = kind;
  in.dimension = dimension;
  in.score = score;
  inscrm_survey_response* r = NULL;
  CHECK_OK(inscrm_survey_record(db, &clerk, &in, &r));
  const int64_t id = r ? r->id : 0;
  inscrm_survey_response_free(&r);
  return id;
}

void test_surveys(void) {
  inscrm_db* db = open_memory("2024-03-01");
  const int64_t branch = make_branch(db);
  const int64_t wei = make_customer_at(db, "张伟", branch);
  const int64_t wang = make_customer_at(db, "王芳", branch);

  inscrm_complaint_input complaint = INSCRM_COMPLAINT_INPUT_INIT;
  complaint.customer = wei;
  complaint.matter = "slow claim";
  complaint.subcategory = "delay";
  inscrm_complaint* c = NULL;
  CHECK_OK(inscrm_complaint_receive(db, &clerk, &complaint, &c));
  const int64_t complaint_id = c ? c->id : 0;
  inscrm_complaint_free(&c);

  inscrm_survey_input in = INSCRM_SURVEY_INPUT_INIT;
  in.customer = wei;
  in.kind = "complaint_handling";
  in.score = 4;
  in.channel = "wechat";
  in.answered_on = "2024-02-28";
  in.comment = "handled politely";
  in.complaint = complaint_id;
  inscrm_survey_response* r = NULL;
  CHECK_OK(inscrm_survey_record(db, &clerk, &in, &r));
  CHECK(r != NULL && r->id > 0 && r->customer == wei && r->score == 4 && r->complaint == complaint_id);
  if (r) {
    CHECK_STR(r->kind, "complaint_handling");
    CHECK_STR(r->channel, "wechat");
    CHECK_STR(r->answered_on, "2024-02-28");
    CHECK_STR(r->comment, "handled politely");
    CHECK_STR(r->dimension, "");
  }
  inscrm_survey_response_free(&r);
  CHECK(r == NULL);

  /* NPS: two promoters, a passive and a detractor: 50 % − 25 % = 25. */
  answer(db, wei, "nps", NULL, 10);
  answer(db, wang, "nps", NULL, 9);
  answer(db, wang, "nps", NULL, 7);
  answer(db, wei, "nps", NULL, 3);
  answer(db, wei, "service", "call_centre", 5);
  answer(db, wang, "service", "call_centre", 2);
  answer(db, wang, "service", "agent", 4);

  inscrm_nps* n = NULL;
  CHECK_OK(inscrm_survey_nps(db, &clerk, "2024-02-01", "2024-03-02", &n));
  CHECK(n != NULL && n->responses == 4 && n->promoters == 2 && n->passives == 1 && n->detractors == 1 &&
        n->score == 25.0);
  inscrm_nps_free(&n);
  CHECK(n == NULL);
  CHECK_OK(inscrm_survey_nps(db, &clerk, "2024-01-01", "2024-02-01", &n));
  CHECK(n != NULL && n->responses == 0 && n->score == 0.0);
  inscrm_nps_free(&n);

  inscrm_satisfaction_report* s = NULL;
  CHECK_OK(inscrm_survey_satisfaction(db, &clerk, "2024-02-01", "2024-03-02", &s));
  CHECK(s != NULL);
  if (s) {
    /* Kinds in enum order: service (mean of 5, 2, 4), complaint_handling (4), nps (7.25). */
    CHECK(s->kind_mean_count == 3);
    if (s->kind_mean_count == 3) {
      CHECK_STR(s->kind_means[0].kind, "service");
      CHECK(s->kind_means[0].responses == 3 && s->kind_means[0].mean > 3.66 && s->kind_means[0].mean < 3.67);
      CHECK_STR(s->kind_means[1].kind, "complaint_handling");
      CHECK_STR(s->kind_means[2].kind, "nps");
    }
    /* Per dimension: service/agent 4, service/call_centre 3.5, … */
    CHECK(s->dimension_mean_count == 4);
    if (s->dimension_mean_count == 4) {
      CHECK_STR(s->dimension_means[0].kind, "service");
      CHECK_STR(s->dimension_means[0].dimension, "agent");
      CHECK(s->dimension_means[0].mean == 4.0);
      CHECK_STR(s->dimension_means[1].dimension, "call_centre");
      CHECK(s->dimension_means[1].responses == 2 && s->dimension_means[1].mean == 3.5);
    }
    CHECK(s->complaint_handling_responses == 1 && s->complaint_handling_mean != NULL &&
          *s->complaint_handling_mean == 4.0);
    CHECK(s->complaint_close_scores == 0 && s->complaint_close_mean == NULL);
  }
  inscrm_satisfaction_report_free(&s);
  CHECK(s == NULL);

  inscrm_survey_response_list* l = NULL;
  inscrm_survey_query q = INSCRM_SURVEY_QUERY_INIT;
  q.customer = wang;
  q.kind = "nps";
  CHECK_OK(inscrm_surveys_list(db, &clerk, &q, &l));
  CHECK(l != NULL && l->count == 2 && l->items[0]->score == 9 && l->items[1]->score == 7);
  inscrm_survey_response_list_free(&l);
  q.customer = 0;
  q.kind = NULL;
  q.to = "2024-03-01";
  CHECK_OK(inscrm_surveys_list(db, &clerk, &q, &l));
  CHECK(l != NULL && l->count == 1 && l->items[0]->complaint == complaint_id);
  inscrm_survey_response_list_free(&l);
  q.kind = "mood";
  CHECK_ERROR(inscrm_surveys_list(db, &clerk, &q, &l), INSCRM_INVALID_ARGUMENT, "query.kind");
  q.kind = NULL;
  q.from = "March";
  CHECK_ERROR(inscrm_surveys_list(db, &clerk, &q, &l), INSCRM_INVALID_ARGUMENT, "query.from");

  /* Errors: nothing is recorded. */
  in.kind = "nps";
  in.complaint = 0;
  in.score = 11;
  CHECK_ERROR(inscrm_survey_record(db, &clerk, &in, &r), INSCRM_INVALID_ARGUMENT, "score");
  in.kind = "service";
  in.score = 0;
  CHECK_ERROR(inscrm_survey_record(db, &clerk, &in, &r), INSCRM_INVALID_ARGUMENT, "score");
  in.score = 3;
  in.answered_on = "2024-03-02";
  CHECK_ERROR(inscrm_survey_record(db, &clerk, &in, &r), INSCRM_INVALID_ARGUMENT, "answered_on");
  in.answered_on = NULL;
  in.kind = "complaint_handling";
  in.customer = wang;
  in.complaint = complaint_id; /* 张伟's complaint, judged by 王芳 */
  CHECK_ERROR(inscrm_survey_record(db, &clerk, &in, &r), INSCRM_INVALID_ARGUMENT, "complaint");
  in.complaint = 404;
  CHECK_ERROR(inscrm_survey_record(db, &clerk, &in, &r), INSCRM_NOT_FOUND, "complaint");
  in.complaint = 0;
  in.kind = "joy";
  CHECK_ERROR(inscrm_survey_record(db, &clerk, &in, &r), INSCRM_INVALID_ARGUMENT, "kind");
  in.kind = NULL;
  in.customer = 404;
  CHECK_ERROR(inscrm_survey_record(db, &clerk, &in, &r), INSCRM_NOT_FOUND, "customer");
  CHECK_NULL_ARG(inscrm_survey_record(db, &clerk, NULL, &r), "input");
  CHECK(r == NULL);
  CHECK_NULL_ARG(inscrm_survey_nps(db, &clerk, NULL, "2024-03-01", &n), "from");
  CHECK_ERROR(inscrm_survey_nps(db, &clerk, "2024-02-01", "soon", &n), INSCRM_INVALID_ARGUMENT, "to");
  CHECK_NULL_ARG(inscrm_survey_nps(db, &clerk, "2024-02-01", "2024-03-01", NULL), "out");
  CHECK_NULL_ARG(inscrm_survey_satisfaction(db, &clerk, "2024-02-01", NULL, &s), "to");
  CHECK_NULL_ARG(inscrm_surveys_list(db, &clerk, NULL, NULL), "out");
  CHECK_OK(inscrm_surveys_list(db, &clerk, NULL, &l));
  CHECK(l != NULL && l->count == 8);
  inscrm_survey_response_list_free(&l);
  inscrm_close(&db);
}
