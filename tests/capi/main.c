/* The C ABI test suite: plain C11 against libinscrm_c.so, as a host would use it. Every function
 * of inscrm.h is called here, on its success path and on each of its error paths. */
#include "check.h"
#include "fixture.h"

int main(void) {
  test_library();
  test_db();
  test_organisation();
  test_products();
  test_customers();
  test_customer_import();
  test_policies();
  test_lifecycle();
  test_policy_import();
  test_payments();
  test_events();
  test_threads();
  test_null_handles();
  test_service_settings();
  test_interactions();
  test_complaints();
  test_complaint_errors();
  test_claims();
  test_service_requests();
  test_surveys();
  test_service_null_handles();
  test_segments();
  test_kpis();
  test_loyalty();
  test_imports();
  test_personal_data();
  test_care();
  test_merges();
  return check_summary();
}
