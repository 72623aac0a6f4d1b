/* Payments and the lifecycle they drive: grace, lapse, reinstatement, arrears. */
#include "check.h"
#include "fixture.h"

#include <string.h>

static inscrm_status pay(inscrm_db* db, int64_t policy, const char* due) {
  inscrm_payment_input in = INSCRM_PAYMENT_INPUT_INIT;
  in.due = due;
  return inscrm_payment_record(db, &clerk, policy, &in, NULL);
}

static inscrm_policy_status status_of(inscrm_db* db, int64_t policy) {
  inscrm_policy* p = NULL;
  CHECK_OK(inscrm_policy_get(db, &clerk, policy, &p));
  const inscrm_policy_status s = p ? p->status : (inscrm_policy_status)-1;
  inscrm_policy_free(&p);
  return s;
}

void test_lifecycle(void) {
  /* The quickstart story, checked: pay, miss, grace, lapse, reinstate, pay the arrears. */
  inscrm_db* db = open_memory("2024-01-10");
  make_product(db);
  const int64_t policy = issue_policy(db, make_customer(db));
  CHECK(status_of(db, policy) == INSCRM_POLICY_STATUS_IN_FORCE);
  CHECK_OK(pay(db, policy, "2024-01-10"));
  CHECK_OK(inscrm_db_set_date(db, "2025-01-10"));
  CHECK_OK(pay(db, policy, "2025-01-10"));

  CHECK_OK(inscrm_db_set_date(db, "2027-01-10"));
  inscrm_daily_report* r = NULL;
  CHECK_OK(inscrm_db_run_daily(db, &clerk, NULL, &r));
  CHECK(r != NULL && r->entered_grace == 1 && r->lapsed == 1 && r->policies_checked == 1);
  inscrm_daily_report_free(&r);
  CHECK(status_of(db, policy) == INSCRM_POLICY_STATUS_LAPSED);
  /* A payment is not accepted while lapsed. */
  CHECK_ERROR(pay(db, policy, "2026-01-10"), INSCRM_INVALID_ARGUMENT, "policy_id");

  inscrm_policy* p = NULL;
  CHECK_OK(inscrm_policy_apply_event(db, &clerk, policy, INSCRM_POLICY_EVENT_REINSTATE, "customer request", NULL, &p));
  CHECK(p != NULL && p->status == INSCRM_POLICY_STATUS_REINSTATED);
  inscrm_policy_free(&p);
  CHECK(status_of(db, policy) == INSCRM_POLICY_STATUS_REINSTATED);
  /* Paying the overdue 2026 instalment clears the arrears (2027-01-10 falls due today, so it is
   * not overdue yet): back in force. */
  CHECK_OK(pay(db, policy, "2026-01-10"));
  CHECK(status_of(db, policy) == INSCRM_POLICY_STATUS_IN_FORCE);
  CHECK_OK(pay(db, policy, "2027-01-10"));
  CHECK(status_of(db, policy) == INSCRM_POLICY_STATUS_IN_FORCE);

  inscrm_transition_list* h = NULL;
  CHECK_OK(inscrm_policy_history(db, &clerk, policy, &h));
  CHECK(h != NULL && h->count == 8);
  if (h && h->count == 8) {
    CHECK(h->items[4]->event == INSCRM_POLICY_EVENT_MISS_PREMIUM && strcmp(h->items[4]->effective_on, "2026-01-11") == 0);
    CHECK(h->items[5]->event == INSCRM_POLICY_EVENT_LAPSE && h->items[5]->to == INSCRM_POLICY_STATUS_LAPSED);
    CHECK(h->items[6]->event == INSCRM_POLICY_EVENT_REINSTATE);
    CHECK_STR(h->items[6]->reason, "customer request");
    CHECK(h->items[7]->event == INSCRM_POLICY_EVENT_PAY_ARREARS && h->items[7]->to == INSCRM_POLICY_STATUS_IN_FORCE);
  }
  inscrm_transition_list_free(&h);

  /* Surrender is final: a second surrender is an illegal transition. */
  CHECK_OK(inscrm_policy_apply_event(db, &clerk, policy, INSCRM_POLICY_EVENT_SURRENDER, NULL, NULL, NULL));
  CHECK_ERROR(inscrm_policy_apply_event(db, &clerk, policy, INSCRM_POLICY_EVENT_SURRENDER, NULL, NULL, NULL),
              INSCRM_ILLEGAL_TRANSITION, "status");
  inscrm_close(&db);
}

