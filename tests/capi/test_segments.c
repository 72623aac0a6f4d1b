/* Segments (domain.md C8): define, change the rule, evaluate over the portfolio, run dated
 * snapshots and read the movement between them; the typed errors; NULL handles. */
#include "check.h"
#include "fixture.h"

#include <stddef.h>
#include <string.h>

/* A pointer that is not NULL, to see that out-parameters are reset on failure. */
#define STALE(type) ((type*)(void*)&stale)

/* 张伟 (born 1985-03-14 by his identity number, male) and 王芳 (born 2000-05-01, female). */
static int64_t make_fang(inscrm_db* db) {
  inscrm_customer_input c = INSCRM_CUSTOMER_INPUT_INIT;
  c.name = "王芳";
  c.gender = "female";
  c.birth_date = "2000-05-01";
  int64_t id = 0;
  CHECK_OK(inscrm_customer_create(db, &clerk, &c, &id));
  return id;
}

static size_t segment_count(inscrm_db* db) {
  inscrm_segment_list* list = NULL;
  CHECK_OK(inscrm_segments_list(db, &clerk, &list));
  const size_t n = list ? list->count : 0;
  inscrm_segment_list_free(&list);
  return n;
}

static void evaluate(void) {
  inscrm_db* db = open_memory("2024-03-01");
  const int64_t wei = make_customer(db);
  const int64_t fang = make_fang(db);

  inscrm_id_array* ids = NULL;
  CHECK_OK(inscrm_segment_evaluate(db, &clerk, "age >= 30", "2024-03-01", &ids));
  CHECK(ids != NULL && ids->count == 1 && ids->ids != NULL && ids->ids[0] == wei);
  inscrm_id_array_free(&ids);
  CHECK(ids == NULL);

  CHECK_OK(inscrm_segment_evaluate(db, &clerk, "age >= 18", "2024-03-01", &ids));
  CHECK(ids != NULL && ids->count == 2 && ids->ids != NULL && ids->ids[0] == wei && ids->ids[1] == fang);
  inscrm_id_array_free(&ids);

  /* As of a day before 王芳 turned 18 she is not selected: the facts are taken at as_of. */
  CHECK_OK(inscrm_segment_evaluate(db, &clerk, "age >= 18 and gender = 'female'", "2018-04-30", &ids));
  CHECK(ids != NULL && ids->count == 0 && ids->ids == NULL);
  inscrm_id_array_free(&ids);
  CHECK_OK(inscrm_segment_evaluate(db, &clerk, "age >= 18 and gender = 'female'", "2018-05-01", &ids));
  CHECK(ids != NULL && ids->count == 1 && ids->ids != NULL && ids->ids[0] == fang);
  inscrm_id_array_free(&ids);

  int stale = 0;
  ids = STALE(inscrm_id_array);
  CHECK_ERROR(inscrm_segment_evaluate(db, &clerk, "age >= 30 and and", "2024-03-01", &ids), INSCRM_INVALID_ARGUMENT,
              "rule");
  CHECK(ids == NULL);
  CHECK(strstr(inscrm_last_error(), "column") != NULL);
  CHECK_ERROR(inscrm_segment_evaluate(db, &clerk, "agee >= 30", "2024-03-01", &ids), INSCRM_INVALID_ARGUMENT, "rule");
  CHECK_ERROR(inscrm_segment_evaluate(db, &clerk, "age >= 30", "2024-13-01", &ids), INSCRM_INVALID_ARGUMENT, "as_of");
  CHECK_NULL_ARG(inscrm_segment_evaluate(db, &clerk, NULL, "2024-03-01", &ids), "rule");
  CHECK_NULL_ARG(inscrm_segment_evaluate(db, &clerk, "age >= 30", NULL, &ids), "as_of");
  CHECK_NULL_ARG(inscrm_segment_evaluate(db, &clerk, "age >= 30", "2024-03-01", NULL), "out");
  CHECK_NULL_ARG(inscrm_segment_evaluate(db, NULL, "age >= 30", "2024-03-01", &ids), "actor");
  CHECK(ids == NULL);
  inscrm_close(&db);
}

