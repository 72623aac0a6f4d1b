/* Complaints (domain.md C5) through the C ABI: a complaint received on a Friday afternoon, left
 * unacknowledged over the weekend so the watchdog escalates it once on Monday, paused while the
 * customer is waited on, answered, closed, reopened and closed again; then its history, deadlines
 * and the month's statistics. And the typed errors of every kind of wrong step. */
#include "check.h"
#include "fixture.h"

#include <stddef.h>
#include <string.h>

/* Friday 18 October 2024, 16:00 in Shanghai (08:00 UTC). */
#define FRIDAY_1600 INT64_C(1729238400000000)
/* Monday 21 October 2024, 16:00 and 17:00 in Shanghai. */
#define MONDAY_1600 INT64_C(1729497600000000)
#define MONDAY_1700 INT64_C(1729501200000000)
/* Friday 1 November 2024, 16:00 in Shanghai: 80 working hours after FRIDAY_1600. */
#define NOVEMBER_1_1600 INT64_C(1730448000000000)
#define OCTOBER_1 INT64_C(1727740800000000)
#define NOVEMBER_1 INT64_C(1730419200000000)
#define HALF_HOUR INT64_C(1800000000)

static const inscrm_actor handler = {INSCRM_ACTOR_VERSION, "h-li", INSCRM_ROLE_COMPLAINT_HANDLER, 0, 0, 0};

static int64_t receive(inscrm_db* db, int64_t customer, const char* severity, const char* department) {
  inscrm_complaint_input in = INSCRM_COMPLAINT_INPUT_INIT;
  in.customer = customer;
  in.matter = "the agent promised a bonus the contract does not pay";
  in.subcategory = "agent_conduct";
  in.severity = severity;
  in.department = department;
  inscrm_complaint* c = NULL;
  CHECK_OK(inscrm_complaint_receive(db, &clerk, &in, &c));
  const int64_t id = c ? c->id : 0;
  inscrm_complaint_free(&c);
  return id;
}

/* Moves the clock on by half an hour, so that each step has its own time. */
static void later(inscrm_db* db) {
  int64_t now = 0;
  CHECK_OK(inscrm_db_now(db, &now));
  CHECK_OK(inscrm_db_set_time(db, now + HALF_HOUR));
}

