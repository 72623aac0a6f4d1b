/* File import (CSV / JSON text and files) with the per-row report and progress, and the customer
 * export, masked for a role without personal-data rights. */
#include "check.h"
#include "fixture.h"

#include <stdio.h>
#include <string.h>

static const char kCustomers[] =
    "name,external_ref,gender,birth_date,id_number,phone\n"
    "\xE5\xBC\xA0\xE4\xBC\x9F,C-1,male,1985-03-14,110105198503142318,+86 138 1234 5678\n"
    "Li Na,C-2,female,1990/1/1,310101199001011227,13900001111\n"
    "Wang Fang,C-3,female,1990-01-01,310101199001011226,13900002222\n"
    "Sun Li,C-4,,not a date,,\n";

struct progress_log {
  size_t calls;
  size_t last_done;
  size_t last_total;
};

static void on_progress(size_t done, size_t total, void* user_data) {
  struct progress_log* log = (struct progress_log*)user_data;
  ++log->calls;
  log->last_done = done;
  log->last_total = total;
}

static size_t count_customers(inscrm_db* db) {
  inscrm_customer_list* list = NULL;
  CHECK_OK(inscrm_customers_list(db, &clerk, NULL, &list));
  const size_t n = list ? list->count : 0;
  inscrm_customer_list_free(&list);
  return n;
}

