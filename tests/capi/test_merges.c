/* Merge of duplicate customers (domain.md C13) through the C ABI: a merge moves the merged-away
 * customer's policy and points to the survivor and is recorded in the history; the undo moves them
 * back; the typed errors (itself, undone twice, no right, an unknown rule); NULL handles. */
#include "check.h"
#include "fixture.h"

#include <stddef.h>
#include <string.h>

static int64_t holder_of(inscrm_db* db, int64_t policy_id) {
  inscrm_policy* p = NULL;
  int64_t holder = 0;
  if (inscrm_policy_get(db, &clerk, policy_id, &p) == INSCRM_OK && p) holder = p->holder;
  inscrm_policy_free(&p);
  return holder;
}

static int64_t balance_of(inscrm_db* db, int64_t customer) {
  int64_t balance = -1;
  CHECK_OK(inscrm_loyalty_balance(db, &clerk, customer, &balance, NULL));
  return balance;
}

void test_merges(void) {
  inscrm_db* db = open_memory("2025-01-15");
  make_product(db);
  const int64_t survivor = make_customer(db);
  const int64_t other = make_named(db, "张伟");
  const int64_t policy = issue_policy(db, other);
  CHECK_OK(inscrm_loyalty_adjust(db, &clerk, survivor, 100, "s", "welcome", 0, NULL));
  CHECK_OK(inscrm_loyalty_adjust(db, &clerk, other, 50, "o", "welcome", 0, NULL));

  const inscrm_actor analyst = {INSCRM_ACTOR_VERSION, "ana-1", INSCRM_ROLE_ANALYST, 0, 0, 0};
  CHECK_ERROR(inscrm_customers_merge(db, &analyst, survivor, other, NULL, NULL), INSCRM_PERMISSION_DENIED,
              "customer.update");
  CHECK_ERROR(inscrm_customers_merge(db, &clerk, survivor, survivor, NULL, NULL), INSCRM_INVALID_ARGUMENT,
              "merged_away");
  inscrm_merge_options options = INSCRM_MERGE_OPTIONS_INIT;
  options.rule = "loudest";
  CHECK_ERROR(inscrm_customers_merge(db, &clerk, survivor, other, &options, NULL), INSCRM_INVALID_ARGUMENT,
              "options.rule");
  CHECK_OK(inscrm_merge_options_init(&options, INSCRM_MERGE_OPTIONS_VERSION));
  CHECK(options.rule == NULL);
  options.rule = "survivor_first";

  inscrm_merge* m = NULL;
  CHECK_OK(inscrm_customers_merge(db, &clerk, survivor, other, &options, &m));
  CHECK(m != NULL);
  int64_t merge_id = 0;
  if (m) {
    merge_id = m->id;
    CHECK(m->id > 0 && m->survivor == survivor && m->merged_away == other);
    CHECK_STR(m->rule, "survivor_first");
    CHECK_STR(m->actor, "u-1024");
    CHECK(m->merged_at_unix_micros > 0 && m->undone_at_unix_micros == 0);
    int policies_seen = 0;
    for (size_t i = 0; i < m->moved_count; ++i)
      if (strcmp(m->moved[i].table, "policies") == 0) {
        CHECK(m->moved[i].count == 1 && m->moved[i].ids[0] == policy);
        policies_seen = 1;
      }
    CHECK(policies_seen);
  }
  inscrm_merge_free(&m);
  CHECK(m == NULL);
  CHECK(holder_of(db, policy) == survivor);
  CHECK(balance_of(db, survivor) == 150);
  CHECK_ERROR(inscrm_customers_merge(db, &clerk, survivor, other, NULL, NULL), INSCRM_ILLEGAL_TRANSITION,
              "merged_away");

  inscrm_merge_list* history = NULL;
  CHECK_OK(inscrm_merge_history(db, &clerk, other, &history));
  CHECK(history != NULL && history->count == 1 && history->items[0].id == merge_id);
  inscrm_merge_list_free(&history);
  CHECK(history == NULL);

  CHECK_ERROR(inscrm_merge_undo(db, &analyst, merge_id, NULL), INSCRM_PERMISSION_DENIED, "customer.update");
  inscrm_merge* undone = NULL;
  CHECK_OK(inscrm_merge_undo(db, &clerk, merge_id, &undone));
  CHECK(undone != NULL && undone->undone_at_unix_micros > 0);
  if (undone) CHECK_STR(undone->undone_by, "u-1024");
  inscrm_merge_free(&undone);
  CHECK(holder_of(db, policy) == other);
  CHECK(balance_of(db, survivor) == 100);
  CHECK(balance_of(db, other) == 50);
  CHECK_ERROR(inscrm_merge_undo(db, &clerk, merge_id, NULL), INSCRM_ILLEGAL_TRANSITION, "merge");
  CHECK_ERROR(inscrm_merge_undo(db, &clerk, 9999, NULL), INSCRM_NOT_FOUND, "merge");

  CHECK_OK(inscrm_merge_history(db, &clerk, 0, &history));
  CHECK(history != NULL && history->count == 1 && history->items[0].undone_at_unix_micros > 0);
  inscrm_merge_list_free(&history);

  /* NULL handles and out-parameters. */
  CHECK_NULL_ARG(inscrm_customers_merge(NULL, &clerk, survivor, other, NULL, NULL), "db");
  CHECK_NULL_ARG(inscrm_merge_undo(NULL, &clerk, merge_id, NULL), "db");
  CHECK_NULL_ARG(inscrm_merge_history(NULL, &clerk, 0, &history), "db");
  CHECK_NULL_ARG(inscrm_merge_history(db, &clerk, 0, NULL), "out");
  CHECK_NULL_ARG(inscrm_merge_options_init(NULL, INSCRM_MERGE_OPTIONS_VERSION), "options");
  inscrm_merge_free(NULL);
  inscrm_merge_list_free(NULL);
  inscrm_close(&db);
}
