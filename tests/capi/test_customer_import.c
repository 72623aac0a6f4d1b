/* Bulk customer import: per-row errors, both modes, and the array checks. */
#include "check.h"
#include "fixture.h"

#include <string.h>

static size_t count_customers(inscrm_db* db) {
  inscrm_customer_list* list = NULL;
  CHECK_OK(inscrm_customers_list(db, &clerk, NULL, &list));
  const size_t n = list ? list->count : 0;
  inscrm_customer_list_free(&list);
  return n;
}

static void rows_of_four(inscrm_customer_input rows[4]) {
  for (int i = 0; i < 4; ++i) rows[i] = (inscrm_customer_input)INSCRM_CUSTOMER_INPUT_INIT;
  rows[0].name = "甲";
  rows[0].external_ref = "R-1";
  rows[1].name = "乙";
  rows[1].identity_number = "110105198503142315"; /* bad check digit: the facade's validation */
  rows[2].name = "丙";
  rows[2].gender = "robot"; /* not even readable: the C layer's check */
  rows[3].name = "丁";
  rows[3].birth_date = "1990-05-06";
}

void test_customer_import(void) {
  inscrm_db* db = open_memory("2024-01-10");
  inscrm_customer_input rows[4];
  inscrm_import_report* report = NULL;

  /* All or nothing: two bad rows, both reported in one pass, nothing written. */
  rows_of_four(rows);
  CHECK_OK(inscrm_customers_import(db, &clerk, rows, 4, INSCRM_IMPORT_ALL_OR_NOTHING, &report));
  CHECK(report != NULL);
  if (report) {
    CHECK(report->imported == 0 && report->id_count == 0 && report->ids == NULL && report->error_count == 2);
    if (report->error_count == 2) {
      CHECK(report->errors[0]->row == 1 && report->errors[0]->code == INSCRM_INVALID_ARGUMENT);
      CHECK_STR(report->errors[0]->field, "identity.number");
      CHECK(report->errors[0]->message[0] != '\0');
      CHECK(report->errors[1]->row == 2 && report->errors[1]->code == INSCRM_INVALID_ARGUMENT);
      CHECK_STR(report->errors[1]->field, "gender");
    }
  }
  inscrm_import_report_free(&report);
  CHECK(report == NULL);
  CHECK(count_customers(db) == 0);

  /* Skip bad rows: the two good ones are written, the ids say which rows they came from. */
  CHECK_OK(inscrm_customers_import(db, &clerk, rows, 4, INSCRM_IMPORT_SKIP_BAD_ROWS, &report));
  CHECK(report != NULL);
  if (report) {
    CHECK(report->imported == 2 && report->id_count == 2 && report->error_count == 2);
    if (report->id_count == 2) {
      CHECK(report->id_rows[0] == 0 && report->id_rows[1] == 3 && report->ids[0] > 0 && report->ids[1] > report->ids[0]);
      inscrm_customer* c = NULL;
      CHECK_OK(inscrm_customer_get(db, &clerk, report->ids[1], &c));
      CHECK(c != NULL && strcmp(c->name, "丁") == 0 && strcmp(c->birth_date, "1990-05-06") == 0);
      inscrm_customer_free(&c);
    }
    if (report->error_count == 2) CHECK(report->errors[0]->row == 1 && report->errors[1]->row == 2);
  }
  inscrm_import_report_free(&report);
  CHECK(count_customers(db) == 2);

  /* A storage-level clash (external_ref R-1 is now taken) is a row error too. */
  rows_of_four(rows);
  rows[1].identity_number = NULL;
  rows[2].gender = NULL;
  CHECK_OK(inscrm_customers_import(db, &clerk, rows, 4, INSCRM_IMPORT_ALL_OR_NOTHING, &report));
  CHECK(report != NULL && report->imported == 0 && report->error_count == 1 && report->errors[0]->row == 0 &&
        report->errors[0]->code == INSCRM_ALREADY_EXISTS && strcmp(report->errors[0]->field, "external_ref") == 0);
  inscrm_import_report_free(&report);
  CHECK(count_customers(db) == 2);
  rows[0].external_ref = "R-2";
  CHECK_OK(inscrm_customers_import(db, &clerk, rows, 4, INSCRM_IMPORT_ALL_OR_NOTHING, &report));
  CHECK(report != NULL && report->imported == 4 && report->error_count == 0 && report->errors == NULL &&
        report->id_count == 4 && report->id_rows[3] == 3);
  inscrm_import_report_free(&report);
  CHECK(count_customers(db) == 6);

  /* An empty batch is fine, even with a NULL array. */
  CHECK_OK(inscrm_customers_import(db, &clerk, NULL, 0, INSCRM_IMPORT_SKIP_BAD_ROWS, &report));
  CHECK(report != NULL && report->imported == 0 && report->error_count == 0);
  inscrm_import_report_free(&report);

  /* Caller mistakes fail the whole call. */
  CHECK_ERROR(inscrm_customers_import(db, &clerk, NULL, 3, INSCRM_IMPORT_SKIP_BAD_ROWS, &report),
              INSCRM_INVALID_ARGUMENT, "rows");
  CHECK_ERROR(inscrm_customers_import(db, &clerk, rows, 4, 7, &report), INSCRM_INVALID_ARGUMENT, "mode");
  rows[2].version = 0;
  CHECK_ERROR(inscrm_customers_import(db, &clerk, rows, 4, INSCRM_IMPORT_SKIP_BAD_ROWS, &report),
              INSCRM_INVALID_ARGUMENT, "rows[2].version");
  rows[2].version = INSCRM_CUSTOMER_INPUT_VERSION;
  rows[0].version = 9;
  CHECK_ERROR(inscrm_customers_import(db, &clerk, rows, 4, INSCRM_IMPORT_SKIP_BAD_ROWS, &report),
              INSCRM_INVALID_ARGUMENT, "rows[0].version");
  rows[0].version = INSCRM_CUSTOMER_INPUT_VERSION;
  CHECK(report == NULL);
  CHECK_NULL_ARG(inscrm_customers_import(db, &clerk, rows, 4, INSCRM_IMPORT_SKIP_BAD_ROWS, NULL), "out");
  CHECK_NULL_ARG(inscrm_customers_import(db, NULL, rows, 4, INSCRM_IMPORT_SKIP_BAD_ROWS, &report), "actor");
  CHECK(count_customers(db) == 6);
  inscrm_close(&db);
}