static void intake_and_breach(inscrm_db* db, int64_t customer, int64_t* out_id) {
  inscrm_complaint_input in = INSCRM_COMPLAINT_INPUT_INIT;
  in.customer = customer;
  in.channel = "call_centre";
  in.matter = "the agent promised a bonus the contract does not pay";
  in.category = "service";
  in.subcategory = "agent_conduct";
  in.external_ref = "CC-2024-1018-7";
  inscrm_complaint* c = NULL;
  CHECK_OK(inscrm_complaint_receive(db, &clerk, &in, &c));
  CHECK(c != NULL);
  if (c) {
    CHECK(c->id > 0 && c->version == 1 && c->customer == customer && c->policy == 0);
    CHECK_STR(c->status, "received");
    CHECK_STR(c->severity, "medium");
    CHECK_STR(c->subcategory, "agent_conduct");
    CHECK_STR(c->external_ref, "CC-2024-1018-7");
    CHECK_STR(c->department, "");
    CHECK(c->root_cause == NULL && c->customer_satisfaction == 0 && c->escalation_level == 0);
    CHECK(c->received_at_unix_micros == FRIDAY_1600 && c->closed_at_unix_micros == 0);
    CHECK(c->sla != NULL && c->sla->started_at_unix_micros == FRIDAY_1600 && c->sla->pause_count == 0 &&
          c->sla->paused == 0 && c->sla->acknowledged_at_unix_micros == 0);
    *out_id = c->id;
  }
  inscrm_complaint_free(&c);
  CHECK(c == NULL);

  /* 8 working hours to acknowledge (Friday 16–18, Monday 9–12 and 13–16), 80 to resolve. */
  inscrm_deadlines* d = NULL;
  CHECK_OK(inscrm_complaint_deadlines(db, &clerk, *out_id, &d));
  CHECK(d != NULL);
  if (d) {
    CHECK(d->acknowledge_unix_micros == MONDAY_1600);
    CHECK(d->resolve_unix_micros == NOVEMBER_1_1600);
    CHECK(d->row.acknowledge_within_minutes == 480 && d->row.resolve_within_minutes == 4800);
    CHECK_STR(d->row.calendar, "business");
    CHECK(d->acknowledge_breached == 0 && d->resolve_breached == 0 && d->paused == 0);
    CHECK(d->as_of_unix_micros == FRIDAY_1600 && d->elapsed_micros == 0);
  }
  inscrm_deadlines_free(&d);
  CHECK(d == NULL);

  /* The weekend passes; Monday 17:00 the watchdog escalates once, and only once. */
  CHECK_OK(inscrm_db_set_time(db, MONDAY_1700));
  inscrm_daily_report* r = NULL;
  CHECK_OK(inscrm_db_run_daily(db, &clerk, NULL, &r));
  CHECK(r != NULL && r->complaints_escalated == 1 && r->service_requests_breached == 0);
  inscrm_daily_report_free(&r);
  CHECK_OK(inscrm_db_run_daily(db, &clerk, NULL, &r));
  CHECK(r != NULL && r->complaints_escalated == 0);
  inscrm_daily_report_free(&r);

  CHECK_OK(inscrm_complaint_get(db, &clerk, *out_id, &c));
  CHECK(c != NULL && c->escalation_level == 1 && c->sla->breached_ack_at_unix_micros == MONDAY_1600);
  if (c) CHECK_STR(c->status, "received"); /* escalation is a level, not a state */
  inscrm_complaint_free(&c);
  CHECK_OK(inscrm_complaint_deadlines(db, &clerk, *out_id, &d));
  CHECK(d != NULL && d->acknowledge_breached == 1 && d->resolve_breached == 0 && d->acknowledged_at_unix_micros == 0);
  inscrm_deadlines_free(&d);
}

static void handle_reopen_close(inscrm_db* db, int64_t id) {
  inscrm_complaint* c = NULL;
  CHECK_OK(inscrm_complaint_assign(db, &clerk, id, "customer_service", "h-li", NULL, &c));
  CHECK(c != NULL && c->sla->acknowledged_at_unix_micros == MONDAY_1700);
  if (c) {
    CHECK_STR(c->status, "assigned");
    CHECK_STR(c->department, "customer_service");
    CHECK_STR(c->assignee, "h-li");
  }
  inscrm_complaint_free(&c);
  later(db);
  CHECK_OK(inscrm_complaint_start_investigation(db, &handler, id, "call recording requested", NULL));
  later(db);
  /* Waiting on the customer stops the clock and keeps the reason. */
  CHECK_OK(inscrm_complaint_wait_on_customer(db, &handler, id, "consent to use the call recording", &c));
  CHECK(c != NULL && c->sla->paused == 1 && c->sla->pause_count == 1 && c->sla->pauses[0].end_unix_micros == 0);
  if (c && c->sla->pause_count == 1) CHECK_STR(c->sla->pauses[0].reason, "consent to use the call recording");
  inscrm_complaint_free(&c);
  inscrm_deadlines* d = NULL;
  CHECK_OK(inscrm_complaint_deadlines(db, &clerk, id, &d));
  CHECK(d != NULL && d->paused == 1 && d->resolve_unix_micros == 0);
  inscrm_deadlines_free(&d);
  later(db);
  CHECK_OK(inscrm_complaint_customer_responded(db, &handler, id, NULL, &c));
  CHECK(c != NULL && c->sla->paused == 0 && c->sla->pause_count == 1 && c->sla->pauses[0].end_unix_micros > 0);
  inscrm_complaint_free(&c);
  later(db);
  CHECK_OK(inscrm_complaint_propose_solution(db, &handler, id, "apologise and explain the bonus terms", NULL));
  later(db);
  CHECK_OK(inscrm_complaint_inform_customer(db, &handler, id, "called the customer", NULL));
  later(db);
  CHECK_OK(inscrm_complaint_close(db, &handler, id, "agent_conduct", 2, NULL, &c));
  CHECK(c != NULL && c->customer_satisfaction == 2 && c->closed_at_unix_micros > 0);
  if (c) {
    CHECK_STR(c->status, "closed");
    CHECK_STR(c->root_cause, "agent_conduct");
  }
  inscrm_complaint_free(&c);

  /* The customer disagrees: reopened, answered again, closed with the root cause kept. */
  later(db);
  CHECK_OK(inscrm_complaint_reopen(db, &handler, id, "the customer wants the promised bonus honoured", &c));
  CHECK(c != NULL && c->reopen_count == 1 && c->closed_at_unix_micros == 0 && c->customer_satisfaction == 0);
  if (c) CHECK_STR(c->status, "investigating");
  inscrm_complaint_free(&c);
  later(db);
  CHECK_OK(inscrm_complaint_propose_solution(db, &handler, id, "pay the bonus as a goodwill gesture", NULL));
  later(db);
  CHECK_OK(inscrm_complaint_inform_customer(db, &handler, id, NULL, NULL));
  later(db);
  CHECK_OK(inscrm_complaint_close(db, &handler, id, NULL, 4, "customer accepts", &c));
  CHECK(c != NULL && c->customer_satisfaction == 4 && c->escalation_level == 1 && c->reopen_count == 1);
  if (c) {
    CHECK_STR(c->status, "closed");
    CHECK_STR(c->root_cause, "agent_conduct");
    CHECK_STR(c->resolution, "pay the bonus as a goodwill gesture");
  }
  inscrm_complaint_free(&c);
}

