/* Every function that takes a database handle refuses NULL with INVALID_ARGUMENT naming "db",
 * and resets its out-parameter first. */
#include "check.h"
#include "fixture.h"

static int handler(const inscrm_event* e, void* user_data) {
  (void)e;
  (void)user_data;
  return 1;
}

void test_null_handles(void) {
  inscrm_db* db = NULL;
  int64_t id = 5;
  int64_t micros = 5;
  int schema = 5;
  size_t handled = 5;
  const char* kind = "x";
  inscrm_daily_report* report = NULL;
  inscrm_portfolio_summary* summary = NULL;
  inscrm_org_unit* unit = NULL;
  inscrm_org_unit_list* units = NULL;
  inscrm_agent* agent = NULL;
  inscrm_agent_list* agents = NULL;
  inscrm_product* product = NULL;
  inscrm_product_list* products = NULL;
  inscrm_customer* customer = NULL;
  inscrm_customer_list* customers = NULL;
  inscrm_import_report* imported = NULL;
  inscrm_policy* policy = NULL;
  inscrm_policy_list* policies = NULL;
  inscrm_transition_list* history = NULL;
  inscrm_payment* payment = NULL;
  inscrm_payment_list* payments = NULL;
  inscrm_schedule* schedule = NULL;
  inscrm_event_list* events = NULL;
  const inscrm_org_unit_input unit_in = INSCRM_ORG_UNIT_INPUT_INIT;
  const inscrm_agent_input agent_in = INSCRM_AGENT_INPUT_INIT;
  const inscrm_product_input product_in = INSCRM_PRODUCT_INPUT_INIT;
  const inscrm_customer_input customer_in = INSCRM_CUSTOMER_INPUT_INIT;
  const inscrm_policy_application app = INSCRM_POLICY_APPLICATION_INIT;
  const inscrm_payment_input pay_in = INSCRM_PAYMENT_INPUT_INIT;

  CHECK_NULL_ARG(inscrm_db_set_time(db, 0), "db");
  CHECK_NULL_ARG(inscrm_db_set_date(db, "2024-01-01"), "db");
  CHECK_NULL_ARG(inscrm_db_now(db, &micros), "db");
  CHECK(micros == 0);
  CHECK_NULL_ARG(inscrm_db_storage_kind(db, &kind), "db");
  CHECK(kind == NULL);
  CHECK_NULL_ARG(inscrm_db_schema_version(db, &schema), "db");
  CHECK(schema == 0);
  CHECK_NULL_ARG(inscrm_db_run_daily(db, &clerk, NULL, &report), "db");
  CHECK_NULL_ARG(inscrm_db_summary(db, &clerk, &summary), "db");
  CHECK_NULL_ARG(inscrm_org_unit_create(db, &clerk, &unit_in, &id), "db");
  CHECK(id == 0);
  CHECK_NULL_ARG(inscrm_org_unit_get(db, &clerk, 1, &unit), "db");
  CHECK_NULL_ARG(inscrm_org_units_list(db, &clerk, &units), "db");
  CHECK_NULL_ARG(inscrm_agent_create(db, &clerk, &agent_in, &id), "db");
  CHECK_NULL_ARG(inscrm_agent_get(db, &clerk, 1, &agent), "db");
  CHECK_NULL_ARG(inscrm_agents_list(db, &clerk, 0, &agents), "db");
  CHECK_NULL_ARG(inscrm_product_create(db, &clerk, &product_in, &id), "db");
  CHECK_NULL_ARG(inscrm_product_get(db, &clerk, 1, &product), "db");
  CHECK_NULL_ARG(inscrm_product_get_by_code(db, &clerk, "WL", &product), "db");
  CHECK_NULL_ARG(inscrm_products_list(db, &clerk, &products), "db");
  CHECK_NULL_ARG(inscrm_customer_create(db, &clerk, &customer_in, &id), "db");
  CHECK_NULL_ARG(inscrm_customer_get(db, &clerk, 1, &customer), "db");
  CHECK_NULL_ARG(inscrm_customer_update(db, &clerk, &customer_in, &customer), "db");
  CHECK_NULL_ARG(inscrm_customer_find_by_external_ref(db, &clerk, "R", &customer), "db");
  CHECK_NULL_ARG(inscrm_customer_find_by_identity(db, &clerk, "1", &customers), "db");
  CHECK_NULL_ARG(inscrm_customers_list(db, &clerk, NULL, &customers), "db");
  CHECK_NULL_ARG(inscrm_customers_import(db, &clerk, &customer_in, 1, INSCRM_IMPORT_SKIP_BAD_ROWS, &imported), "db");
  CHECK_NULL_ARG(inscrm_policy_quote(db, &clerk, &app, &policy), "db");
  CHECK_NULL_ARG(inscrm_policy_issue(db, &clerk, &app, &policy), "db");
  CHECK_NULL_ARG(inscrm_policy_apply_event(db, &clerk, 1, INSCRM_POLICY_EVENT_APPLY, NULL, NULL, &policy), "db");
  CHECK_NULL_ARG(inscrm_policy_get(db, &clerk, 1, &policy), "db");
  CHECK_NULL_ARG(inscrm_policy_get_by_number(db, &clerk, "P", &policy), "db");
  CHECK_NULL_ARG(inscrm_policies_list(db, &clerk, NULL, &policies), "db");
  CHECK_NULL_ARG(inscrm_policy_history(db, &clerk, 1, &history), "db");
  CHECK_NULL_ARG(inscrm_policies_import(db, &clerk, NULL, 0, NULL), "db");
  CHECK_NULL_ARG(inscrm_payment_record(db, &clerk, 1, &pay_in, &payment), "db");
  CHECK_NULL_ARG(inscrm_policy_payments(db, &clerk, 1, &payments), "db");
  CHECK_NULL_ARG(inscrm_policy_schedule(db, &clerk, 1, "2024-01-01", &schedule), "db");
  CHECK_NULL_ARG(inscrm_events_poll(db, 10, 0, &events), "db");
  CHECK_NULL_ARG(inscrm_events_ack(db, 1), "db");
  CHECK_NULL_ARG(inscrm_events_drain(db, handler, NULL, 10, &handled), "db");
  CHECK(handled == 0);
  CHECK(report == NULL && summary == NULL && unit == NULL && units == NULL && agent == NULL && agents == NULL &&
        product == NULL && products == NULL && customer == NULL && customers == NULL && imported == NULL &&
        policy == NULL && policies == NULL && history == NULL && payment == NULL && payments == NULL &&
        schedule == NULL && events == NULL);
}
