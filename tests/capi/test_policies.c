/* Policies: quote, issue, lifecycle events, reads, lists, history, bulk import. */
#include "check.h"
#include "fixture.h"

#include <string.h>

static inscrm_policy_application application(int64_t holder) {
  inscrm_policy_application app = INSCRM_POLICY_APPLICATION_INIT;
  app.product = "WL-2024";
  app.holder = holder;
  app.sum_insured = (inscrm_money)INSCRM_MONEY_CNY(50000000);
  app.premium = (inscrm_money)INSCRM_MONEY_CNY(1200000);
  return app;
}

static void issue_and_read(inscrm_db* db, int64_t holder, int64_t spouse) {
  inscrm_policy_application app = application(holder);
  const inscrm_beneficiary heirs[] = {{spouse, 100}};
  app.beneficiaries = heirs;
  app.beneficiary_count = 1;
  app.number = "WL-000001";
  app.external_ref = "CORE-P-1";
  app.frequency = "semi_annual";
  app.premium_years = 10;
  inscrm_policy* p = NULL;
  CHECK_OK(inscrm_policy_issue(db, &clerk, &app, &p));
  CHECK(p != NULL);
  if (!p) return;
  CHECK(p->id > 0 && p->holder == holder && p->status == INSCRM_POLICY_STATUS_IN_FORCE);
  CHECK_STR(p->number, "WL-000001");
  CHECK_STR(p->external_ref, "CORE-P-1");
  CHECK_STR(p->frequency, "semi_annual");
  CHECK(p->premium_years == 10 && p->renewals == 0);
  CHECK(p->insured_count == 1 && p->insured[0] == holder); /* none given = the holder */
  CHECK(p->beneficiary_count == 1 && p->beneficiaries[0].customer == spouse && p->beneficiaries[0].share_percent == 100);
  CHECK(p->sum_insured.minor == 50000000 && strcmp(p->sum_insured.currency, "CNY") == 0);
  CHECK(p->premium.minor == 1200000);
  CHECK_STR(p->application_date, "2024-01-10");
  CHECK_STR(p->issue_date, "2024-01-10");
  CHECK_STR(p->effective_date, "2024-01-10");
  CHECK_STR(p->expiry_date, "2044-01-10"); /* effective + the product's 20 years */
  CHECK_STR(p->status_since, "2024-01-10");
  const int64_t id = p->id;

  inscrm_policy* q = NULL;
  CHECK_OK(inscrm_policy_get(db, &clerk, id, &q));
  CHECK(q != NULL && q->id == id && q->version == p->version && strcmp(q->number, "WL-000001") == 0);
  inscrm_policy_free(&q);
  CHECK(q == NULL);
  CHECK_OK(inscrm_policy_get_by_number(db, &clerk, "WL-000001", &q));
  CHECK(q != NULL && q->id == id);
  inscrm_policy_free(&q);
  CHECK_ERROR(inscrm_policy_get_by_number(db, &clerk, "WL-404", &q), INSCRM_NOT_FOUND, "number");
  CHECK_ERROR(inscrm_policy_get(db, &clerk, 404, &q), INSCRM_NOT_FOUND, "id");
  CHECK(q == NULL);
  CHECK_NULL_ARG(inscrm_policy_get_by_number(db, &clerk, NULL, &q), "number");
  CHECK_NULL_ARG(inscrm_policy_get_by_number(db, &clerk, "WL-000001", NULL), "out");
  CHECK_NULL_ARG(inscrm_policy_get(db, &clerk, id, NULL), "out");
  CHECK_NULL_ARG(inscrm_policy_get(db, NULL, id, &q), "actor");

  /* The history records each step issue took. */
  inscrm_transition_list* h = NULL;
  CHECK_OK(inscrm_policy_history(db, &clerk, id, &h));
  CHECK(h != NULL && h->count == 4);
  if (h && h->count == 4) {
    CHECK(h->items[0]->from == INSCRM_POLICY_STATUS_QUOTED && h->items[0]->to == INSCRM_POLICY_STATUS_APPLIED &&
          h->items[0]->event == INSCRM_POLICY_EVENT_APPLY && h->items[0]->policy == id);
    CHECK(h->items[3]->event == INSCRM_POLICY_EVENT_TAKE_EFFECT && h->items[3]->to == INSCRM_POLICY_STATUS_IN_FORCE);
    CHECK_STR(h->items[0]->actor, "u-1024");
    CHECK_STR(h->items[0]->effective_on, "2024-01-10");
    CHECK(h->items[0]->reason != NULL && h->items[0]->at_unix_micros == INT64_C(1704844800000000));
  }
  inscrm_transition_list_free(&h);
  CHECK(h == NULL);
  CHECK_ERROR(inscrm_policy_history(db, &clerk, 404, &h), INSCRM_NOT_FOUND, "id");
  CHECK_NULL_ARG(inscrm_policy_history(db, &clerk, id, NULL), "out");
  inscrm_policy_free(&p);
}