static void history_and_statistics(inscrm_db* db, int64_t id) {
  inscrm_complaint_step_list* h = NULL;
  CHECK_OK(inscrm_complaint_history(db, &clerk, id, &h));
  CHECK(h != NULL && h->count == 13);
  if (h && h->count == 13) {
    static const char* const events[] = {"receive", "escalate", "assign", "start_investigation", "wait_on_customer",
                                          "customer_responded", "propose_solution", "inform_customer", "close",
                                          "reopen", "propose_solution", "inform_customer", "close"};
    for (size_t i = 0; i < h->count; ++i) CHECK_STR(h->items[i]->event, events[i]);
    CHECK(h->items[0]->complaint == id && h->items[0]->at_unix_micros == FRIDAY_1600);
    CHECK_STR(h->items[1]->actor, "u-1024");
    CHECK(h->items[1]->at_unix_micros == MONDAY_1700);
    CHECK_STR(h->items[2]->note, "assigned to h-li (customer_service)");
    CHECK_STR(h->items[4]->note, "consent to use the call recording");
    CHECK_STR(h->items[9]->from, "closed");
    CHECK_STR(h->items[9]->to, "investigating");
    CHECK_STR(h->items[9]->actor, "h-li");
  }
  inscrm_complaint_step_list_free(&h);
  CHECK(h == NULL);

  inscrm_complaint_stats* s = NULL;
  CHECK_OK(inscrm_complaint_statistics(db, &clerk, OCTOBER_1, NOVEMBER_1, &s));
  CHECK(s != NULL);
  if (s) {
    CHECK(s->received == 1 && s->open == 0 && s->closed == 1 && s->escalated == 1);
    CHECK(s->by_category_count == 1 && s->by_category[0].count == 1);
    if (s->by_category_count == 1) CHECK_STR(s->by_category[0].name, "service");
    CHECK(s->by_channel_count == 1 && s->by_root_cause_count == 1 && s->by_agent_count == 0 && s->by_agent == NULL);
    if (s->by_root_cause_count == 1) CHECK_STR(s->by_root_cause[0].name, "agent_conduct");
    CHECK(s->by_org_unit_count == 1 && s->by_org_unit[0].count == 1);
    CHECK(s->acknowledge_decided == 1 && s->acknowledged_in_time == 0);
    CHECK(s->acknowledge_compliance != NULL && *s->acknowledge_compliance == 0.0);
    CHECK(s->answered == 1 && s->reopened == 1 && s->reopen_rate != NULL && *s->reopen_rate == 1.0);
    CHECK(s->satisfaction_responses == 1 && s->mean_satisfaction != NULL && *s->mean_satisfaction == 4.0);
    CHECK(s->wall_time_to_resolve.count == 1 && s->wall_time_to_resolve.mean_minutes != NULL &&
          *s->wall_time_to_resolve.mean_minutes > 0);
  }
  inscrm_complaint_stats_free(&s);
  CHECK(s == NULL);
  /* An empty period: shares are NULL, not 0. */
  CHECK_OK(inscrm_complaint_statistics(db, &clerk, NOVEMBER_1, NOVEMBER_1 + 1, &s));
  CHECK(s != NULL && s->received == 0 && s->reopen_rate == NULL && s->acknowledge_compliance == NULL &&
        s->wall_time_to_resolve.mean_minutes == NULL && s->by_category == NULL);
  inscrm_complaint_stats_free(&s);

  inscrm_complaint_list* l = NULL;
  const char* const closed[] = {"closed"};
  inscrm_complaint_query q = INSCRM_COMPLAINT_QUERY_INIT;
  q.statuses = closed;
  q.status_count = 1;
  CHECK_OK(inscrm_complaints_list(db, &clerk, &q, &l));
  CHECK(l != NULL && l->count == 1 && l->items[0]->id == id);
  inscrm_complaint_list_free(&l);
  q.assignee = "h-wang";
  CHECK_OK(inscrm_complaints_list(db, &clerk, &q, &l));
  CHECK(l != NULL && l->count == 0 && l->items == NULL);
  inscrm_complaint_list_free(&l);
  CHECK_OK(inscrm_complaints_list(db, &clerk, NULL, &l));
  CHECK(l != NULL && l->count == 1);
  inscrm_complaint_list_free(&l);
}