static void define_and_change(void) {
  inscrm_db* db = open_memory("2024-03-01");
  make_customer(db);

  inscrm_segment_input in = INSCRM_SEGMENT_INPUT_INIT;
  in.name = "mature";
  in.kind = "value";
  in.description = "offer the annuity";
  in.rule = "age >= 30";
  inscrm_segment* s = NULL;
  CHECK_OK(inscrm_segment_define(db, &clerk, &in, &s));
  CHECK(s != NULL && s->id > 0 && s->version == 1 && s->rule_version == 1 && s->created_at_unix_micros != 0 &&
        s->created_at_unix_micros == s->updated_at_unix_micros);
  if (s) {
    CHECK_STR(s->name, "mature");
    CHECK_STR(s->kind, "value");
    CHECK_STR(s->description, "offer the annuity");
    CHECK_STR(s->rule, "age >= 30");
  }
  const int64_t id = s ? s->id : 0;
  inscrm_segment_free(&s);
  CHECK(s == NULL);

  /* Defaults: kind "demographic", description "". out is optional. */
  inscrm_segment_input plain = INSCRM_SEGMENT_INPUT_INIT;
  plain.name = "women";
  plain.rule = "gender = 'female'";
  CHECK_OK(inscrm_segment_define(db, &clerk, &plain, NULL));
  CHECK_OK(inscrm_segment_get(db, &clerk, "women", &s));
  if (s) {
    CHECK_STR(s->kind, "demographic");
    CHECK_STR(s->description, "");
  }
  inscrm_segment_free(&s);

  /* Bad input writes nothing: still two segments after each refusal. */
  int stale = 0;
  s = STALE(inscrm_segment);
  CHECK_ERROR(inscrm_segment_define(db, &clerk, &in, &s), INSCRM_ALREADY_EXISTS, "name");
  CHECK(s == NULL);
  in.name = "broken";
  in.rule = "age >= 'thirty'";
  CHECK_ERROR(inscrm_segment_define(db, &clerk, &in, &s), INSCRM_INVALID_ARGUMENT, "rule");
  in.rule = "age >= 30";
  in.kind = "astrological";
  CHECK_ERROR(inscrm_segment_define(db, &clerk, &in, &s), INSCRM_INVALID_ARGUMENT, "kind");
  in.kind = NULL;
  in.name = " padded ";
  CHECK_ERROR(inscrm_segment_define(db, &clerk, &in, &s), INSCRM_INVALID_ARGUMENT, "name");
  in.name = NULL;
  CHECK_NULL_ARG(inscrm_segment_define(db, &clerk, &in, &s), "name");
  in.name = "broken";
  in.rule = NULL;
  CHECK_NULL_ARG(inscrm_segment_define(db, &clerk, &in, &s), "rule");
  in.rule = "age >= 30";
  in.version = 99;
  CHECK_ERROR(inscrm_segment_define(db, &clerk, &in, &s), INSCRM_INVALID_ARGUMENT, "input.version");
  CHECK_NULL_ARG(inscrm_segment_define(db, &clerk, NULL, &s), "input");
  CHECK(s == NULL);
  CHECK(segment_count(db) == 2);

  /* A new text is the next rule version; the same text again changes nothing. */
  CHECK_OK(inscrm_segment_change_rule(db, &clerk, "mature", "age >= 40", &s));
  CHECK(s != NULL && s->id == id && s->rule_version == 2 && s->version == 2);
  if (s) {
    CHECK_STR(s->rule, "age >= 40");
    CHECK_STR(s->description, "offer the annuity");
  }
  inscrm_segment_free(&s);
  CHECK_OK(inscrm_segment_change_rule(db, &clerk, "mature", "age >= 40", NULL));
  CHECK_ERROR(inscrm_segment_change_rule(db, &clerk, "mature", "age >=", &s), INSCRM_INVALID_ARGUMENT, "rule");
  CHECK_ERROR(inscrm_segment_change_rule(db, &clerk, "nobody", "age >= 40", &s), INSCRM_NOT_FOUND, "segment");
  CHECK_NULL_ARG(inscrm_segment_change_rule(db, &clerk, NULL, "age >= 40", &s), "name");
  CHECK_NULL_ARG(inscrm_segment_change_rule(db, &clerk, "mature", NULL, &s), "rule");
  CHECK(s == NULL);

  inscrm_segment_rule_list* history = NULL;
  CHECK_OK(inscrm_segment_rule_history(db, &clerk, "mature", &history));
  CHECK(history != NULL && history->count == 2);
  if (history && history->count == 2) {
    CHECK(history->items[0]->version == 1 && history->items[1]->version == 2);
    CHECK_STR(history->items[0]->text, "age >= 30");
    CHECK_STR(history->items[1]->text, "age >= 40");
    CHECK(history->items[0]->created_at_unix_micros != 0);
  }
  inscrm_segment_rule_list_free(&history);
  CHECK(history == NULL);
  CHECK_ERROR(inscrm_segment_rule_history(db, &clerk, "nobody", &history), INSCRM_NOT_FOUND, "segment");
  CHECK_NULL_ARG(inscrm_segment_rule_history(db, &clerk, "mature", NULL), "out");

  inscrm_segment_list* list = NULL;
  CHECK_OK(inscrm_segments_list(db, &clerk, &list));
  CHECK(list != NULL && list->count == 2);
  if (list && list->count == 2) {
    CHECK_STR(list->items[0]->name, "mature");
    CHECK_STR(list->items[1]->name, "women");
  }
  inscrm_segment_list_free(&list);
  CHECK(list == NULL);
  CHECK_NULL_ARG(inscrm_segments_list(db, &clerk, NULL), "out");

  CHECK_ERROR(inscrm_segment_get(db, &clerk, "nobody", &s), INSCRM_NOT_FOUND, "segment");
  CHECK_NULL_ARG(inscrm_segment_get(db, &clerk, NULL, &s), "name");
  CHECK_NULL_ARG(inscrm_segment_get(db, &clerk, "mature", NULL), "out");
  inscrm_close(&db);
}

