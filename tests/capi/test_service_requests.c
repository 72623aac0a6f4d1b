/* Service requests (domain.md C4) through the C ABI: an address change applied to the customer on
 * completion, a surrender that moves the policy through its lifecycle, a pause with its reason, an
 * emergency that breaches its 30-minute SLA and is counted once by the daily run, and the typed
 * errors of submission and of each step. */
#include "check.h"
#include "fixture.h"

#include <stddef.h>
#include <string.h>

#define HOUR INT64_C(3600000000)

static int64_t submit(inscrm_db* db, const inscrm_service_request_input* in) {
  inscrm_service_request* r = NULL;
  CHECK_OK(inscrm_service_request_submit(db, &clerk, in, &r));
  const int64_t id = r ? r->id : 0;
  inscrm_service_request_free(&r);
  return id;
}

static void address_change(inscrm_db* db, int64_t customer) {
  const inscrm_address home = {"上海市浦东新区世纪大道100号", "310115", "200120", 1, 0};
  inscrm_service_request_input in = INSCRM_SERVICE_REQUEST_INPUT_INIT;
  in.kind = "change_address";
  in.customer = customer;
  in.channel = "app";
  in.address = &home;
  inscrm_service_request* r = NULL;
  CHECK_OK(inscrm_service_request_submit(db, &clerk, &in, &r));
  CHECK(r != NULL);
  if (r) {
    CHECK_STR(r->kind, "change_address");
    CHECK_STR(r->status, "submitted");
    CHECK_STR(r->channel, "app");
    CHECK(r->address != NULL && r->phones == NULL && r->payment_channel == NULL && r->amount == NULL);
    if (r->address) CHECK_STR(r->address->line, "上海市浦东新区世纪大道100号");
    CHECK(r->sla != NULL && r->sla->started_at_unix_micros == r->requested_at_unix_micros);
  }
  const int64_t id = r ? r->id : 0;
  inscrm_service_request_free(&r);

  /* Completing needs the request started first. */
  CHECK_ERROR(inscrm_service_request_complete(db, &clerk, id, "address changed", NULL, &r), INSCRM_ILLEGAL_TRANSITION,
              "status");
  CHECK_OK(inscrm_service_request_start(db, &clerk, id, "s-zhao", &r));
  CHECK(r != NULL && r->sla->acknowledged_at_unix_micros > 0);
  if (r) {
    CHECK_STR(r->status, "in_progress");
    CHECK_STR(r->assignee, "s-zhao");
  }
  inscrm_service_request_free(&r);
  CHECK_OK(inscrm_service_request_wait_on_customer(db, &clerk, id, "proof of address requested", &r));
  CHECK(r != NULL && r->sla->paused == 1 && r->sla->pause_count == 1);
  if (r) {
    CHECK_STR(r->status, "waiting_on_customer");
    if (r->sla->pause_count == 1) CHECK_STR(r->sla->pauses[0].reason, "proof of address requested");
  }
  inscrm_service_request_free(&r);
  inscrm_deadlines* d = NULL;
  CHECK_OK(inscrm_service_request_deadlines(db, &clerk, id, &d));
  CHECK(d != NULL && d->paused == 1 && d->resolve_unix_micros == 0 && d->row.resolve_within_minutes == 40 * 60);
  if (d) CHECK_STR(d->row.calendar, "business");
  inscrm_deadlines_free(&d);
  CHECK_ERROR(inscrm_service_request_complete(db, &clerk, id, "address changed", NULL, &r), INSCRM_ILLEGAL_TRANSITION,
              "status");
  CHECK_OK(inscrm_service_request_customer_responded(db, &clerk, id, "utility bill received", NULL));
  CHECK_ERROR(inscrm_service_request_complete(db, &clerk, id, "", NULL, &r), INSCRM_ILLEGAL_TRANSITION, "result");
  CHECK_OK(inscrm_service_request_complete(db, &clerk, id, "address changed", NULL, &r));
  CHECK(r != NULL && r->completed_at_unix_micros > 0 && r->sla->resolved_at_unix_micros > 0);
  if (r) {
    CHECK_STR(r->status, "completed");
    CHECK_STR(r->result, "address changed");
  }
  inscrm_service_request_free(&r);

  /* The effect: the new address is the customer's primary one. */
  inscrm_customer* c = NULL;
  CHECK_OK(inscrm_customer_get(db, &clerk, customer, &c));
  CHECK(c != NULL && c->address_count == 1 && c->addresses[0].primary == 1);
  if (c && c->address_count == 1) CHECK_STR(c->addresses[0].postal_code, "200120");
  inscrm_customer_free(&c);

  inscrm_service_request_step_list* h = NULL;
  CHECK_OK(inscrm_service_request_history(db, &clerk, id, &h));
  CHECK(h != NULL && h->count == 5);
  if (h && h->count == 5) {
    static const char* const events[] = {"submit", "start", "wait_on_customer", "customer_responded", "complete"};
    for (size_t i = 0; i < h->count; ++i) CHECK_STR(h->items[i]->event, events[i]);
    CHECK(h->items[0]->request == id);
    CHECK_STR(h->items[4]->from, "in_progress");
    CHECK_STR(h->items[4]->to, "completed");
    CHECK_STR(h->items[2]->note, "proof of address requested");
  }
  inscrm_service_request_step_list_free(&h);
}