void test_imports(void) {
  inscrm_db* db = open_memory("2026-06-01");
  inscrm_import_report* report = NULL;
  inscrm_import_options options = INSCRM_IMPORT_OPTIONS_INIT;

  /* All or nothing (the default options): both bad rows named by column, nothing written. */
  CHECK_OK(inscrm_import_text(db, &clerk, INSCRM_IMPORT_CUSTOMERS, INSCRM_FORMAT_CSV, kCustomers, strlen(kCustomers),
                              NULL, &report));
  CHECK(report != NULL);
  if (report) {
    CHECK(report->imported == 0 && report->error_count == 2);
    if (report->error_count == 2) {
      CHECK(report->errors[0]->row == 1 && report->errors[0]->code == INSCRM_INVALID_ARGUMENT);
      CHECK_STR(report->errors[0]->field, "id_number");
      CHECK(report->errors[1]->row == 3);
      CHECK_STR(report->errors[1]->field, "birth_date");
    }
  }
  inscrm_import_report_free(&report);
  CHECK(report == NULL);
  CHECK(count_customers(db) == 0);

  /* Skip bad rows, one row per batch, with progress; ids with the data rows they came from. */
  struct progress_log log = {0, 0, 0};
  CHECK_OK(inscrm_import_options_init(&options, INSCRM_IMPORT_OPTIONS_VERSION));
  options.mode = INSCRM_IMPORT_SKIP_BAD_ROWS;
  options.batch = 1;
  options.progress = on_progress;
  options.progress_user_data = &log;
  CHECK_OK(inscrm_import_text(db, &clerk, INSCRM_IMPORT_CUSTOMERS, INSCRM_FORMAT_CSV, kCustomers, strlen(kCustomers),
                              &options, &report));
  CHECK(report != NULL);
  if (report) {
    CHECK(report->imported == 2 && report->id_count == 2 && report->error_count == 2);
    if (report->id_count == 2) CHECK(report->id_rows[0] == 0 && report->id_rows[1] == 2);
  }
  inscrm_import_report_free(&report);
  CHECK(log.calls >= 2 && log.last_done == 4 && log.last_total == 4);
  CHECK(count_customers(db) == 2);

  /* A JSON file of policies on disk. */
  int64_t product = make_product(db);
  CHECK(product > 0);
  const char* path = "inscrm_capi_test_policies.json";
  FILE* f = fopen(path, "wb");
  CHECK(f != NULL);
  if (f) {
    fputs("[{\"number\":\"P-1\",\"product\":\"WL-2024\",\"holder_ref\":\"C-1\",\"sum_insured\":500000,"
          "\"premium\":\"12000.00\",\"effective_date\":\"2024-03-01\"},"
          "{\"number\":\"P-2\",\"product\":\"WL-2024\",\"holder_ref\":\"C-9\",\"sum_insured\":1,\"premium\":1,"
          "\"effective_date\":\"2024-03-01\"}]",
          f);
    fclose(f);
  }
  options.batch = 0;
  options.progress = NULL;
  CHECK_OK(inscrm_import_file(db, &clerk, INSCRM_IMPORT_POLICIES, INSCRM_FORMAT_JSON, path, &options, &report));
  CHECK(report != NULL);
  if (report) {
    CHECK(report->imported == 1 && report->error_count == 1);
    if (report->error_count == 1) {
      CHECK(report->errors[0]->row == 1 && report->errors[0]->code == INSCRM_NOT_FOUND);
      CHECK_STR(report->errors[0]->field, "holder_ref");
    }
  }
  inscrm_import_report_free(&report);
  remove(path);

  /* Errors of the call: unreadable text, a missing file, bad arguments. */
  CHECK_ERROR(inscrm_import_text(db, &clerk, INSCRM_IMPORT_CUSTOMERS, INSCRM_FORMAT_JSON, "[{", 2, NULL, &report),
              INSCRM_INVALID_ARGUMENT, "json");
  CHECK(report == NULL);
  CHECK_ERROR(inscrm_import_file(db, &clerk, INSCRM_IMPORT_CUSTOMERS, INSCRM_FORMAT_CSV, "/nonexistent/x.csv", NULL,
                                 &report),
              INSCRM_INVALID_ARGUMENT, "path");
  CHECK_ERROR(inscrm_import_text(db, &clerk, 7, INSCRM_FORMAT_CSV, "a\n", 2, NULL, &report), INSCRM_INVALID_ARGUMENT,
              "kind");
  CHECK_ERROR(inscrm_import_text(db, &clerk, INSCRM_IMPORT_CUSTOMERS, 9, "a\n", 2, NULL, &report),
              INSCRM_INVALID_ARGUMENT, "format");
  options.mode = 5;
  CHECK_ERROR(inscrm_import_text(db, &clerk, INSCRM_IMPORT_CUSTOMERS, INSCRM_FORMAT_CSV, "a\n", 2, &options, &report),
              INSCRM_INVALID_ARGUMENT, "options.mode");
  CHECK_NULL_ARG(inscrm_import_text(NULL, &clerk, 0, 0, "a", 1, NULL, &report), "db");
  CHECK_NULL_ARG(inscrm_import_text(db, &clerk, 0, 0, "a", 1, NULL, NULL), "out");
  CHECK_NULL_ARG(inscrm_import_file(db, &clerk, 0, 0, NULL, NULL, &report), "path");
  CHECK_ERROR(inscrm_import_options_init(&options, 99), INSCRM_INVALID_ARGUMENT, "version");

  /* Export: the administrator sees the numbers, an analyst the masked ones. */
  inscrm_export* exported = NULL;
  CHECK_OK(inscrm_customers_export(db, &clerk, INSCRM_FORMAT_CSV, &exported));
  CHECK(exported != NULL);
  if (exported) {
    CHECK(strlen(exported->data) == exported->length);
    CHECK(strstr(exported->data, "110105198503142318") != NULL);
    CHECK(strstr(exported->data, "13812345678") != NULL);
  }
  inscrm_export_free(&exported);
  CHECK(exported == NULL);
  const inscrm_actor analyst = {INSCRM_ACTOR_VERSION, "a-1", INSCRM_ROLE_ANALYST, 0, 0, 0};
  CHECK_OK(inscrm_customers_export(db, &analyst, INSCRM_FORMAT_JSON, &exported));
  if (exported) {
    CHECK(strstr(exported->data, "110105198503142318") == NULL);
    CHECK(strstr(exported->data, "13812345678") == NULL);
    CHECK(strstr(exported->data, "138****5678") != NULL);
  }
  inscrm_export_free(&exported);
  inscrm_export_free(NULL);
  CHECK_ERROR(inscrm_customers_export(db, &clerk, 3, &exported), INSCRM_INVALID_ARGUMENT, "format");

  /* Duplicates: C-3 (王芳) shares nothing with the others; add 王 芳 with her birth date. */
  static const char kTwin[] = "name,birth_date\nWang  Fang,1990-01-01\n";
  CHECK_OK(inscrm_import_text(db, &clerk, INSCRM_IMPORT_CUSTOMERS, INSCRM_FORMAT_CSV, kTwin, strlen(kTwin), NULL,
                              &report));
  inscrm_import_report_free(&report);
  inscrm_duplicate_list* pairs = NULL;
  CHECK_OK(inscrm_duplicates_find(db, &analyst, 0, &pairs));
  CHECK(pairs != NULL);
  if (pairs) {
    CHECK(pairs->count == 1);
    if (pairs->count == 1) {
      CHECK(pairs->items[0]->first < pairs->items[0]->second);
      CHECK(pairs->items[0]->reason_count == 1);
      if (pairs->items[0]->reason_count == 1) CHECK_STR(pairs->items[0]->reasons[0], "name_and_birth_date");
    }
  }
  inscrm_duplicate_list_free(&pairs);
  CHECK(pairs == NULL);
  CHECK_NULL_ARG(inscrm_duplicates_find(db, &clerk, 0, NULL), "out");
  inscrm_close(&db);
}