static void snapshots_and_movement(void) {
  inscrm_db* db = open_memory("2024-03-01");
  const int64_t wei = make_customer(db);
  const int64_t fang = make_fang(db);

  inscrm_segment_input in = INSCRM_SEGMENT_INPUT_INIT;
  in.name = "mature";
  in.rule = "age >= 30";
  CHECK_OK(inscrm_segment_define(db, &clerk, &in, NULL));

  inscrm_segment_snapshot* first = NULL;
  CHECK_OK(inscrm_segment_run(db, &clerk, "mature", "2024-03-01", &first));
  CHECK(first != NULL && first->id > 0 && first->rule_version == 1 && first->member_count == 1 &&
        first->members != NULL && first->members[0] == wei && first->taken_at_unix_micros != 0);
  if (first) CHECK_STR(first->as_of, "2024-03-01");
  const int64_t first_id = first ? first->id : 0;
  const int64_t segment_id = first ? first->segment : 0;
  inscrm_segment_snapshot_free(&first);
  CHECK(first == NULL);

  /* Widen the rule; the next day's run selects both, at rule version 2. */
  CHECK_OK(inscrm_segment_change_rule(db, &clerk, "mature", "age >= 18", NULL));
  inscrm_segment_snapshot* second = NULL;
  CHECK_OK(inscrm_segment_run(db, &clerk, "mature", "2024-03-02", &second));
  CHECK(second != NULL && second->segment == segment_id && second->rule_version == 2 && second->member_count == 2 &&
        second->members != NULL && second->members[0] == wei && second->members[1] == fang);
  const int64_t second_id = second ? second->id : 0;
  inscrm_segment_snapshot_free(&second);

  /* Listings leave the members out but keep their count. */
  inscrm_segment_snapshot_list* runs = NULL;
  CHECK_OK(inscrm_segment_snapshots(db, &clerk, "mature", &runs));
  CHECK(runs != NULL && runs->count == 2);
  if (runs && runs->count == 2) {
    CHECK(runs->items[0]->id == first_id && runs->items[0]->member_count == 1 && runs->items[0]->members == NULL);
    CHECK(runs->items[1]->id == second_id && runs->items[1]->member_count == 2 && runs->items[1]->members == NULL);
    CHECK_STR(runs->items[1]->as_of, "2024-03-02");
  }
  inscrm_segment_snapshot_list_free(&runs);
  CHECK(runs == NULL);

  inscrm_segment_snapshot* stored = NULL;
  CHECK_OK(inscrm_segment_snapshot_get(db, &clerk, first_id, &stored));
  CHECK(stored != NULL && stored->rule_version == 1 && stored->member_count == 1 && stored->members != NULL &&
        stored->members[0] == wei);
  inscrm_segment_snapshot_free(&stored);

  inscrm_segment_movement* m = NULL;
  CHECK_OK(inscrm_segment_movement_by_day(db, &clerk, "mature", "2024-03-01", "2024-03-02", &m));
  CHECK(m != NULL && m->from == first_id && m->to == second_id);
  if (m) {
    CHECK_STR(m->from_day, "2024-03-01");
    CHECK_STR(m->to_day, "2024-03-02");
    CHECK(m->entered_count == 1 && m->entered != NULL && m->entered[0] == fang);
    CHECK(m->left_count == 0 && m->left == NULL);
    CHECK(m->stayed_count == 1 && m->stayed != NULL && m->stayed[0] == wei);
  }
  inscrm_segment_movement_free(&m);
  CHECK(m == NULL);

  /* Backwards between the snapshot ids: 王芳 left. */
  CHECK_OK(inscrm_segment_movement_between(db, &clerk, second_id, first_id, &m));
  CHECK(m != NULL && m->entered_count == 0 && m->entered == NULL && m->left_count == 1 && m->left != NULL &&
        m->left[0] == fang && m->stayed_count == 1);
  inscrm_segment_movement_free(&m);

  /* Typed errors, and no snapshot written by a refused run. */
  int stale = 0;
  m = STALE(inscrm_segment_movement);
  CHECK_ERROR(inscrm_segment_movement_by_day(db, &clerk, "mature", "2024-02-01", "2024-03-02", &m), INSCRM_NOT_FOUND,
              "from");
  CHECK(m == NULL);
  CHECK_ERROR(inscrm_segment_movement_by_day(db, &clerk, "mature", "2024-03-01", "2024-04-01", &m), INSCRM_NOT_FOUND,
              "to");
  CHECK_ERROR(inscrm_segment_movement_by_day(db, &clerk, "nobody", "2024-03-01", "2024-03-02", &m), INSCRM_NOT_FOUND,
              "segment");
  CHECK_ERROR(inscrm_segment_movement_by_day(db, &clerk, "mature", "2024-3-1", "2024-03-02", &m),
              INSCRM_INVALID_ARGUMENT, "from");
  CHECK_NULL_ARG(inscrm_segment_movement_by_day(db, &clerk, "mature", "2024-03-01", NULL, &m), "to");
  CHECK_ERROR(inscrm_segment_movement_between(db, &clerk, 9999, second_id, &m), INSCRM_NOT_FOUND, "from");
  CHECK_ERROR(inscrm_segment_movement_between(db, &clerk, first_id, 9999, &m), INSCRM_NOT_FOUND, "to");
  CHECK_NULL_ARG(inscrm_segment_movement_between(db, &clerk, first_id, second_id, NULL), "out");

  inscrm_segment_snapshot* snap = STALE(inscrm_segment_snapshot);
  CHECK_ERROR(inscrm_segment_snapshot_get(db, &clerk, 9999, &snap), INSCRM_NOT_FOUND, "snapshot");
  CHECK(snap == NULL);
  CHECK_ERROR(inscrm_segment_run(db, &clerk, "nobody", "2024-03-02", &snap), INSCRM_NOT_FOUND, "segment");
  CHECK_ERROR(inscrm_segment_run(db, &clerk, "mature", "2024-02-30", &snap), INSCRM_INVALID_ARGUMENT, "as_of");
  CHECK_NULL_ARG(inscrm_segment_run(db, &clerk, NULL, "2024-03-02", &snap), "name");
  CHECK(snap == NULL);
  CHECK_ERROR(inscrm_segment_snapshots(db, &clerk, "nobody", &runs), INSCRM_NOT_FOUND, "segment");
  CHECK_OK(inscrm_segment_snapshots(db, &clerk, "mature", &runs));
  CHECK(runs != NULL && runs->count == 2);
  inscrm_segment_snapshot_list_free(&runs);

  /* out is optional for a run; the snapshot is stored all the same. */
  CHECK_OK(inscrm_segment_run(db, &clerk, "mature", "2024-03-03", NULL));
  CHECK_OK(inscrm_segment_snapshots(db, &clerk, "mature", &runs));
  CHECK(runs != NULL && runs->count == 3);
  inscrm_segment_snapshot_list_free(&runs);
  inscrm_close(&db);
}