static void surrender(inscrm_db* db, int64_t customer, int64_t policy) {
  inscrm_service_request_input in = INSCRM_SERVICE_REQUEST_INPUT_INIT;
  in.kind = "surrender";
  in.customer = customer;
  in.policy = policy;
  const int64_t id = submit(db, &in);
  inscrm_service_request* r = NULL;
  CHECK_OK(inscrm_service_request_start(db, &clerk, id, NULL, NULL));
  /* A surrender is completed with the value paid out. */
  CHECK_ERROR(inscrm_service_request_complete(db, &clerk, id, "surrendered", NULL, &r), INSCRM_ILLEGAL_TRANSITION,
              "amount");
  const inscrm_money value = INSCRM_MONEY_CNY(850000);
  CHECK_OK(inscrm_service_request_complete(db, &clerk, id, "surrender value paid", &value, &r));
  CHECK(r != NULL && r->amount != NULL && r->amount->minor == 850000 && r->policy == policy);
  inscrm_service_request_free(&r);
  inscrm_policy* p = NULL;
  CHECK_OK(inscrm_policy_get(db, &clerk, policy, &p));
  CHECK(p != NULL && p->status == INSCRM_POLICY_STATUS_SURRENDERED);
  inscrm_policy_free(&p);

  /* A second surrender of the same policy: the lifecycle refuses (naming the policy's status),
   * and the request stays open. */
  const int64_t again = submit(db, &in);
  CHECK_OK(inscrm_service_request_start(db, &clerk, again, NULL, NULL));
  CHECK_ERROR(inscrm_service_request_complete(db, &clerk, again, "surrendered", &value, &r), INSCRM_ILLEGAL_TRANSITION,
              "policy.status");
  CHECK_OK(inscrm_service_request_get(db, &clerk, again, &r));
  if (r) CHECK_STR(r->status, "in_progress");
  inscrm_service_request_free(&r);
  CHECK_ERROR(inscrm_service_request_reject(db, &clerk, again, "", &r), INSCRM_ILLEGAL_TRANSITION, "note");
  CHECK_OK(inscrm_service_request_reject(db, &clerk, again, "the policy is already surrendered", &r));
  if (r) {
    CHECK_STR(r->status, "rejected");
    CHECK_STR(r->result, "the policy is already surrendered");
  }
  inscrm_service_request_free(&r);
  CHECK_ERROR(inscrm_service_request_cancel(db, &clerk, again, NULL, &r), INSCRM_ILLEGAL_TRANSITION, "status");

  inscrm_service_request_list* l = NULL;
  inscrm_service_request_query q = INSCRM_SERVICE_REQUEST_QUERY_INIT;
  q.policy = policy;
  CHECK_OK(inscrm_service_requests_list(db, &clerk, &q, &l));
  CHECK(l != NULL && l->count == 2);
  inscrm_service_request_list_free(&l);
  const char* const rejected[] = {"rejected"};
  q.statuses = rejected;
  q.status_count = 1;
  CHECK_OK(inscrm_service_requests_list(db, &clerk, &q, &l));
  CHECK(l != NULL && l->count == 1 && l->items[0]->id == again);
  inscrm_service_request_list_free(&l);
}

