/* Database module: open and close, clocks, run_daily, summary, and actor checking. */
#include "check.h"
#include "fixture.h"

#include <string.h>
#include <time.h>

/* 2024-01-10T00:00:00Z */
#define JAN_10_2024_MICROS INT64_C(1704844800000000)

static void open_and_close(void) {
  inscrm_db* db = NULL;
  CHECK_OK(inscrm_open("memory:", NULL, &db));
  CHECK(db != NULL);
  const char* kind = NULL;
  CHECK_OK(inscrm_db_storage_kind(db, &kind));
  CHECK_STR(kind, "memory");
  int schema = -1;
  CHECK_OK(inscrm_db_schema_version(db, &schema));
  CHECK(schema >= 1);
  /* The system clock: now is now. */
  int64_t now = 0;
  CHECK_OK(inscrm_db_now(db, &now));
  const int64_t wall = (int64_t)time(NULL) * 1000000;
  CHECK(now > wall - 60 * INT64_C(1000000) && now < wall + 60 * INT64_C(1000000));
  /* Only a manual clock can be set. */
  CHECK_ERROR(inscrm_db_set_time(db, 0), INSCRM_INVALID_ARGUMENT, "db");
  CHECK_ERROR(inscrm_db_set_date(db, "2024-01-01"), INSCRM_INVALID_ARGUMENT, "db");
  inscrm_close(&db);
  CHECK(db == NULL);
  inscrm_close(&db); /* a second close is harmless */

  /* Bad arguments. */
  CHECK_NULL_ARG(inscrm_open(NULL, NULL, &db), "uri");
  CHECK_NULL_ARG(inscrm_open("memory:", NULL, NULL), "out_db");
  inscrm_open_options opts = INSCRM_OPEN_OPTIONS_INIT;
  opts.version = 0;
  CHECK_ERROR(inscrm_open("memory:", &opts, &db), INSCRM_INVALID_ARGUMENT, "opts.version");
  opts.version = INSCRM_OPEN_OPTIONS_VERSION + 1;
  CHECK_ERROR(inscrm_open("memory:", &opts, &db), INSCRM_INVALID_ARGUMENT, "opts.version");
  opts.version = INSCRM_OPEN_OPTIONS_VERSION;
  opts.clock = 7;
  CHECK_ERROR(inscrm_open("memory:", &opts, &db), INSCRM_INVALID_ARGUMENT, "opts.clock");
  opts.clock = INSCRM_CLOCK_MANUAL;
  opts.today = "2024-02-30";
  CHECK_ERROR(inscrm_open("memory:", &opts, &db), INSCRM_INVALID_ARGUMENT, "opts.today");
  CHECK(db == NULL);
  /* An unknown scheme is a status, never a crash, and leaves the out-pointer NULL. */
  db = (inscrm_db*)&opts; /* garbage in: reset on entry */
  const inscrm_status st = inscrm_open("nosuch:thing", NULL, &db);
  CHECK(st != INSCRM_OK && st == inscrm_last_error_code() && inscrm_last_error()[0] != '\0');
  CHECK(db == NULL);
}

static void manual_clock(void) {
  inscrm_open_options opts = INSCRM_OPEN_OPTIONS_INIT;
  opts.clock = INSCRM_CLOCK_MANUAL;
  opts.now_unix_micros = JAN_10_2024_MICROS + 1234;
  inscrm_db* db = NULL;
  CHECK_OK(inscrm_open("memory:", &opts, &db));
  int64_t now = 0;
  CHECK_OK(inscrm_db_now(db, &now));
  CHECK(now == JAN_10_2024_MICROS + 1234);
  inscrm_close(&db);

  db = open_memory("2024-01-10");
  CHECK_OK(inscrm_db_now(db, &now));
  CHECK(now == JAN_10_2024_MICROS);
  CHECK_OK(inscrm_db_set_time(db, JAN_10_2024_MICROS + 86400 * INT64_C(1000000)));
  CHECK_OK(inscrm_db_now(db, &now));
  CHECK(now == JAN_10_2024_MICROS + 86400 * INT64_C(1000000));
  CHECK_OK(inscrm_db_set_date(db, "2024-01-10"));
  CHECK_OK(inscrm_db_now(db, &now));
  CHECK(now == JAN_10_2024_MICROS);
  CHECK_ERROR(inscrm_db_set_date(db, "10/01/2024"), INSCRM_INVALID_ARGUMENT, "date");
  CHECK(strstr(inscrm_last_error(), "10/01/2024") != NULL);
  CHECK_NULL_ARG(inscrm_db_set_date(db, NULL), "date");
  CHECK_NULL_ARG(inscrm_db_now(db, NULL), "out_unix_micros");
  CHECK_NULL_ARG(inscrm_db_storage_kind(db, NULL), "out_kind");
  CHECK_NULL_ARG(inscrm_db_schema_version(db, NULL), "out_version");
  inscrm_close(&db);
}