static void issue_errors(inscrm_db* db, int64_t holder, int64_t spouse) {
  inscrm_policy_application app = application(holder);
  inscrm_policy* p = NULL;
  app.product = "NOPE";
  CHECK_ERROR(inscrm_policy_issue(db, &clerk, &app, &p), INSCRM_NOT_FOUND, "product");
  CHECK(p == NULL);
  app.product = NULL;
  CHECK_NULL_ARG(inscrm_policy_issue(db, &clerk, &app, &p), "product");
  app = application(holder);
  app.holder = 9999;
  CHECK_ERROR(inscrm_policy_issue(db, &clerk, &app, &p), INSCRM_NOT_FOUND, "holder");
  app = application(holder);
  memcpy(app.premium.currency, "Usd", 4);
  CHECK_ERROR(inscrm_policy_issue(db, &clerk, &app, &p), INSCRM_INVALID_ARGUMENT, "premium.currency");
  memcpy(app.premium.currency, "USD", 4); /* a real currency, but not the product's */
  CHECK_ERROR(inscrm_policy_issue(db, &clerk, &app, &p), INSCRM_INVALID_ARGUMENT, "premium");
  app = application(holder);
  app.sum_insured.minor = 0;
  CHECK_ERROR(inscrm_policy_issue(db, &clerk, &app, &p), INSCRM_INVALID_ARGUMENT, "sum_insured");
  app = application(holder);
  app.frequency = "fortnightly";
  CHECK_ERROR(inscrm_policy_issue(db, &clerk, &app, &p), INSCRM_INVALID_ARGUMENT, "frequency");
  app = application(holder);
  app.beneficiary_count = 2;
  CHECK_ERROR(inscrm_policy_issue(db, &clerk, &app, &p), INSCRM_INVALID_ARGUMENT, "beneficiaries");
  const inscrm_beneficiary split[] = {{spouse, 60}, {holder, 30}};
  app.beneficiaries = split;
  CHECK_ERROR(inscrm_policy_issue(db, &clerk, &app, &p), INSCRM_INVALID_ARGUMENT, "beneficiaries");
  CHECK(strstr(inscrm_last_error(), "90") != NULL);
  app = application(holder);
  app.insured_count = 1;
  CHECK_ERROR(inscrm_policy_issue(db, &clerk, &app, &p), INSCRM_INVALID_ARGUMENT, "insured");
  const int64_t nobody[] = {7777};
  app.insured = nobody;
  CHECK_ERROR(inscrm_policy_issue(db, &clerk, &app, &p), INSCRM_NOT_FOUND, "insured[0]");
  app = application(holder);
  app.effective_date = "2024-01-32";
  CHECK_ERROR(inscrm_policy_issue(db, &clerk, &app, &p), INSCRM_INVALID_ARGUMENT, "effective_date");
  app.effective_date = NULL;
  app.application_date = "";
  CHECK_ERROR(inscrm_policy_issue(db, &clerk, &app, &p), INSCRM_INVALID_ARGUMENT, "application_date");
  app.application_date = NULL;
  app.expiry_date = "someday";
  CHECK_ERROR(inscrm_policy_issue(db, &clerk, &app, &p), INSCRM_INVALID_ARGUMENT, "expiry_date");
  app.expiry_date = NULL;
  app.whole_life = 1;
  app.expiry_date = "2050-01-01";
  CHECK_ERROR(inscrm_policy_issue(db, &clerk, &app, &p), INSCRM_INVALID_ARGUMENT, "expiry_date");
  app = application(holder);
  app.number = "WL-000001"; /* taken by issue_and_read */
  CHECK(inscrm_policy_issue(db, &clerk, &app, &p) == INSCRM_ALREADY_EXISTS && p == NULL);
  app = application(holder);
  app.version = 0;
  CHECK_ERROR(inscrm_policy_issue(db, &clerk, &app, &p), INSCRM_INVALID_ARGUMENT, "application.version");
  CHECK_ERROR(inscrm_policy_quote(db, &clerk, &app, &p), INSCRM_INVALID_ARGUMENT, "application.version");
  CHECK_NULL_ARG(inscrm_policy_issue(db, &clerk, NULL, &p), "application");
  CHECK_NULL_ARG(inscrm_policy_quote(db, &clerk, NULL, &p), "application");
  app.version = INSCRM_POLICY_APPLICATION_VERSION;
  CHECK_NULL_ARG(inscrm_policy_issue(db, NULL, &app, &p), "actor");
  CHECK_NULL_ARG(inscrm_policy_quote(db, NULL, &app, &p), "actor");
  /* A whole-life policy has no expiry; out is optional. */
  app.whole_life = 1;
  CHECK_OK(inscrm_policy_issue(db, &clerk, &app, NULL));
}

