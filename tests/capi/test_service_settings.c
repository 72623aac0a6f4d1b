/* The service settings through the C ABI: defaults read back in full, replaced while open, given
 * at open (inscrm_open_options version 2; a version-1 struct still opens), assignment rules that
 * assign at intake, and the field paths of bad settings. */
#include "check.h"
#include "fixture.h"

#include <stddef.h>
#include <string.h>

/* Friday 18 October 2024, 16:00 in Shanghai, and Monday and Tuesday 16:00 after it. */
#define FRIDAY_1600 INT64_C(1729238400000000)
#define MONDAY_1600 INT64_C(1729497600000000)
#define TUESDAY_1600 INT64_C(1729584000000000)

static int64_t receive_in(inscrm_db* db, int64_t customer, const char* department, inscrm_complaint** out) {
  inscrm_complaint_input in = INSCRM_COMPLAINT_INPUT_INIT;
  in.customer = customer;
  in.matter = "the claim takes too long";
  in.subcategory = "delay";
  in.department = department;
  CHECK_OK(inscrm_complaint_receive(db, &clerk, &in, out));
  return *out ? (*out)->id : 0;
}

static int64_t acknowledge_deadline(inscrm_db* db, int64_t complaint) {
  inscrm_deadlines* d = NULL;
  CHECK_OK(inscrm_complaint_deadlines(db, &clerk, complaint, &d));
  const int64_t at = d ? d->acknowledge_unix_micros : 0;
  inscrm_deadlines_free(&d);
  return at;
}

static void defaults_read_back(void) {
  inscrm_db* db = open_memory_at(FRIDAY_1600, NULL);
  inscrm_service_settings* s = NULL;
  CHECK_OK(inscrm_db_service_settings(db, &s));
  CHECK(s != NULL);
  if (s) {
    CHECK(s->version == INSCRM_SERVICE_SETTINGS_VERSION && s->utc_offset_minutes == 480);
    CHECK(s->week != NULL && s->week[0].interval_count == 0 && s->week[6].interval_count == 0);
    CHECK(s->week != NULL && s->week[1].interval_count == 2 && s->week[1].intervals[0].start_minute == 540 &&
          s->week[1].intervals[0].end_minute == 720 && s->week[1].intervals[1].start_minute == 780 &&
          s->week[1].intervals[1].end_minute == 1080);
    CHECK(s->holiday_count == 0 && s->holidays == NULL && s->assignment_count == 0);
    CHECK(s->complaint_sla != NULL && s->complaint_sla->row_count > 0 && s->service_sla != NULL);
    CHECK_STR(s->escalate_at_intake_from, "high");
    if (s->service_sla) {
      /* The standard service policy: a surrender within 24 working hours. */
      int found = 0;
      for (size_t i = 0; i < s->service_sla->row_count; ++i)
        if (strcmp(s->service_sla->rows[i].category, "surrender") == 0)
          found = s->service_sla->rows[i].resolve_within_minutes == 24 * 60;
      CHECK(found);
    }
  }
  inscrm_service_settings_free(&s);
  CHECK(s == NULL);
  inscrm_close(&db);
}