static void actors(void) {
  inscrm_db* db = open_memory("2024-01-10");
  inscrm_portfolio_summary* s = NULL;
  CHECK_NULL_ARG(inscrm_db_summary(db, NULL, &s), "actor");
  inscrm_actor a = INSCRM_ACTOR_INIT;
  CHECK_NULL_ARG(inscrm_db_summary(db, &a, &s), "actor.user");
  a.user = "u-1";
  a.roles = 1u << 20;
  CHECK_ERROR(inscrm_db_summary(db, &a, &s), INSCRM_INVALID_ARGUMENT, "actor.roles");
  a.roles = INSCRM_ROLE_ANALYST | INSCRM_ROLE_AUDITOR;
  a.version = 42;
  CHECK_ERROR(inscrm_db_summary(db, &a, &s), INSCRM_INVALID_ARGUMENT, "actor.version");
  a.version = INSCRM_ACTOR_VERSION;
  CHECK_OK(inscrm_db_summary(db, &a, &s));
  inscrm_portfolio_summary_free(&s);
  const inscrm_actor system = INSCRM_ACTOR_SYSTEM_INIT;
  CHECK_OK(inscrm_db_summary(db, &system, &s));
  CHECK(s != NULL);
  inscrm_portfolio_summary_free(&s);
  CHECK(s == NULL);
  inscrm_close(&db);
}

static void daily_run_and_summary(void) {
  inscrm_db* db = open_memory("2024-01-10");
  make_product(db);
  const int64_t holder = make_customer(db);
  const int64_t policy = issue_policy(db, holder);
  CHECK(policy > 0);

  inscrm_daily_report* r = NULL;
  CHECK_OK(inscrm_db_run_daily(db, &clerk, NULL, &r)); /* today, by the manual clock */
  CHECK(r != NULL && strcmp(r->day, "2024-01-10") == 0 && r->policies_checked == 1 && r->entered_grace == 0);
  inscrm_daily_report_free(&r);
  CHECK(r == NULL);
  /* The premium due 2024-01-10 was never paid: a run a month later opens grace. */
  CHECK_OK(inscrm_db_set_date(db, "2024-02-10"));
  CHECK_OK(inscrm_db_run_daily(db, &clerk, "2024-02-10", &r));
  CHECK(r != NULL && r->entered_grace == 1 && r->lapsed == 0);
  inscrm_daily_report_free(&r);
  CHECK_OK(inscrm_db_run_daily(db, &clerk, "2024-02-10", NULL)); /* out is optional; idempotent */
  CHECK_ERROR(inscrm_db_run_daily(db, &clerk, "2024-13-01", &r), INSCRM_INVALID_ARGUMENT, "day");
  CHECK(r == NULL);
  CHECK_NULL_ARG(inscrm_db_run_daily(db, NULL, NULL, &r), "actor");

  inscrm_portfolio_summary* s = NULL;
  CHECK_OK(inscrm_db_summary(db, &clerk, &s));
  CHECK(s != NULL);
  if (s) {
    CHECK(s->customers == 1 && s->policies == 1 && s->payments == 0);
    CHECK(s->policy_status_count == 15 && s->customer_stage_count == 6);
    CHECK(s->policies_by_status[INSCRM_POLICY_STATUS_GRACE_PERIOD] == 1);
    CHECK(s->policies_by_status[INSCRM_POLICY_STATUS_IN_FORCE] == 0);
    CHECK(strcmp(s->first_year_premium.currency, "CNY") == 0 && s->first_year_premium.minor == 0);
    CHECK(s->annualised_premium_in_force.minor == 1200000);
  }
  inscrm_portfolio_summary_free(&s);
  CHECK_NULL_ARG(inscrm_db_summary(db, &clerk, NULL), "out");
  inscrm_close(&db);
}

/* The audit chain: verified by an auditor; a role without the right gets INSCRM_PERMISSION_DENIED
 * naming what was denied, and the denial itself is in the chain. */
static void audit_and_permissions(void) {
  inscrm_db* db = open_memory("2024-01-10");
  const int64_t customer = make_customer(db);
  const inscrm_actor auditor = {INSCRM_ACTOR_VERSION, "aud-1", INSCRM_ROLE_AUDITOR, 0, 0, 0};
  const inscrm_actor analyst = {INSCRM_ACTOR_VERSION, "ana-1", INSCRM_ROLE_ANALYST, 0, 0, 0};
  inscrm_audit_verification* v = NULL;
  CHECK_OK(inscrm_db_verify_audit(db, &auditor, &v));
  CHECK(v != NULL && v->broken_seq == 0 && v->reason == NULL && v->checked == 1); /* customer.created */
  inscrm_audit_verification_free(&v);
  CHECK(v == NULL);
  CHECK_ERROR(inscrm_db_verify_audit(db, &analyst, &v), INSCRM_PERMISSION_DENIED, "audit.read");
  CHECK(v == NULL);
  /* A role without the right to personal data reads it masked (and such a read is not audited). */
  inscrm_customer* c = NULL;
  CHECK_OK(inscrm_customer_get(db, &analyst, customer, &c));
  CHECK(c != NULL && c->identity_number != NULL && strcmp(c->identity_number, "110***********2318") == 0);
  inscrm_customer_free(&c);
  inscrm_daily_report* r = NULL;
  CHECK_ERROR(inscrm_db_run_daily(db, &analyst, NULL, &r), INSCRM_PERMISSION_DENIED, "daily_run.update");
  CHECK_OK(inscrm_db_verify_audit(db, &auditor, &v));
  CHECK(v != NULL && v->broken_seq == 0 && v->checked == 3); /* + two permission.denied records */
  inscrm_audit_verification_free(&v);
  CHECK_NULL_ARG(inscrm_db_verify_audit(NULL, &auditor, &v), "db");
  CHECK_NULL_ARG(inscrm_db_verify_audit(db, NULL, &v), "actor");
  CHECK_NULL_ARG(inscrm_db_verify_audit(db, &auditor, NULL), "out");
  inscrm_audit_verification_free(NULL);
  inscrm_close(&db);
}

void test_db(void) {
  open_and_close();
  manual_clock();
  actors();
  daily_run_and_summary();
  audit_and_permissions();
}
