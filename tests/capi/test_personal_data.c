#define _XOPEN_SOURCE 700 /* mkdtemp, unlink, rmdir */
/* Personal data through the C ABI (domain.md C12): the master key in inscrm_open_options
 * version 3, lookups by phone and e-mail through the blind index, erasure, retention, and key
 * rotation (old key refused at open, new key opens with the data intact). */
#include "check.h"
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char* kOldKey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
static const char* kNewKey = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

static inscrm_status open_sqlite(const char* path, const char* hex_key, inscrm_db** db) {
  char uri[512];
  snprintf(uri, sizeof uri, "sqlite:%s", path);
  inscrm_open_options opts = INSCRM_OPEN_OPTIONS_INIT;
  opts.clock = INSCRM_CLOCK_MANUAL;
  opts.today = "2026-03-01";
  opts.master_key = (const unsigned char*)hex_key;
  opts.master_key_len = strlen(hex_key);
  return inscrm_open(uri, &opts, db);
}

void test_personal_data(void) {
  char dir[] = "/tmp/inscrm-capi-crypto-XXXXXX";
  if (!mkdtemp(dir)) {
    CHECK(0);
    return;
  }
  char path[256];
  snprintf(path, sizeof path, "%s/crm.db", dir);

  inscrm_db* db = NULL;
  CHECK_OK(open_sqlite(path, kOldKey, &db));
  if (!db) return;
  inscrm_phone phone = {"+86 139 0000 1111", 1, 0};
  inscrm_email email = {"wang.fang@Example.com", 1, 0};
  inscrm_customer_input in = INSCRM_CUSTOMER_INPUT_INIT;
  in.name = "王芳";
  in.phones = &phone;
  in.phone_count = 1;
  in.emails = &email;
  in.email_count = 1;
  int64_t fang = 0;
  CHECK_OK(inscrm_customer_create(db, &clerk, &in, &fang));
  const int64_t wei = make_named(db, "张伟");

  inscrm_customer_list* found = NULL;
  CHECK_OK(inscrm_customer_find_by_phone(db, &clerk, "13900001111", &found));
  CHECK(found && found->count == 1 && found->items[0]->id == fang);
  inscrm_customer_list_free(&found);
  CHECK_OK(inscrm_customer_find_by_email(db, &clerk, "wang.fang@example.com", &found));
  CHECK(found && found->count == 1);
  if (found && found->count == 1) CHECK(found->items[0]->erased_on == NULL);
  inscrm_customer_list_free(&found);
  CHECK_ERROR(inscrm_customer_find_by_phone(db, &clerk, "not a phone", &found), INSCRM_INVALID_ARGUMENT, "number");
  CHECK_NULL_ARG(inscrm_customer_find_by_email(db, &clerk, NULL, &found), "address");

  /* Rotation: the old key no longer opens the database, the new one does. */
  int64_t rewrapped = 0;
  CHECK_OK(inscrm_db_rotate_master_key(db, &clerk, (const unsigned char*)kNewKey, strlen(kNewKey), NULL, &rewrapped));
  CHECK(rewrapped == 2);
  CHECK_ERROR(inscrm_db_rotate_master_key(db, &clerk, NULL, 0, NULL, NULL), INSCRM_INVALID_ARGUMENT, "key");
  inscrm_close(&db);
  CHECK_ERROR(open_sqlite(path, kOldKey, &db), INSCRM_PERMISSION_DENIED, "master_key");
  CHECK(db == NULL);
  CHECK_OK(open_sqlite(path, kNewKey, &db));
  if (!db) return;
  CHECK_OK(inscrm_customer_find_by_phone(db, &clerk, "13900001111", &found));
  CHECK(found && found->count == 1 && found->items[0]->phone_count == 1);
  inscrm_customer_list_free(&found);

  inscrm_close(&db);

  /* A version-2 caller's struct ends before the key fields: it gets the default key source (for
   * SQLite the key file beside the database, which this database was not made with). */
  {
    char uri[300];
    snprintf(uri, sizeof uri, "sqlite:%s", path);
    inscrm_open_options v2 = INSCRM_OPEN_OPTIONS_INIT;
    v2.version = 2;
    CHECK_ERROR(inscrm_open(uri, &v2, &db), INSCRM_PERMISSION_DENIED, "master_key");
  }
  CHECK_OK(open_sqlite(path, kNewKey, &db));
  if (!db) return;

  /* Retention: neither was ever insured; five years after their creation both are due. */
  inscrm_id_array* due = NULL;
  CHECK_OK(inscrm_customers_due_for_erasure(db, &clerk, 5, "2031-03-01", &due));
  CHECK(due && due->count == 2 && due->ids[0] == fang && due->ids[1] == wei);
  inscrm_id_array_free(&due);
  CHECK_OK(inscrm_customers_due_for_erasure(db, &clerk, 5, NULL, &due));
  CHECK(due && due->count == 0);
  inscrm_id_array_free(&due);
  CHECK_ERROR(inscrm_customers_due_for_erasure(db, &clerk, 0, NULL, &due), INSCRM_INVALID_ARGUMENT, "years");

  /* Erasure on request. */
  inscrm_customer* erased = NULL;
  CHECK_OK(inscrm_customer_erase(db, &clerk, fang, &erased));
  CHECK(erased && erased->erased_on && strcmp(erased->erased_on, "2026-03-01") == 0);
  CHECK(erased && erased->phone_count == 0 && erased->name && erased->name[0] == '\0');
  inscrm_customer_free(&erased);
  CHECK_ERROR(inscrm_customer_erase(db, &clerk, fang, NULL), INSCRM_ILLEGAL_TRANSITION, "erased_on");
  CHECK_OK(inscrm_customer_find_by_phone(db, &clerk, "13900001111", &found));
  CHECK(found && found->count == 0);
  inscrm_customer_list_free(&found);

  CHECK_OK(inscrm_db_set_date(db, "2031-03-02"));
  inscrm_id_array* done = NULL;
  CHECK_OK(inscrm_customers_erase_due(db, &clerk, 5, &done));
  CHECK(done && done->count == 1 && done->ids[0] == wei);
  inscrm_id_array_free(&done);
  inscrm_close(&db);

  char file[300];
  snprintf(file, sizeof file, "%s.key", path);
  unlink(file); /* made by the version-2 open above */
  snprintf(file, sizeof file, "%s-wal", path);
  unlink(file);
  snprintf(file, sizeof file, "%s-shm", path);
  unlink(file);
  unlink(path);
  rmdir(dir);
}
