/* The quickstart story in C: open the embedded default, register a customer, issue a policy, pay
 * the first premiums, miss one, watch grace and lapse fire from the calendar, reinstate, and print
 * the policy's history. The same story as examples/cpp/quickstart.cpp, through libinscrm_c.
 * Usage: quickstart_c [storage-uri]   (default: sqlite in the temp directory) */
#include <inscrm.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every failure ends the story the same way: the library's own message and field. */
static int fail(const char* what) {
  fprintf(stderr, "error: %s: %s: %s (field '%s')\n", what, inscrm_status_name(inscrm_last_error_code()),
          inscrm_last_error(), inscrm_last_error_field());
  return 1;
}

static void print_money(const inscrm_money* m) {
  printf("%lld.%02lld %s", (long long)(m->minor / 100), (long long)(m->minor % 100), m->currency);
}

static int pay(inscrm_db* db, const inscrm_actor* clerk, int64_t policy, const char* due) {
  inscrm_payment_input in = INSCRM_PAYMENT_INPUT_INIT;
  in.due = due;
  in.channel = "bank_counter";
  inscrm_payment* paid = NULL;
  if (inscrm_payment_record(db, clerk, policy, &in, &paid) != INSCRM_OK) return fail("recording a payment");
  printf("paid ");
  print_money(&paid->amount);
  printf(" due %s (%s)\n", paid->due_date, paid->kind);
  inscrm_payment_free(&paid);
  return 0;
}