static void replaced_while_open(void) {
  inscrm_db* db = open_memory_at(FRIDAY_1600, NULL);
  const int64_t wei = make_customer_at(db, "张伟", make_branch(db));

  /* Read, change, write back: Monday becomes a holiday and a department gets a round robin. */
  inscrm_service_settings* current = NULL;
  CHECK_OK(inscrm_db_service_settings(db, &current));
  const char* const holidays[] = {"2024-10-21"};
  const char* const handlers[] = {"h-li", "h-wang"};
  const inscrm_assignment_rule rules[] = {{"claims_desk", "round_robin", handlers, 2}};
  inscrm_service_settings changed = *current;
  changed.holidays = holidays;
  changed.holiday_count = 1;
  changed.assignment = rules;
  changed.assignment_count = 1;
  CHECK_OK(inscrm_db_set_service_settings(db, &clerk, &changed));
  inscrm_service_settings_free(&current);

  inscrm_complaint* c = NULL;
  const int64_t first = receive_in(db, wei, "claims_desk", &c);
  CHECK(c != NULL);
  if (c) {
    CHECK_STR(c->status, "assigned");
    CHECK_STR(c->assignee, "h-li");
  }
  inscrm_complaint_free(&c);
  receive_in(db, wei, "claims_desk", &c);
  if (c) CHECK_STR(c->assignee, "h-wang");
  inscrm_complaint_free(&c);
  /* A department without a rule waits for a manual assign. */
  const int64_t manual = receive_in(db, wei, "legal", &c);
  if (c) {
    CHECK_STR(c->status, "received");
    CHECK_STR(c->department, "legal");
  }
  inscrm_complaint_free(&c);
  /* The holiday moves the deadline of a complaint that is not acknowledged yet. */
  CHECK(acknowledge_deadline(db, manual) == TUESDAY_1600);
  (void)first;

  /* Read back as set. */
  CHECK_OK(inscrm_db_service_settings(db, &current));
  CHECK(current != NULL && current->holiday_count == 1 && current->assignment_count == 1);
  if (current && current->holiday_count == 1 && current->assignment_count == 1) {
    CHECK_STR(current->holidays[0], "2024-10-21");
    CHECK_STR(current->assignment[0].department, "claims_desk");
    CHECK_STR(current->assignment[0].mode, "round_robin");
    CHECK(current->assignment[0].handler_count == 2);
    CHECK_STR(current->assignment[0].handlers[1], "h-wang");
  }
  inscrm_service_settings_free(&current);

  /* Bad settings name their field and change nothing. */
  inscrm_service_settings bad = INSCRM_SERVICE_SETTINGS_INIT;
  const char* const not_a_date[] = {"2024-13-01"};
  bad.holidays = not_a_date;
  bad.holiday_count = 1;
  CHECK_ERROR(inscrm_db_set_service_settings(db, &clerk, &bad), INSCRM_INVALID_ARGUMENT, "calendar.holidays[0]");
  bad.holidays = NULL;
  CHECK_ERROR(inscrm_db_set_service_settings(db, &clerk, &bad), INSCRM_INVALID_ARGUMENT, "calendar.holidays");
  bad.holiday_count = 0;
  const inscrm_working_interval backwards[] = {{720, 540}};
  inscrm_working_day week[7] = {{NULL, 0}, {backwards, 1}, {NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}};
  bad.week = week;
  CHECK_ERROR(inscrm_db_set_service_settings(db, &clerk, &bad), INSCRM_INVALID_ARGUMENT, "calendar.hours[1][0]");
  bad.week = NULL;
  const inscrm_sla_row lunar_rows[] = {{"service", "high", 60, 600, "lunar"}};
  inscrm_sla_policy lunar = {lunar_rows, 1, {NULL, NULL, 480, 4800, NULL}};
  bad.complaint_sla = &lunar;
  CHECK_ERROR(inscrm_db_set_service_settings(db, &clerk, &bad), INSCRM_INVALID_ARGUMENT,
              "complaint_sla.rows[0].calendar");
  const inscrm_sla_row unknown_kind[] = {{"teleportation", NULL, 60, 600, NULL}};
  inscrm_sla_policy service = {unknown_kind, 1, {NULL, NULL, 480, 4800, NULL}};
  bad.complaint_sla = NULL;
  bad.service_sla = &service;
  CHECK_ERROR(inscrm_db_set_service_settings(db, &clerk, &bad), INSCRM_INVALID_ARGUMENT, "service_sla.rows[0].category");
  bad.service_sla = NULL;
  const inscrm_assignment_rule nobody[] = {{"claims_desk", NULL, NULL, 0}};
  bad.assignment = nobody;
  bad.assignment_count = 1;
  CHECK_ERROR(inscrm_db_set_service_settings(db, &clerk, &bad), INSCRM_INVALID_ARGUMENT, "assignment[0].handlers");
  const inscrm_assignment_rule random[] = {{"claims_desk", "random", handlers, 2}};
  bad.assignment = random;
  CHECK_ERROR(inscrm_db_set_service_settings(db, &clerk, &bad), INSCRM_INVALID_ARGUMENT, "assignment[0].mode");
  bad.assignment = NULL;
  bad.assignment_count = 0;
  bad.escalate_at_intake_from = "apocalyptic";
  CHECK_ERROR(inscrm_db_set_service_settings(db, &clerk, &bad), INSCRM_INVALID_ARGUMENT, "escalate_at_intake_from");
  bad.escalate_at_intake_from = NULL;
  bad.version = 0;
  CHECK_ERROR(inscrm_db_set_service_settings(db, &clerk, &bad), INSCRM_INVALID_ARGUMENT, "settings.version");
  CHECK_NULL_ARG(inscrm_db_set_service_settings(db, &clerk, NULL), "settings");
  CHECK_NULL_ARG(inscrm_db_set_service_settings(db, NULL, &changed), "actor");
  CHECK_NULL_ARG(inscrm_db_service_settings(db, NULL), "out");
  CHECK_OK(inscrm_db_service_settings(db, &current));
  CHECK(current != NULL && current->holiday_count == 1 && current->assignment_count == 1);
  inscrm_service_settings_free(&current);
  inscrm_close(&db);
}

