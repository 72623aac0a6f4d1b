// inscrm.h compiled as C++ (the project builds this with C++11, the oldest a host may use):
// extern "C" linkage, the INIT macros as C++ initialisers, and status values usable as
// inscrm_status without casts. Prints the suite's closing line like the C tests.

#include <inscrm.h>

#include <cstdio>
#include <cstring>

namespace {

int passed = 0;
int failed = 0;

void check(bool ok, const char* what) {
  if (ok) {
    ++passed;
  } else {
    ++failed;
    std::fprintf(stderr, "FAILED: %s (%s)\n", what, inscrm_last_error());
  }
}

}  // namespace

int main() {
  const inscrm_actor actor = INSCRM_ACTOR_SYSTEM_INIT;
  const inscrm_actor blank = INSCRM_ACTOR_INIT;
  const inscrm_open_options opts = INSCRM_OPEN_OPTIONS_INIT;
  const inscrm_org_unit_input unit = INSCRM_ORG_UNIT_INPUT_INIT;
  const inscrm_agent_input agent = INSCRM_AGENT_INPUT_INIT;
  const inscrm_product_input product = INSCRM_PRODUCT_INPUT_INIT;
  const inscrm_customer_input customer = INSCRM_CUSTOMER_INPUT_INIT;
  const inscrm_customer_query cquery = INSCRM_CUSTOMER_QUERY_INIT;
  const inscrm_policy_application app = INSCRM_POLICY_APPLICATION_INIT;
  const inscrm_policy_query pquery = INSCRM_POLICY_QUERY_INIT;
  const inscrm_payment_input pay = INSCRM_PAYMENT_INPUT_INIT;
  const inscrm_policy_import_row row = INSCRM_POLICY_IMPORT_ROW_INIT;
  const inscrm_money money = INSCRM_MONEY_CNY(100);
  check(actor.roles == INSCRM_ROLE_SYSTEM && std::strcmp(actor.user, "system") == 0, "INSCRM_ACTOR_SYSTEM_INIT");
  check(blank.user == nullptr, "INSCRM_ACTOR_INIT");
  check(unit.version == INSCRM_ORG_UNIT_INPUT_VERSION && agent.active == 1 && product.grace_days == 60 &&
            customer.verified_on == nullptr && cquery.stage == -1 && pquery.limit == 1000 && pay.due == nullptr &&
            row.status == INSCRM_POLICY_STATUS_IN_FORCE && app.whole_life == 0 && money.minor == 100,
        "INIT macros");

  inscrm_db* db = nullptr;
  inscrm_status st = inscrm_open("memory:", &opts, &db);
  check(st == INSCRM_OK && db != nullptr, "inscrm_open from C++");
  inscrm_customer_input in = customer;
  in.name = "C++ host";
  int64_t id = 0;
  st = inscrm_customer_create(db, &actor, &in, &id);
  check(st == INSCRM_OK && id > 0, "inscrm_customer_create from C++");
  st = inscrm_customer_create(db, &actor, nullptr, &id);
  check(st == INSCRM_INVALID_ARGUMENT && std::strcmp(inscrm_last_error_field(), "input") == 0, "NULL input");
  inscrm_close(&db);
  check(db == nullptr, "inscrm_close");

  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