static void emergency_breach(inscrm_db* db, int64_t customer) {
  inscrm_service_request_input in = INSCRM_SERVICE_REQUEST_INPUT_INIT;
  in.kind = "emergency_rescue";
  in.customer = customer;
  const int64_t id = submit(db, &in);
  inscrm_deadlines* d = NULL;
  CHECK_OK(inscrm_service_request_deadlines(db, &clerk, id, &d));
  CHECK(d != NULL && d->row.acknowledge_within_minutes == 30 && d->acknowledge_unix_micros == d->as_of_unix_micros + HOUR / 2);
  if (d) CHECK_STR(d->row.calendar, "round_the_clock");
  inscrm_deadlines_free(&d);

  int64_t now = 0;
  CHECK_OK(inscrm_db_now(db, &now));
  CHECK_OK(inscrm_db_set_time(db, now + HOUR));
  inscrm_daily_report* report = NULL;
  CHECK_OK(inscrm_db_run_daily(db, &clerk, NULL, &report));
  CHECK(report != NULL && report->service_requests_breached == 1 && report->complaints_escalated == 0);
  inscrm_daily_report_free(&report);
  CHECK_OK(inscrm_db_run_daily(db, &clerk, NULL, &report));
  CHECK(report != NULL && report->service_requests_breached == 0);
  inscrm_daily_report_free(&report);
  inscrm_service_request* r = NULL;
  CHECK_OK(inscrm_service_request_get(db, &clerk, id, &r));
  CHECK(r != NULL && r->sla->breached_ack_at_unix_micros == now + HOUR / 2);
  inscrm_service_request_free(&r);
  CHECK_OK(inscrm_service_request_cancel(db, &clerk, id, "the customer got help elsewhere", &r));
  if (r) CHECK_STR(r->status, "cancelled");
  inscrm_service_request_free(&r);
}