static void quote_and_events(inscrm_db* db, int64_t holder) {
  inscrm_policy_application app = application(holder);
  app.effective_date = "2024-02-01";
  inscrm_policy* p = NULL;
  CHECK_OK(inscrm_policy_quote(db, &clerk, &app, &p));
  CHECK(p != NULL && p->status == INSCRM_POLICY_STATUS_QUOTED && p->issue_date == NULL);
  CHECK(p != NULL && strncmp(p->number, "P", 1) == 0); /* generated from the id */
  const int64_t id = p ? p->id : 0;
  inscrm_policy_free(&p);

  /* By enum, and by name. */
  CHECK_OK(inscrm_policy_apply_event(db, &clerk, id, INSCRM_POLICY_EVENT_APPLY, "signed form", NULL, &p));
  CHECK(p != NULL && p->status == INSCRM_POLICY_STATUS_APPLIED);
  inscrm_policy_free(&p);
  inscrm_policy_event event;
  CHECK_OK(inscrm_policy_event_from_name("start_underwriting", &event));
  CHECK_OK(inscrm_policy_apply_event(db, &clerk, id, event, NULL, "2024-01-11", NULL));
  CHECK_OK(inscrm_policy_get(db, &clerk, id, &p));
  CHECK(p != NULL && p->status == INSCRM_POLICY_STATUS_UNDERWRITING && strcmp(p->status_since, "2024-01-11") == 0);
  inscrm_policy_free(&p);

  /* The table refuses what it has no row for, and nothing changes. */
  CHECK_ERROR(inscrm_policy_apply_event(db, &clerk, id, INSCRM_POLICY_EVENT_REINSTATE, NULL, NULL, &p),
              INSCRM_ILLEGAL_TRANSITION, "status");
  CHECK(p == NULL);
  CHECK_OK(inscrm_policy_get(db, &clerk, id, &p));
  CHECK(p != NULL && p->status == INSCRM_POLICY_STATUS_UNDERWRITING);
  inscrm_policy_free(&p);
  CHECK_OK(inscrm_policy_apply_event(db, &clerk, id, INSCRM_POLICY_EVENT_DECLINE, "medical", NULL, &p));
  CHECK(p != NULL && p->status == INSCRM_POLICY_STATUS_DECLINED);
  inscrm_policy_free(&p);

  CHECK_ERROR(inscrm_policy_apply_event(db, &clerk, 404, INSCRM_POLICY_EVENT_APPLY, NULL, NULL, NULL),
              INSCRM_NOT_FOUND, "id");
  CHECK_ERROR(inscrm_policy_apply_event(db, &clerk, id, (inscrm_policy_event)99, NULL, NULL, NULL),
              INSCRM_INVALID_ARGUMENT, "event");
  CHECK_ERROR(inscrm_policy_apply_event(db, &clerk, id, INSCRM_POLICY_EVENT_APPLY, NULL, "soon", NULL),
              INSCRM_INVALID_ARGUMENT, "on");
  CHECK_NULL_ARG(inscrm_policy_apply_event(db, NULL, id, INSCRM_POLICY_EVENT_APPLY, NULL, NULL, NULL), "actor");
}