static void null_db(void) {
  inscrm_db* db = NULL;
  int stale = 0;
  inscrm_id_array* ids = STALE(inscrm_id_array);
  inscrm_segment* segment = STALE(inscrm_segment);
  inscrm_segment_list* segments = STALE(inscrm_segment_list);
  inscrm_segment_rule_list* rules = STALE(inscrm_segment_rule_list);
  inscrm_segment_snapshot* snapshot = STALE(inscrm_segment_snapshot);
  inscrm_segment_snapshot_list* snapshots = STALE(inscrm_segment_snapshot_list);
  inscrm_segment_movement* movement = STALE(inscrm_segment_movement);
  const inscrm_segment_input in = INSCRM_SEGMENT_INPUT_INIT;

  CHECK_NULL_ARG(inscrm_segment_evaluate(db, &clerk, "age >= 30", "2024-03-01", &ids), "db");
  CHECK(ids == NULL);
  CHECK_NULL_ARG(inscrm_segment_define(db, &clerk, &in, &segment), "db");
  CHECK(segment == NULL);
  segment = STALE(inscrm_segment);
  CHECK_NULL_ARG(inscrm_segment_change_rule(db, &clerk, "s", "age >= 30", &segment), "db");
  CHECK(segment == NULL);
  segment = STALE(inscrm_segment);
  CHECK_NULL_ARG(inscrm_segment_get(db, &clerk, "s", &segment), "db");
  CHECK(segment == NULL);
  CHECK_NULL_ARG(inscrm_segments_list(db, &clerk, &segments), "db");
  CHECK(segments == NULL);
  CHECK_NULL_ARG(inscrm_segment_rule_history(db, &clerk, "s", &rules), "db");
  CHECK(rules == NULL);
  CHECK_NULL_ARG(inscrm_segment_run(db, &clerk, "s", "2024-03-01", &snapshot), "db");
  CHECK(snapshot == NULL);
  snapshot = STALE(inscrm_segment_snapshot);
  CHECK_NULL_ARG(inscrm_segment_snapshot_get(db, &clerk, 1, &snapshot), "db");
  CHECK(snapshot == NULL);
  CHECK_NULL_ARG(inscrm_segment_snapshots(db, &clerk, "s", &snapshots), "db");
  CHECK(snapshots == NULL);
  CHECK_NULL_ARG(inscrm_segment_movement_between(db, &clerk, 1, 2, &movement), "db");
  CHECK(movement == NULL);
  movement = STALE(inscrm_segment_movement);
  CHECK_NULL_ARG(inscrm_segment_movement_by_day(db, &clerk, "s", "2024-03-01", "2024-03-02", &movement), "db");
  CHECK(movement == NULL);

  /* Free functions: NULL and a NULL pointer are fine. */
  inscrm_id_array_free(NULL);
  inscrm_id_array_free(&ids);
  inscrm_segment_free(NULL);
  inscrm_segment_free(&segment);
  inscrm_segment_list_free(&segments);
  inscrm_segment_rule_list_free(NULL);
  inscrm_segment_snapshot_free(&snapshot);
  inscrm_segment_snapshot_list_free(NULL);
  inscrm_segment_movement_free(&movement);
  CHECK(ids == NULL && segment == NULL && snapshot == NULL && movement == NULL);

  static const inscrm_segment_input expected = INSCRM_SEGMENT_INPUT_INIT;
  inscrm_segment_input got;
  memset(&got, 0x5a, sizeof got);
  CHECK_OK(inscrm_segment_input_init(&got, INSCRM_SEGMENT_INPUT_VERSION));
  CHECK(got.version == INSCRM_SEGMENT_INPUT_VERSION);
  CHECK(memcmp(&got, &expected, sizeof got) == 0);
  CHECK_ERROR(inscrm_segment_input_init(&got, 0), INSCRM_INVALID_ARGUMENT, "version");
  CHECK_ERROR(inscrm_segment_input_init(&got, INSCRM_SEGMENT_INPUT_VERSION + 1), INSCRM_INVALID_ARGUMENT, "version");
  CHECK_NULL_ARG(inscrm_segment_input_init(NULL, INSCRM_SEGMENT_INPUT_VERSION), "input");
}

void test_segments(void) {
  evaluate();
  define_and_change();
  snapshots_and_movement();
  null_db();
}