static void submission_errors(inscrm_db* db, int64_t customer, int64_t policy) {
  inscrm_service_request* r = NULL;
  inscrm_service_request_input in = INSCRM_SERVICE_REQUEST_INPUT_INIT;
  in.customer = customer;
  CHECK_NULL_ARG(inscrm_service_request_submit(db, &clerk, &in, &r), "kind");
  in.kind = "teleportation";
  CHECK_ERROR(inscrm_service_request_submit(db, &clerk, &in, &r), INSCRM_INVALID_ARGUMENT, "kind");
  in.kind = "policy_loan";
  CHECK_ERROR(inscrm_service_request_submit(db, &clerk, &in, &r), INSCRM_INVALID_ARGUMENT, "policy");
  in.policy = 404;
  const inscrm_money loan = INSCRM_MONEY_CNY(100000);
  in.amount = &loan;
  CHECK_ERROR(inscrm_service_request_submit(db, &clerk, &in, &r), INSCRM_NOT_FOUND, "policy");
  in.policy = policy;
  const inscrm_phone phones[] = {{"138 1234 5678", 1, 0}};
  in.phones = phones;
  in.phone_count = 1;
  CHECK_ERROR(inscrm_service_request_submit(db, &clerk, &in, &r), INSCRM_INVALID_ARGUMENT, "payload");
  in.kind = "change_address"; /* no address given */
  in.policy = 0;
  in.amount = NULL;
  in.phones = NULL;
  in.phone_count = 0;
  CHECK_ERROR(inscrm_service_request_submit(db, &clerk, &in, &r), INSCRM_INVALID_ARGUMENT, "payload");
  const inscrm_address no_line = {NULL, NULL, NULL, 1, 0};
  in.address = &no_line;
  CHECK_NULL_ARG(inscrm_service_request_submit(db, &clerk, &in, &r), "payload.address.line");
  in.address = NULL;
  in.kind = "change_contact";
  const inscrm_phone bad_phone[] = {{"12", 1, 0}};
  in.phones = bad_phone;
  in.phone_count = 1;
  CHECK_ERROR(inscrm_service_request_submit(db, &clerk, &in, &r), INSCRM_INVALID_ARGUMENT, "payload.phones[0].number");
  in.phones = NULL;
  CHECK_ERROR(inscrm_service_request_submit(db, &clerk, &in, &r), INSCRM_INVALID_ARGUMENT, "payload.phones");
  in.phone_count = 0;
  in.kind = "change_payment_method";
  in.payment_channel = "barter";
  CHECK_ERROR(inscrm_service_request_submit(db, &clerk, &in, &r), INSCRM_INVALID_ARGUMENT, "payload.channel");
  in.payment_channel = NULL;
  in.kind = "health_consultation";
  in.customer = 404;
  CHECK_ERROR(inscrm_service_request_submit(db, &clerk, &in, &r), INSCRM_NOT_FOUND, "customer");
  in.version = 7;
  CHECK_ERROR(inscrm_service_request_submit(db, &clerk, &in, &r), INSCRM_INVALID_ARGUMENT, "input.version");
  CHECK_NULL_ARG(inscrm_service_request_submit(db, &clerk, NULL, &r), "input");
  CHECK(r == NULL);

  CHECK_NULL_ARG(inscrm_service_request_wait_on_customer(db, &clerk, 1, NULL, &r), "reason");
  CHECK_NULL_ARG(inscrm_service_request_complete(db, &clerk, 1, NULL, NULL, &r), "result");
  CHECK_NULL_ARG(inscrm_service_request_reject(db, &clerk, 1, NULL, &r), "reason");
  CHECK_NULL_ARG(inscrm_service_request_get(db, &clerk, 1, NULL), "out");
  CHECK_NULL_ARG(inscrm_service_request_history(db, &clerk, 1, NULL), "out");
  CHECK_NULL_ARG(inscrm_service_request_deadlines(db, &clerk, 1, NULL), "out");
  CHECK_NULL_ARG(inscrm_service_requests_list(db, &clerk, NULL, NULL), "out");
  CHECK_ERROR(inscrm_service_request_get(db, &clerk, 404, &r), INSCRM_NOT_FOUND, "id");
  CHECK_ERROR(inscrm_service_request_start(db, &clerk, 404, NULL, &r), INSCRM_NOT_FOUND, "id");
  const char* const statuses[] = {"open"};
  inscrm_service_request_query q = INSCRM_SERVICE_REQUEST_QUERY_INIT;
  q.statuses = statuses;
  q.status_count = 1;
  inscrm_service_request_list* l = NULL;
  CHECK_ERROR(inscrm_service_requests_list(db, &clerk, &q, &l), INSCRM_INVALID_ARGUMENT, "query.statuses[0]");
}

void test_service_requests(void) {
  inscrm_db* db = open_memory("2024-01-10");
  make_product(db);
  const int64_t holder = make_customer_at(db, "张伟", make_branch(db));
  const int64_t policy = issue_policy(db, holder);
  CHECK_OK(inscrm_db_set_time(db, INT64_C(1704880800000000))); /* Wednesday 10 January 2024, 10:00 UTC */
  address_change(db, holder);
  surrender(db, holder, policy);
  emergency_breach(db, holder);
  submission_errors(db, holder, policy);
  inscrm_close(&db);
}