void test_complaints(void) {
  inscrm_db* db = open_memory_at(FRIDAY_1600, NULL);
  const int64_t wei = make_customer_at(db, "张伟", make_branch(db));
  int64_t id = 0;
  intake_and_breach(db, wei, &id);
  handle_reopen_close(db, id);
  history_and_statistics(db, id);

  /* domain.md C5: a high-severity complaint is escalated at intake. */
  const int64_t urgent = receive(db, wei, "high", NULL);
  inscrm_complaint* c = NULL;
  CHECK_OK(inscrm_complaint_get(db, &clerk, urgent, &c));
  CHECK(c != NULL && c->escalation_level == 1);
  inscrm_complaint_free(&c);
  inscrm_close(&db);
}

void test_complaint_errors(void) {
  inscrm_db* db = open_memory_at(FRIDAY_1600, NULL);
  const int64_t wei = make_customer_at(db, "张伟", make_branch(db));
  const int64_t id = receive(db, wei, NULL, NULL);
  inscrm_complaint* c = NULL;

  /* Illegal steps: typed, and nothing changes. */
  CHECK_ERROR(inscrm_complaint_close(db, &handler, id, "process", 0, NULL, &c), INSCRM_ILLEGAL_TRANSITION, "status");
  CHECK(c == NULL);
  CHECK_ERROR(inscrm_complaint_inform_customer(db, &handler, id, NULL, &c), INSCRM_ILLEGAL_TRANSITION, "status");
  CHECK_ERROR(inscrm_complaint_reopen(db, &handler, id, "why", &c), INSCRM_ILLEGAL_TRANSITION, "status");
  CHECK_ERROR(inscrm_complaint_assign(db, &clerk, id, "", "h-li", NULL, &c), INSCRM_ILLEGAL_TRANSITION, "department");
  CHECK_ERROR(inscrm_complaint_assign(db, &clerk, id, "claims", " ", NULL, &c), INSCRM_ILLEGAL_TRANSITION, "assignee");
  CHECK_ERROR(inscrm_complaint_escalate(db, &clerk, id, "", &c), INSCRM_ILLEGAL_TRANSITION, "note");
  CHECK_ERROR(inscrm_complaint_customer_responded(db, &clerk, id, NULL, &c), INSCRM_ILLEGAL_TRANSITION, "sla");
  CHECK_OK(inscrm_complaint_wait_on_customer(db, &clerk, id, "waiting for the policy documents", NULL));
  CHECK_ERROR(inscrm_complaint_wait_on_customer(db, &clerk, id, "again", &c), INSCRM_ILLEGAL_TRANSITION, "sla");
  CHECK_OK(inscrm_complaint_get(db, &clerk, id, &c));
  CHECK(c != NULL && c->version == 2 && c->sla->pause_count == 1);
  if (c) CHECK_STR(c->status, "received");
  inscrm_complaint_free(&c);
  CHECK_OK(inscrm_complaint_assign(db, &clerk, id, "claims", "h-li", NULL, NULL));
  CHECK_ERROR(inscrm_complaint_propose_solution(db, &handler, id, "refund", &c), INSCRM_ILLEGAL_TRANSITION, "status");
  CHECK_OK(inscrm_complaint_start_investigation(db, &handler, id, NULL, NULL));
  CHECK_ERROR(inscrm_complaint_propose_solution(db, &handler, id, "", &c), INSCRM_ILLEGAL_TRANSITION, "resolution");
  CHECK_OK(inscrm_complaint_propose_solution(db, &handler, id, "refund the fee", NULL));
  CHECK_OK(inscrm_complaint_inform_customer(db, &handler, id, NULL, NULL));
  CHECK_ERROR(inscrm_complaint_close(db, &handler, id, NULL, 0, NULL, &c), INSCRM_ILLEGAL_TRANSITION, "root_cause");
  CHECK_ERROR(inscrm_complaint_close(db, &handler, id, "bad_luck", 0, NULL, &c), INSCRM_INVALID_ARGUMENT, "root_cause");
  CHECK_ERROR(inscrm_complaint_close(db, &handler, id, "process", 6, NULL, &c), INSCRM_INVALID_ARGUMENT,
              "customer_satisfaction");
  CHECK_OK(inscrm_complaint_close(db, &handler, id, "process", 0, NULL, &c));
  CHECK(c != NULL && c->customer_satisfaction == 0);
  inscrm_complaint_free(&c);
  CHECK_ERROR(inscrm_complaint_escalate(db, &clerk, id, "too late", &c), INSCRM_ILLEGAL_TRANSITION, "status");

  /* NULL where a value is required, and unknown ids. */
  CHECK_NULL_ARG(inscrm_complaint_assign(db, &clerk, id, NULL, "h-li", NULL, &c), "department");
  CHECK_NULL_ARG(inscrm_complaint_assign(db, &clerk, id, "claims", NULL, NULL, &c), "assignee");
  CHECK_NULL_ARG(inscrm_complaint_reassign(db, &clerk, id, NULL, "h-li", NULL, &c), "department");
  CHECK_NULL_ARG(inscrm_complaint_propose_solution(db, &clerk, id, NULL, &c), "resolution");
  CHECK_NULL_ARG(inscrm_complaint_reopen(db, &clerk, id, NULL, &c), "objection");
  CHECK_NULL_ARG(inscrm_complaint_escalate(db, &clerk, id, NULL, &c), "reason");
  CHECK_NULL_ARG(inscrm_complaint_wait_on_customer(db, &clerk, id, NULL, &c), "reason");
  CHECK_NULL_ARG(inscrm_complaint_get(db, &clerk, id, NULL), "out");
  CHECK_NULL_ARG(inscrm_complaint_history(db, &clerk, id, NULL), "out");
  CHECK_NULL_ARG(inscrm_complaint_deadlines(db, &clerk, id, NULL), "out");
  CHECK_NULL_ARG(inscrm_complaint_statistics(db, &clerk, 0, 1, NULL), "out");
  CHECK_NULL_ARG(inscrm_complaints_list(db, &clerk, NULL, NULL), "out");
  CHECK_NULL_ARG(inscrm_complaint_start_investigation(db, NULL, id, NULL, &c), "actor");
  CHECK_ERROR(inscrm_complaint_get(db, &clerk, 404, &c), INSCRM_NOT_FOUND, "id");
  CHECK_ERROR(inscrm_complaint_start_investigation(db, &handler, 404, NULL, &c), INSCRM_NOT_FOUND, "id");
  CHECK(c == NULL);

  /* Intake checks: nothing is written. */
  inscrm_complaint_input in = INSCRM_COMPLAINT_INPUT_INIT;
  in.customer = wei;
  in.matter = "wrong premium";
  in.subcategory = "coverage"; /* a product sub-category on a service complaint */
  CHECK_ERROR(inscrm_complaint_receive(db, &clerk, &in, &c), INSCRM_INVALID_ARGUMENT, "subcategory");
  in.category = "product";
  in.severity = "extreme";
  CHECK_ERROR(inscrm_complaint_receive(db, &clerk, &in, &c), INSCRM_INVALID_ARGUMENT, "severity");
  in.severity = NULL;
  in.channel = "fax";
  CHECK_ERROR(inscrm_complaint_receive(db, &clerk, &in, &c), INSCRM_INVALID_ARGUMENT, "channel");
  in.channel = NULL;
  in.matter = NULL;
  CHECK_NULL_ARG(inscrm_complaint_receive(db, &clerk, &in, &c), "matter");
  in.matter = " ";
  CHECK_ERROR(inscrm_complaint_receive(db, &clerk, &in, &c), INSCRM_INVALID_ARGUMENT, "matter");
  in.matter = "wrong premium";
  in.customer = 404;
  CHECK_ERROR(inscrm_complaint_receive(db, &clerk, &in, &c), INSCRM_NOT_FOUND, "customer");
  in.customer = wei;
  in.policy = 404;
  CHECK_ERROR(inscrm_complaint_receive(db, &clerk, &in, &c), INSCRM_NOT_FOUND, "policy");
  in.policy = 0;
  in.received_at_unix_micros = FRIDAY_1600 + HALF_HOUR; /* in the future */
  CHECK_ERROR(inscrm_complaint_receive(db, &clerk, &in, &c), INSCRM_INVALID_ARGUMENT, "received_at");
  in.received_at_unix_micros = 0;
  in.version = 2;
  CHECK_ERROR(inscrm_complaint_receive(db, &clerk, &in, &c), INSCRM_INVALID_ARGUMENT, "input.version");
  CHECK_NULL_ARG(inscrm_complaint_receive(db, &clerk, NULL, &c), "input");
  CHECK(c == NULL);
  inscrm_complaint_list* l = NULL;
  CHECK_OK(inscrm_complaints_list(db, &clerk, NULL, &l));
  CHECK(l != NULL && l->count == 1);
  inscrm_complaint_list_free(&l);

  inscrm_complaint_query q = INSCRM_COMPLAINT_QUERY_INIT;
  const char* const statuses[] = {"closed", "pending"};
  q.statuses = statuses;
  q.status_count = 2;
  CHECK_ERROR(inscrm_complaints_list(db, &clerk, &q, &l), INSCRM_INVALID_ARGUMENT, "query.statuses[1]");
  q.statuses = NULL;
  CHECK_ERROR(inscrm_complaints_list(db, &clerk, &q, &l), INSCRM_INVALID_ARGUMENT, "query.statuses");
  CHECK(l == NULL);
  inscrm_close(&db);
}
