/* Library module: versions, status names, the last error and the versioned-struct initialisers. */
#include "check.h"
#include "fixture.h"

#include <stdio.h>
#include <string.h>

static void versions(void) {
  CHECK_STR(inscrm_version(), INSCRM_VERSION);
  CHECK(inscrm_version_number() == INSCRM_VERSION_NUMBER);
  char expected[32];
  snprintf(expected, sizeof expected, "%d.%d.%d", INSCRM_VERSION_MAJOR, INSCRM_VERSION_MINOR, INSCRM_VERSION_PATCH);
  CHECK_STR(inscrm_version(), expected);
  CHECK(INSCRM_VERSION_NUMBER == INSCRM_VERSION_MAJOR * 1000000 + INSCRM_VERSION_MINOR * 1000 + INSCRM_VERSION_PATCH);
}

static void status_names(void) {
  /* The names are the C++ Errc names: stable text, like the numbers. */
  static const char* const names[] = {"ok",           "invalid_argument",   "not_found",  "already_exists",
                                      "conflict",     "illegal_transition", "permission_denied",
                                      "storage_unavailable", "storage_error", "schema_too_new", "internal"};
  for (int s = INSCRM_OK; s <= INSCRM_INTERNAL; ++s) CHECK_STR(inscrm_status_name((inscrm_status)s), names[s]);
  CHECK(INSCRM_OK == 0);
  CHECK(INSCRM_INTERNAL == 10);
  CHECK_STR(inscrm_status_name((inscrm_status)11), "unknown");
  CHECK_STR(inscrm_status_name((inscrm_status)-1), "unknown");
}

static void enum_names(void) {
  CHECK_STR(inscrm_policy_status_name(INSCRM_POLICY_STATUS_QUOTED), "quoted");
  CHECK_STR(inscrm_policy_status_name(INSCRM_POLICY_STATUS_GRACE_PERIOD), "grace_period");
  CHECK_STR(inscrm_policy_status_name(INSCRM_POLICY_STATUS_RENEWED), "renewed");
  CHECK_STR(inscrm_policy_status_name((inscrm_policy_status)15), "unknown");
  CHECK_STR(inscrm_policy_event_name(INSCRM_POLICY_EVENT_CANCEL_FREE_LOOK), "cancel_free_look");
  CHECK_STR(inscrm_policy_event_name(INSCRM_POLICY_EVENT_TERMINATE), "terminate");
  CHECK_STR(inscrm_policy_event_name((inscrm_policy_event)-3), "unknown");
  CHECK_STR(inscrm_customer_stage_name(INSCRM_CUSTOMER_STAGE_WON_BACK), "won_back");
  CHECK_STR(inscrm_customer_stage_name((inscrm_customer_stage)6), "unknown");

  inscrm_policy_event e = INSCRM_POLICY_EVENT_APPLY;
  CHECK_OK(inscrm_policy_event_from_name("lapse", &e));
  CHECK(e == INSCRM_POLICY_EVENT_LAPSE);
  /* Every event's name leads back to it. */
  for (int i = INSCRM_POLICY_EVENT_APPLY; i <= INSCRM_POLICY_EVENT_TERMINATE; ++i) {
    CHECK_OK(inscrm_policy_event_from_name(inscrm_policy_event_name((inscrm_policy_event)i), &e));
    CHECK((int)e == i);
  }
  CHECK_ERROR(inscrm_policy_event_from_name("explode", &e), INSCRM_INVALID_ARGUMENT, "event");
  CHECK(strstr(inscrm_last_error(), "explode") != NULL);
  CHECK(strstr(inscrm_last_error(), "reinstate") != NULL); /* the message lists the known names */
  CHECK_NULL_ARG(inscrm_policy_event_from_name(NULL, &e), "name");
  CHECK_NULL_ARG(inscrm_policy_event_from_name("lapse", NULL), "out_event");
}