static int story(inscrm_db* db) {
  inscrm_actor clerk = INSCRM_ACTOR_INIT;
  clerk.user = "u-1024";
  clerk.roles = INSCRM_ROLE_SERVICE_REP;
  /* Products are reference data, the administrator's to define; the daily run is the system's. */
  inscrm_actor admin = INSCRM_ACTOR_INIT;
  admin.user = "admin";
  admin.roles = INSCRM_ROLE_ADMINISTRATOR;
  const inscrm_actor system = INSCRM_ACTOR_SYSTEM_INIT;

  inscrm_product_input product = INSCRM_PRODUCT_INPUT_INIT;
  product.code = "WL-2024";
  product.name = "Whole Life 2024";
  product.line = "life";
  product.free_look_days = 15;
  product.grace_days = 60;
  product.term_years = 20;
  if (inscrm_product_create(db, &admin, &product, NULL) != INSCRM_OK) return fail("creating the product");

  const inscrm_phone phones[] = {{"138 1234 5678", 0, 0}};
  inscrm_customer_input wei = INSCRM_CUSTOMER_INPUT_INIT;
  wei.name = "张伟";
  wei.identity_number = "110105198503142318"; /* a resident id: birth date and gender come from it */
  wei.region = "310000";
  wei.phones = phones;
  wei.phone_count = 1;
  wei.source = "agent_referral";
  int64_t wei_id = 0;
  if (inscrm_customer_create(db, &clerk, &wei, &wei_id) != INSCRM_OK) return fail("creating a customer");
  inscrm_customer_input spouse = INSCRM_CUSTOMER_INPUT_INIT;
  spouse.name = "李娜";
  spouse.gender = "female";
  spouse.birth_date = "1987-06-02";
  int64_t spouse_id = 0;
  if (inscrm_customer_create(db, &clerk, &spouse, &spouse_id) != INSCRM_OK) return fail("creating a customer");

  inscrm_customer* c = NULL;
  if (inscrm_customer_get(db, &clerk, wei_id, &c) != INSCRM_OK) return fail("reading a customer");
  printf("customer %lld %s: born %s, %s (%s)\n", (long long)c->id, c->name, c->birth_date, c->gender,
         inscrm_customer_stage_name(c->stage));
  inscrm_customer_free(&c);

  /* Bad input is a status naming the field, and nothing is written. */
  inscrm_customer_input bad = INSCRM_CUSTOMER_INPUT_INIT;
  bad.name = "王芳";
  bad.identity_number = "110105198503142315";
  if (inscrm_customer_create(db, &clerk, &bad, NULL) == INSCRM_OK) return fail("a bad identity number was accepted");
  printf("rejected: %s: %s: %s\n", inscrm_status_name(inscrm_last_error_code()), inscrm_last_error_field(),
         inscrm_last_error());

  const inscrm_beneficiary heirs[] = {{spouse_id, 100}};
  inscrm_policy_application app = INSCRM_POLICY_APPLICATION_INIT;
  app.product = "WL-2024";
  app.holder = wei_id;
  app.beneficiaries = heirs;
  app.beneficiary_count = 1;
  app.sum_insured = (inscrm_money)INSCRM_MONEY_CNY(50000000);
  app.premium = (inscrm_money)INSCRM_MONEY_CNY(1200000);
  app.frequency = "annual";
  inscrm_policy* policy = NULL;
  if (inscrm_policy_issue(db, &clerk, &app, &policy) != INSCRM_OK) return fail("issuing the policy");
  const int64_t id = policy->id;
  printf("policy %s is %s\n", policy->number, inscrm_policy_status_name(policy->status));
  inscrm_policy_free(&policy);

  /* Two annual premiums paid on time… */
  const char* const on_time[] = {"2024-01-10", "2025-01-10"};
  for (int i = 0; i < 2; ++i) {
    if (inscrm_db_set_date(db, on_time[i]) != INSCRM_OK) return fail("moving the clock");
    if (pay(db, &clerk, id, on_time[i]) != 0) return 1;
  }
  /* …the third is missed. A year later the daily run finds it overdue: grace, then lapse. */
  if (inscrm_db_set_date(db, "2027-01-10") != INSCRM_OK) return fail("moving the clock");
  inscrm_daily_report* run = NULL;
  if (inscrm_db_run_daily(db, &system, NULL, &run) != INSCRM_OK) return fail("the daily run");
  printf("daily run %s: %zu entered grace, %zu lapsed\n", run->day, run->entered_grace, run->lapsed);
  inscrm_daily_report_free(&run);

  /* The customer asks to come back: reinstate, then pay the arrears. */
  if (inscrm_policy_apply_event(db, &clerk, id, INSCRM_POLICY_EVENT_REINSTATE, "customer request, health declaration ok",
                                NULL, NULL) != INSCRM_OK)
    return fail("reinstating");
  const char* const arrears[] = {"2026-01-10", "2027-01-10"};
  for (int i = 0; i < 2; ++i)
    if (pay(db, &clerk, id, arrears[i]) != 0) return 1;
  if (inscrm_policy_get(db, &clerk, id, &policy) != INSCRM_OK) return fail("reading the policy");
  printf("policy %s is %s again\n", policy->number, inscrm_policy_status_name(policy->status));

  inscrm_transition_list* history = NULL;
  if (inscrm_policy_history(db, &clerk, id, &history) != INSCRM_OK) {
    inscrm_policy_free(&policy);
    return fail("reading the history");
  }
  printf("history of %s:\n", policy->number);
  for (size_t i = 0; i < history->count; ++i) {
    const inscrm_transition* t = history->items[i];
    printf("  %s  %-12s -> %-12s %-18s by %s (%s)\n", t->effective_on, inscrm_policy_status_name(t->from),
           inscrm_policy_status_name(t->to), inscrm_policy_event_name(t->event), t->actor, t->reason);
  }
  inscrm_transition_list_free(&history);
  inscrm_policy_free(&policy);
  return 0;
}

int main(int argc, char** argv) {
  char uri[4096];
  if (argc > 1) {
    snprintf(uri, sizeof uri, "%s", argv[1]);
  } else {
    const char* tmp = getenv("TMPDIR");
    char path[4000];
    snprintf(path, sizeof path, "%s/inscrm-quickstart-c.db", tmp && *tmp ? tmp : "/tmp");
    remove(path); /* a fresh story every run */
    snprintf(uri, sizeof uri, "sqlite:%s", path);
  }

  /* A manual clock makes the story reproducible: the library reads time only from it. */
  inscrm_open_options opts = INSCRM_OPEN_OPTIONS_INIT;
  opts.clock = INSCRM_CLOCK_MANUAL;
  opts.today = "2024-01-10";
  inscrm_db* db = NULL;
  if (inscrm_open(uri, &opts, &db) != INSCRM_OK) return fail("opening the database");
  printf("inscrm %s, storage %s\n", inscrm_version(), uri);
  const int rc = story(db);
  inscrm_close(&db); /* NULL-safe; sets db to NULL */
  return rc;
}