static void lists(inscrm_db* db, int64_t holder) {
  inscrm_policy_list* list = NULL;
  CHECK_OK(inscrm_policies_list(db, &clerk, NULL, &list));
  CHECK(list != NULL && list->count == 3);
  inscrm_policy_list_free(&list);
  CHECK(list == NULL);
  const inscrm_policy_status wanted[] = {INSCRM_POLICY_STATUS_DECLINED};
  inscrm_policy_query q = INSCRM_POLICY_QUERY_INIT;
  q.holder = holder;
  q.statuses = wanted;
  q.status_count = 1;
  CHECK_OK(inscrm_policies_list(db, &clerk, &q, &list));
  CHECK(list != NULL && list->count == 1 && list->items[0]->status == INSCRM_POLICY_STATUS_DECLINED);
  inscrm_policy_list_free(&list);
  q.status_count = 0;
  q.limit = 1;
  CHECK_OK(inscrm_policies_list(db, &clerk, &q, &list));
  CHECK(list != NULL && list->count == 1);
  q.after = list && list->count ? list->items[0]->id : 0;
  inscrm_policy_list_free(&list);
  q.limit = 10;
  CHECK_OK(inscrm_policies_list(db, &clerk, &q, &list));
  CHECK(list != NULL && list->count == 2);
  inscrm_policy_list_free(&list);

  const inscrm_policy_status bogus[] = {INSCRM_POLICY_STATUS_IN_FORCE, (inscrm_policy_status)40};
  q.statuses = bogus;
  q.status_count = 2;
  CHECK_ERROR(inscrm_policies_list(db, &clerk, &q, &list), INSCRM_INVALID_ARGUMENT, "query.statuses[1]");
  q.statuses = NULL;
  CHECK_ERROR(inscrm_policies_list(db, &clerk, &q, &list), INSCRM_INVALID_ARGUMENT, "query.statuses");
  q.status_count = 0;
  q.version = 3;
  CHECK_ERROR(inscrm_policies_list(db, &clerk, &q, &list), INSCRM_INVALID_ARGUMENT, "query.version");
  CHECK_NULL_ARG(inscrm_policies_list(db, &clerk, NULL, NULL), "out");
  CHECK_NULL_ARG(inscrm_policies_list(db, NULL, NULL, &list), "actor");
}

void test_policies(void) {
  inscrm_db* db = open_memory("2024-01-10");
  make_product(db);
  const int64_t holder = make_customer(db);
  const int64_t spouse = make_named(db, "李娜");
  issue_and_read(db, holder, spouse);
  issue_errors(db, holder, spouse);
  quote_and_events(db, holder);
  lists(db, holder);
  inscrm_close(&db);
}