static void last_error(void) {
  inscrm_db* db = NULL;
  CHECK_ERROR(inscrm_open(NULL, NULL, &db), INSCRM_INVALID_ARGUMENT, "uri");
  /* Getters, names, versions and frees do not touch the last error. */
  (void)inscrm_status_name(INSCRM_OK);
  (void)inscrm_version();
  inscrm_customer* none = NULL;
  inscrm_customer_free(&none);
  inscrm_close(&db);
  CHECK(inscrm_last_error_code() == INSCRM_INVALID_ARGUMENT);
  CHECK_STR(inscrm_last_error_field(), "uri");
  CHECK_STR(inscrm_last_error(), "uri must not be NULL");
  /* The next status-returning call clears it on success. */
  inscrm_policy_event e;
  CHECK_OK(inscrm_policy_event_from_name("renew", &e));
  CHECK(inscrm_last_error_code() == INSCRM_OK);
  CHECK_STR(inscrm_last_error(), "");
  CHECK_STR(inscrm_last_error_field(), "");
}

static void initialisers(void) {
  /* Each _init() gives what its _INIT macro gives, refuses unknown versions and NULL. */
  inscrm_actor actor;
  memset(&actor, 0xAB, sizeof actor);
  CHECK_OK(inscrm_actor_init(&actor, INSCRM_ACTOR_VERSION));
  CHECK(actor.version == INSCRM_ACTOR_VERSION && actor.user == NULL && actor.roles == 0 && actor.org_unit == 0);
  CHECK_ERROR(inscrm_actor_init(&actor, 0), INSCRM_INVALID_ARGUMENT, "version");
  CHECK_ERROR(inscrm_actor_init(&actor, INSCRM_ACTOR_VERSION + 1), INSCRM_INVALID_ARGUMENT, "version");
  CHECK_NULL_ARG(inscrm_actor_init(NULL, INSCRM_ACTOR_VERSION), "actor");

  inscrm_open_options opts;
  memset(&opts, 0xAB, sizeof opts);
  CHECK_OK(inscrm_open_options_init(&opts, INSCRM_OPEN_OPTIONS_VERSION));
  CHECK(opts.clock == INSCRM_CLOCK_SYSTEM && opts.today == NULL && opts.stage_new_months == 6 &&
        opts.stage_won_back_months == 12 && opts.stage_no_contact_months == 12 && opts.stage_lapse_risk_at_risk == 0.7);
  CHECK_ERROR(inscrm_open_options_init(&opts, 99), INSCRM_INVALID_ARGUMENT, "version");
  CHECK(strstr(inscrm_last_error(), "99") != NULL);
  CHECK_NULL_ARG(inscrm_open_options_init(NULL, 1), "opts");

  inscrm_org_unit_input unit;
  CHECK_OK(inscrm_org_unit_input_init(&unit, INSCRM_ORG_UNIT_INPUT_VERSION));
  CHECK(unit.version == INSCRM_ORG_UNIT_INPUT_VERSION && unit.code == NULL && unit.parent == 0);
  CHECK_ERROR(inscrm_org_unit_input_init(&unit, 2), INSCRM_INVALID_ARGUMENT, "version");
  CHECK_NULL_ARG(inscrm_org_unit_input_init(NULL, 1), "input");

  inscrm_agent_input agent;
  CHECK_OK(inscrm_agent_input_init(&agent, INSCRM_AGENT_INPUT_VERSION));
  CHECK(agent.active == 1 && agent.hired_on == NULL);
  CHECK_ERROR(inscrm_agent_input_init(&agent, 0), INSCRM_INVALID_ARGUMENT, "version");
  CHECK_NULL_ARG(inscrm_agent_input_init(NULL, 1), "input");

  inscrm_product_input product;
  CHECK_OK(inscrm_product_input_init(&product, INSCRM_PRODUCT_INPUT_VERSION));
  CHECK(product.free_look_days == 15 && product.grace_days == 60 && product.reinstatement_days == 730 &&
        product.term_years == 1 && product.active == 1 && strcmp(product.currency, "CNY") == 0);
  CHECK_ERROR(inscrm_product_input_init(&product, 7), INSCRM_INVALID_ARGUMENT, "version");
  CHECK_NULL_ARG(inscrm_product_input_init(NULL, 1), "input");

  inscrm_customer_input customer;
  memset(&customer, 0xAB, sizeof customer);
  CHECK_OK(inscrm_customer_input_init(&customer, INSCRM_CUSTOMER_INPUT_VERSION));
  const inscrm_customer_input customer_macro = INSCRM_CUSTOMER_INPUT_INIT;
  CHECK(customer.name == NULL && customer.phones == NULL && customer.phone_count == 0 && customer.need_count == 0 &&
        customer.verified_on == NULL && customer.org_unit == 0 && customer.agent == 0);
  CHECK(customer_macro.verified_on == NULL && customer_macro.agent == 0 && customer_macro.source == NULL &&
        customer_macro.need_count == 0 && customer_macro.region == NULL);
  CHECK_ERROR(inscrm_customer_input_init(&customer, 0), INSCRM_INVALID_ARGUMENT, "version");
  CHECK_NULL_ARG(inscrm_customer_input_init(NULL, 1), "input");

  inscrm_customer_query cq;
  CHECK_OK(inscrm_customer_query_init(&cq, INSCRM_CUSTOMER_QUERY_VERSION));
  CHECK(cq.stage == -1 && cq.limit == 1000 && cq.after == 0);
  CHECK_ERROR(inscrm_customer_query_init(&cq, 5), INSCRM_INVALID_ARGUMENT, "version");
  CHECK_NULL_ARG(inscrm_customer_query_init(NULL, 1), "query");

  inscrm_policy_application app;
  CHECK_OK(inscrm_policy_application_init(&app, INSCRM_POLICY_APPLICATION_VERSION));
  const inscrm_policy_application app_macro = INSCRM_POLICY_APPLICATION_INIT;
  CHECK(app.product == NULL && app.premium.minor == 0 && strcmp(app.premium.currency, "CNY") == 0 &&
        app.whole_life == 0 && app.external_ref == NULL);
  CHECK(app_macro.whole_life == 0 && app_macro.number == NULL && strcmp(app_macro.sum_insured.currency, "CNY") == 0);
  CHECK_ERROR(inscrm_policy_application_init(&app, 3), INSCRM_INVALID_ARGUMENT, "version");
  CHECK_NULL_ARG(inscrm_policy_application_init(NULL, 1), "application");

  inscrm_policy_query pq;
  CHECK_OK(inscrm_policy_query_init(&pq, INSCRM_POLICY_QUERY_VERSION));
  CHECK(pq.limit == 1000 && pq.statuses == NULL);
  CHECK_ERROR(inscrm_policy_query_init(&pq, 0), INSCRM_INVALID_ARGUMENT, "version");
  CHECK_NULL_ARG(inscrm_policy_query_init(NULL, 1), "query");

  inscrm_payment_input pay;
  CHECK_OK(inscrm_payment_input_init(&pay, INSCRM_PAYMENT_INPUT_VERSION));
  CHECK(pay.due == NULL && pay.amount == NULL && pay.channel == NULL);
  CHECK_ERROR(inscrm_payment_input_init(&pay, 0), INSCRM_INVALID_ARGUMENT, "version");
  CHECK_NULL_ARG(inscrm_payment_input_init(NULL, 1), "input");

  inscrm_policy_import_row row;
  CHECK_OK(inscrm_policy_import_row_init(&row, INSCRM_POLICY_IMPORT_ROW_VERSION));
  CHECK(row.status == INSCRM_POLICY_STATUS_IN_FORCE && row.application == NULL && row.payment_count == 0);
  CHECK_ERROR(inscrm_policy_import_row_init(&row, 9), INSCRM_INVALID_ARGUMENT, "version");
  CHECK_NULL_ARG(inscrm_policy_import_row_init(NULL, 1), "row");
}

static void frees_are_null_safe(void) {
  /* Every free function accepts NULL and a NULL pointer. */
  inscrm_close(NULL);
  inscrm_daily_report_free(NULL);
  inscrm_portfolio_summary_free(NULL);
  inscrm_org_unit_free(NULL);
  inscrm_org_unit_list_free(NULL);
  inscrm_agent_free(NULL);
  inscrm_agent_list_free(NULL);
  inscrm_product_free(NULL);
  inscrm_product_list_free(NULL);
  inscrm_customer_free(NULL);
  inscrm_customer_list_free(NULL);
  inscrm_import_report_free(NULL);
  inscrm_policy_free(NULL);
  inscrm_policy_list_free(NULL);
  inscrm_transition_list_free(NULL);
  inscrm_payment_free(NULL);
  inscrm_payment_list_free(NULL);
  inscrm_schedule_free(NULL);
  inscrm_event_list_free(NULL);
  inscrm_db* db = NULL;
  inscrm_close(&db);
  inscrm_customer* c = NULL;
  inscrm_customer_free(&c);
  CHECK(db == NULL && c == NULL);
}

void test_library(void) {
  versions();
  status_names();
  enum_names();
  last_error();
  initialisers();
  frees_are_null_safe();
}
