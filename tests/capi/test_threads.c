/* The threading contract: one handle shared by many threads, and a last error per thread. */
#include "check.h"
#include "fixture.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>

enum { WRITERS = 4, PER_WRITER = 50 };

struct writer {
  inscrm_db* db;
  int index;
  int failures;
};

static int write_customers(void* arg) {
  struct writer* w = arg;
  for (int i = 0; i < PER_WRITER; ++i) {
    char name[32];
    snprintf(name, sizeof name, "客户 %d-%d", w->index, i);
    inscrm_customer_input in = INSCRM_CUSTOMER_INPUT_INIT;
    in.name = name;
    if (inscrm_customer_create(w->db, &clerk, &in, NULL) != INSCRM_OK) ++w->failures;
  }
  return 0;
}

static atomic_int step;

/* Fails with one field, waits while the main thread fails with another, then checks that its
 * own last error is untouched. */
static int fail_and_wait(void* arg) {
  inscrm_db* db = arg;
  inscrm_status st = inscrm_db_set_date(db, "not-a-date");
  atomic_store(&step, 1);
  while (atomic_load(&step) != 2) thrd_yield();
  const int ok = st == INSCRM_INVALID_ARGUMENT && inscrm_last_error_code() == INSCRM_INVALID_ARGUMENT &&
                 strcmp(inscrm_last_error_field(), "date") == 0 && strstr(inscrm_last_error(), "not-a-date") != NULL;
  return ok ? 0 : 1;
}

void test_threads(void) {
  inscrm_db* db = open_memory("2024-01-10");

  thrd_t threads[WRITERS];
  struct writer writers[WRITERS];
  for (int i = 0; i < WRITERS; ++i) {
    writers[i] = (struct writer){db, i, 0};
    CHECK(thrd_create(&threads[i], write_customers, &writers[i]) == thrd_success);
  }
  for (int i = 0; i < WRITERS; ++i) {
    CHECK(thrd_join(threads[i], NULL) == thrd_success);
    CHECK(writers[i].failures == 0);
  }
  inscrm_customer_query q = INSCRM_CUSTOMER_QUERY_INIT;
  inscrm_customer_list* list = NULL;
  CHECK_OK(inscrm_customers_list(db, &clerk, &q, &list));
  CHECK(list != NULL && list->count == WRITERS * PER_WRITER);
  inscrm_customer_list_free(&list);

  atomic_store(&step, 0);
  thrd_t other;
  CHECK(thrd_create(&other, fail_and_wait, db) == thrd_success);
  while (atomic_load(&step) != 1) thrd_yield();
  CHECK_NULL_ARG(inscrm_open(NULL, NULL, NULL), "uri");
  atomic_store(&step, 2);
  int result = -1;
  CHECK(thrd_join(other, &result) == thrd_success);
  CHECK(result == 0);
  CHECK_STR(inscrm_last_error_field(), "uri"); /* ours, not the other thread's */
  inscrm_close(&db);
}
