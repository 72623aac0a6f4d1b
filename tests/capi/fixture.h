/* Shared set-up for the C ABI tests: a memory database on a manual clock, a clerk, and the
 * product and customers most tests need. */
#ifndef INSCRM_TESTS_CAPI_FIXTURE_H
#define INSCRM_TESTS_CAPI_FIXTURE_H

#include <inscrm.h>

/* A service representative (and administrator), the actor of most calls. */
extern const inscrm_actor clerk;

/* memory: with the manual clock at 00:00 UTC of `today`. */
inscrm_db* open_memory(const char* today);
/* Creates product "WL-2024" (whole life, 20 years, 60 grace days) and returns its id. */
int64_t make_product(inscrm_db* db);
/* Creates 张伟 (resident id 110105198503142318) and returns his id. */
int64_t make_customer(inscrm_db* db);
/* Creates a customer with only a name. */
int64_t make_named(inscrm_db* db, const char* name);
/* Issues an annual WL-2024 policy for `holder`, premium 12 000.00 CNY, and returns its id. */
int64_t issue_policy(inscrm_db* db, int64_t holder);

/* Service and complaints need an answerable branch: creates head office "HO" and branch "SH"
 * under it, and returns the branch's id. */
int64_t make_branch(inscrm_db* db);
/* Creates a customer with only a name, looked after by `org_unit`. */
int64_t make_customer_at(inscrm_db* db, const char* name, int64_t org_unit);
/* memory: with the manual clock at `unix_micros` and the given service settings (NULL = defaults). */
inscrm_db* open_memory_at(int64_t unix_micros, const inscrm_service_settings* service);

/* The test groups, one per module of inscrm.h. */
void test_library(void);
void test_db(void);
void test_organisation(void);
void test_products(void);
void test_customers(void);
void test_customer_import(void);
void test_imports(void);
void test_policies(void);
void test_lifecycle(void);
void test_policy_import(void);
void test_payments(void);
void test_events(void);
void test_threads(void);
void test_null_handles(void);
void test_service_settings(void);
void test_interactions(void);
void test_complaints(void);
void test_complaint_errors(void);
void test_claims(void);
void test_service_requests(void);
void test_surveys(void);
void test_service_null_handles(void);
void test_segments(void);
void test_kpis(void);
void test_loyalty(void);
void test_personal_data(void);
void test_care(void);
void test_merges(void);

#endif