void test_payments(void) {
  inscrm_db* db = open_memory("2024-01-10");
  make_product(db);
  const int64_t policy = issue_policy(db, make_customer(db));

  inscrm_payment_input in = INSCRM_PAYMENT_INPUT_INIT;
  in.due = "2024-01-10";
  in.paid = "2024-01-09";
  const inscrm_money amount = INSCRM_MONEY_CNY(1200000);
  in.amount = &amount;
  in.channel = "online";
  inscrm_payment* p = NULL;
  CHECK_OK(inscrm_payment_record(db, &clerk, policy, &in, &p));
  CHECK(p != NULL);
  if (p) {
    CHECK(p->id > 0 && p->policy == policy && p->policy_year == 1 && p->amount.minor == 1200000);
    CHECK_STR(p->due_date, "2024-01-10");
    CHECK_STR(p->paid_on, "2024-01-09");
    CHECK_STR(p->kind, "first_year");
    CHECK_STR(p->channel, "online");
    CHECK_STR(p->amount.currency, "CNY");
    CHECK(p->recorded_at_unix_micros == INT64_C(1704844800000000));
  }
  inscrm_payment_free(&p);
  CHECK(p == NULL);

  /* Errors: the C layer's and the facade's. */
  CHECK(inscrm_payment_record(db, &clerk, policy, &in, &p) == INSCRM_ALREADY_EXISTS && p == NULL);
  in.due = NULL;
  CHECK_NULL_ARG(inscrm_payment_record(db, &clerk, policy, &in, &p), "due");
  in.due = "2024-1-10";
  CHECK_ERROR(inscrm_payment_record(db, &clerk, policy, &in, &p), INSCRM_INVALID_ARGUMENT, "due");
  in.due = "2024-02-10"; /* not an instalment date of an annual policy */
  CHECK_ERROR(inscrm_payment_record(db, &clerk, policy, &in, &p), INSCRM_INVALID_ARGUMENT, "due");
  in.due = "2025-01-10";
  in.paid = "2025-01-10"; /* in the future by the clock */
  CHECK_ERROR(inscrm_payment_record(db, &clerk, policy, &in, &p), INSCRM_INVALID_ARGUMENT, "paid");
  in.paid = "tomorrow";
  CHECK_ERROR(inscrm_payment_record(db, &clerk, policy, &in, &p), INSCRM_INVALID_ARGUMENT, "paid");
  in.paid = NULL;
  in.channel = "carrier_pigeon";
  CHECK_ERROR(inscrm_payment_record(db, &clerk, policy, &in, &p), INSCRM_INVALID_ARGUMENT, "channel");
  in.channel = NULL;
  const inscrm_money bad_code = {1200000, "cn"};
  in.amount = &bad_code;
  CHECK_ERROR(inscrm_payment_record(db, &clerk, policy, &in, &p), INSCRM_INVALID_ARGUMENT, "amount.currency");
  const inscrm_money dollars = {1200000, "USD"};
  in.amount = &dollars;
  CHECK_ERROR(inscrm_payment_record(db, &clerk, policy, &in, &p), INSCRM_INVALID_ARGUMENT, "amount");
  in.amount = NULL;
  CHECK_ERROR(inscrm_payment_record(db, &clerk, 404, &in, &p), INSCRM_NOT_FOUND, "id");
  in.version = 0;
  CHECK_ERROR(inscrm_payment_record(db, &clerk, policy, &in, &p), INSCRM_INVALID_ARGUMENT, "input.version");
  CHECK_NULL_ARG(inscrm_payment_record(db, &clerk, policy, NULL, &p), "input");
  in.version = INSCRM_PAYMENT_INPUT_VERSION;
  CHECK_NULL_ARG(inscrm_payment_record(db, NULL, policy, &in, &p), "actor");

  /* Lists and the schedule. */
  inscrm_payment_list* list = NULL;
  CHECK_OK(inscrm_policy_payments(db, &clerk, policy, &list));
  CHECK(list != NULL && list->count == 1 && strcmp(list->items[0]->due_date, "2024-01-10") == 0);
  inscrm_payment_list_free(&list);
  CHECK(list == NULL);
  CHECK_ERROR(inscrm_policy_payments(db, &clerk, 404, &list), INSCRM_NOT_FOUND, "id");
  CHECK_NULL_ARG(inscrm_policy_payments(db, &clerk, policy, NULL), "out");

  inscrm_schedule* s = NULL;
  CHECK_OK(inscrm_policy_schedule(db, &clerk, policy, "2026-06-30", &s));
  CHECK(s != NULL && s->count == 3);
  if (s && s->count == 3) {
    CHECK_STR(s->items[0]->due_date, "2024-01-10");
    CHECK(s->items[0]->payment != NULL && s->items[0]->payment->policy_year == 1 &&
          strcmp(s->items[0]->payment->channel, "online") == 0);
    CHECK(s->items[1]->payment == NULL && s->items[1]->policy_year == 2 && s->items[1]->amount.minor == 1200000);
    CHECK_STR(s->items[2]->due_date, "2026-01-10");
  }
  inscrm_schedule_free(&s);
  CHECK(s == NULL);
  CHECK_ERROR(inscrm_policy_schedule(db, &clerk, policy, "mid-2026", &s), INSCRM_INVALID_ARGUMENT, "through");
  CHECK_NULL_ARG(inscrm_policy_schedule(db, &clerk, policy, NULL, &s), "through");
  CHECK_NULL_ARG(inscrm_policy_schedule(db, &clerk, policy, "2026-06-30", NULL), "out");
  CHECK_ERROR(inscrm_policy_schedule(db, &clerk, 404, "2026-06-30", &s), INSCRM_NOT_FOUND, "id");
  inscrm_close(&db);
}