static void given_at_open(void) {
  const char* const holidays[] = {"2024-10-21"};
  inscrm_service_settings settings = INSCRM_SERVICE_SETTINGS_INIT;
  settings.holidays = holidays;
  settings.holiday_count = 1;
  inscrm_db* db = open_memory_at(FRIDAY_1600, &settings);
  const int64_t wei = make_customer_at(db, "张伟", make_branch(db));
  inscrm_complaint* c = NULL;
  const int64_t id = receive_in(db, wei, NULL, &c);
  inscrm_complaint_free(&c);
  CHECK(acknowledge_deadline(db, id) == TUESDAY_1600);
  inscrm_close(&db);

  /* Errors at open are named under "service", as the C++ facade names them. */
  inscrm_open_options opts = INSCRM_OPEN_OPTIONS_INIT;
  CHECK(opts.version == 3 && opts.service == NULL && opts.master_key == NULL && opts.key_file == NULL);
  opts.clock = INSCRM_CLOCK_MANUAL;
  opts.now_unix_micros = FRIDAY_1600;
  const char* const bad_dates[] = {"someday"};
  inscrm_service_settings bad = INSCRM_SERVICE_SETTINGS_INIT;
  bad.holidays = bad_dates;
  bad.holiday_count = 1;
  opts.service = &bad;
  CHECK_ERROR(inscrm_open("memory:", &opts, &db), INSCRM_INVALID_ARGUMENT, "service.calendar.holidays[0]");
  CHECK(db == NULL);
  bad.holiday_count = 0;
  bad.utc_offset_minutes = 24 * 60;
  CHECK_ERROR(inscrm_open("memory:", &opts, &db), INSCRM_INVALID_ARGUMENT, "service.calendar.utc_offset");
  bad.version = 9;
  CHECK_ERROR(inscrm_open("memory:", &opts, &db), INSCRM_INVALID_ARGUMENT, "service.version");

  /* A host compiled against version 1 of the options has no `service` field: it is not read. */
  opts.version = 1;
  CHECK_OK(inscrm_open("memory:", &opts, &db));
  const int64_t wang = make_customer_at(db, "王芳", make_branch(db));
  const int64_t other = receive_in(db, wang, NULL, &c);
  inscrm_complaint_free(&c);
  CHECK(acknowledge_deadline(db, other) == MONDAY_1600);
  inscrm_close(&db);

  inscrm_service_settings init;
  CHECK_OK(inscrm_service_settings_init(&init, INSCRM_SERVICE_SETTINGS_VERSION));
  CHECK(init.version == INSCRM_SERVICE_SETTINGS_VERSION && init.week == NULL && init.utc_offset_minutes == 480 &&
        init.escalate_at_intake_from == NULL);
  CHECK_ERROR(inscrm_service_settings_init(&init, 2), INSCRM_INVALID_ARGUMENT, "version");
  CHECK_NULL_ARG(inscrm_service_settings_init(NULL, 1), "settings");
  inscrm_open_options v1;
  memset(&v1, 0x5a, sizeof v1);
  CHECK_OK(inscrm_open_options_init(&v1, 1));
  CHECK(v1.version == 1 && v1.stage_new_months == 6);
}

void test_service_settings(void) {
  defaults_read_back();
  replaced_while_open();
  given_at_open();
}