void test_policy_import(void) {
  inscrm_db* db = open_memory("2024-06-01");
  make_product(db);
  const int64_t holder = make_customer(db);

  inscrm_policy_application app = application(holder);
  app.number = "CORE-2019-001";
  app.effective_date = "2019-03-01";
  app.application_date = "2019-02-20";
  inscrm_payment_input paid[2] = {INSCRM_PAYMENT_INPUT_INIT, INSCRM_PAYMENT_INPUT_INIT};
  paid[0].due = "2019-03-01";
  paid[1].due = "2020-03-01";
  paid[1].paid = "2020-02-27";
  paid[1].channel = "auto_debit";
  inscrm_policy_application app2 = application(holder);
  app2.number = "CORE-2020-007";
  app2.effective_date = "2020-07-01";
  inscrm_policy_import_row rows[2] = {INSCRM_POLICY_IMPORT_ROW_INIT, INSCRM_POLICY_IMPORT_ROW_INIT};
  rows[0].application = &app;
  rows[0].payments = paid;
  rows[0].payment_count = 2;
  rows[1].application = &app2;
  rows[1].status = INSCRM_POLICY_STATUS_LAPSED;
  int64_t ids[2] = {0, 0};
  CHECK_OK(inscrm_policies_import(db, &clerk, rows, 2, ids));
  CHECK(ids[0] > 0 && ids[1] > ids[0]);

  inscrm_policy* p = NULL;
  CHECK_OK(inscrm_policy_get(db, &clerk, ids[1], &p));
  CHECK(p != NULL && p->status == INSCRM_POLICY_STATUS_LAPSED && strcmp(p->number, "CORE-2020-007") == 0);
  inscrm_policy_free(&p);
  inscrm_payment_list* pays = NULL;
  CHECK_OK(inscrm_policy_payments(db, &clerk, ids[0], &pays));
  CHECK(pays != NULL && pays->count == 2 && strcmp(pays->items[1]->channel, "auto_debit") == 0 &&
        strcmp(pays->items[1]->paid_on, "2020-02-27") == 0 && strcmp(pays->items[1]->kind, "renewal") == 0);
  inscrm_payment_list_free(&pays);

  /* The facade's checks name the row. */
  app.number = "CORE-2019-002";
  app2.number = "CORE-2020-008";
  app2.effective_date = NULL;
  CHECK_ERROR(inscrm_policies_import(db, &clerk, rows, 2, ids), INSCRM_INVALID_ARGUMENT, "rows[1].effective_date");
  CHECK(ids[0] == 0 && ids[1] == 0); /* all or nothing */
  app2.effective_date = "2020-07-01";
  paid[1].due = "2020-03-02";
  CHECK_ERROR(inscrm_policies_import(db, &clerk, rows, 2, ids), INSCRM_INVALID_ARGUMENT, "rows[0].payments[1].due");
  /* …and so do the C layer's. */
  paid[1].due = "2020-3-1";
  CHECK_ERROR(inscrm_policies_import(db, &clerk, rows, 2, ids), INSCRM_INVALID_ARGUMENT, "rows[0].payments[1].due");
  paid[1].due = "2020-03-01";
  paid[1].version = 0;
  CHECK_ERROR(inscrm_policies_import(db, &clerk, rows, 2, ids), INSCRM_INVALID_ARGUMENT,
              "rows[0].payments[1].version");
  paid[1].version = INSCRM_PAYMENT_INPUT_VERSION;
  rows[0].payment_count = 3;
  rows[0].payments = NULL;
  CHECK_ERROR(inscrm_policies_import(db, &clerk, rows, 2, ids), INSCRM_INVALID_ARGUMENT, "rows[0].payments");
  rows[0].payments = paid;
  rows[0].payment_count = 2;
  rows[1].application = NULL;
  CHECK_NULL_ARG(inscrm_policies_import(db, &clerk, rows, 2, ids), "rows[1].application");
  rows[1].application = &app2;
  rows[1].status = (inscrm_policy_status)77;
  CHECK_ERROR(inscrm_policies_import(db, &clerk, rows, 2, ids), INSCRM_INVALID_ARGUMENT, "rows[1].status");
  rows[1].status = INSCRM_POLICY_STATUS_IN_FORCE;
  app2.frequency = "weekly";
  CHECK_ERROR(inscrm_policies_import(db, &clerk, rows, 2, ids), INSCRM_INVALID_ARGUMENT, "rows[1].frequency");
  app2.frequency = NULL;
  rows[1].version = 5;
  CHECK_ERROR(inscrm_policies_import(db, &clerk, rows, 2, ids), INSCRM_INVALID_ARGUMENT, "rows[1].version");
  rows[1].version = INSCRM_POLICY_IMPORT_ROW_VERSION;
  CHECK_ERROR(inscrm_policies_import(db, &clerk, NULL, 2, ids), INSCRM_INVALID_ARGUMENT, "rows");
  CHECK_NULL_ARG(inscrm_policies_import(db, NULL, rows, 2, ids), "actor");
  CHECK_OK(inscrm_policies_import(db, &clerk, NULL, 0, NULL)); /* nothing to do */
  CHECK_OK(inscrm_policies_import(db, &clerk, rows, 2, NULL)); /* out_ids is optional */

  inscrm_policy_list* all = NULL;
  CHECK_OK(inscrm_policies_list(db, &clerk, NULL, &all));
  CHECK(all != NULL && all->count == 4);
  inscrm_policy_list_free(&all);
  inscrm_close(&db);
}
