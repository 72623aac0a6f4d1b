#include "fixture.h"

#include "check.h"

#include <stddef.h>

/* Also an administrator: the fixture sets up reference data (products, org units), settings and
 * runs the daily rules, which a service representative alone may not (security/permissions.hpp). */
const inscrm_actor clerk = {INSCRM_ACTOR_VERSION, "u-1024", INSCRM_ROLE_SERVICE_REP | INSCRM_ROLE_ADMINISTRATOR,
                            0, 0, 0};

inscrm_db* open_memory(const char* today) {
  inscrm_open_options opts = INSCRM_OPEN_OPTIONS_INIT;
  opts.clock = INSCRM_CLOCK_MANUAL;
  opts.today = today;
  inscrm_db* db = NULL;
  CHECK_OK(inscrm_open("memory:", &opts, &db));
  return db;
}

int64_t make_product(inscrm_db* db) {
  inscrm_product_input p = INSCRM_PRODUCT_INPUT_INIT;
  p.code = "WL-2024";
  p.name = "Whole Life 2024";
  p.line = "life";
  p.term_years = 20;
  int64_t id = 0;
  CHECK_OK(inscrm_product_create(db, &clerk, &p, &id));
  return id;
}

int64_t make_customer(inscrm_db* db) {
  inscrm_customer_input c = INSCRM_CUSTOMER_INPUT_INIT;
  c.name = "张伟";
  c.identity_number = "110105198503142318";
  c.region = "310000";
  int64_t id = 0;
  CHECK_OK(inscrm_customer_create(db, &clerk, &c, &id));
  return id;
}

int64_t make_named(inscrm_db* db, const char* name) {
  inscrm_customer_input c = INSCRM_CUSTOMER_INPUT_INIT;
  c.name = name;
  int64_t id = 0;
  CHECK_OK(inscrm_customer_create(db, &clerk, &c, &id));
  return id;
}

int64_t issue_policy(inscrm_db* db, int64_t holder) {
  inscrm_policy_application app = INSCRM_POLICY_APPLICATION_INIT;
  app.product = "WL-2024";
  app.holder = holder;
  app.sum_insured.minor = 50000000;
  app.premium.minor = 1200000;
  inscrm_policy* p = NULL;
  CHECK_OK(inscrm_policy_issue(db, &clerk, &app, &p));
  const int64_t id = p ? p->id : 0;
  inscrm_policy_free(&p);
  return id;
}

int64_t make_branch(inscrm_db* db) {
  inscrm_org_unit_input head = INSCRM_ORG_UNIT_INPUT_INIT;
  head.code = "HO";
  head.name = "Head office";
  head.kind = "head_office";
  int64_t head_id = 0;
  CHECK_OK(inscrm_org_unit_create(db, &clerk, &head, &head_id));
  inscrm_org_unit_input branch = INSCRM_ORG_UNIT_INPUT_INIT;
  branch.code = "SH";
  branch.name = "Shanghai";
  branch.parent = head_id;
  int64_t id = 0;
  CHECK_OK(inscrm_org_unit_create(db, &clerk, &branch, &id));
  return id;
}

int64_t make_customer_at(inscrm_db* db, const char* name, int64_t org_unit) {
  inscrm_customer_input c = INSCRM_CUSTOMER_INPUT_INIT;
  c.name = name;
  c.org_unit = org_unit;
  int64_t id = 0;
  CHECK_OK(inscrm_customer_create(db, &clerk, &c, &id));
  return id;
}

inscrm_db* open_memory_at(int64_t unix_micros, const inscrm_service_settings* service) {
  inscrm_open_options opts = INSCRM_OPEN_OPTIONS_INIT;
  opts.clock = INSCRM_CLOCK_MANUAL;
  opts.now_unix_micros = unix_micros;
  opts.service = service;
  inscrm_db* db = NULL;
  CHECK_OK(inscrm_open("memory:", &opts, &db));
  return db;
}
