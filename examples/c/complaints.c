/* A complaint from intake to closure in C, the story of examples/cpp/complaints.cpp: received on
 * a Friday afternoon, left unacknowledged over the weekend so the SLA watchdog escalates it on
 * Monday, handled, closed, reopened because the customer disagrees, and closed again — then its
 * deadlines, its history and the month's statistics.
 * Usage: complaints_c [storage-uri]   (default: memory:) */
#include <inscrm.h>

#include <stdio.h>
#include <time.h>

#define MICROS_PER_HOUR INT64_C(3600000000)
/* Friday 18 October 2024, 16:00 in Shanghai (UTC+8). */
#define FRIDAY_1600 INT64_C(1729238400000000)

static int fail(const char* what) {
  fprintf(stderr, "error: %s: %s: %s (field '%s')\n", what, inscrm_status_name(inscrm_last_error_code()),
          inscrm_last_error(), inscrm_last_error_field());
  return 1;
}

/* The library works in UTC; people in Shanghai read China time. */
static const char* china(int64_t unix_micros, char* buffer, size_t size) {
  if (unix_micros == 0) return "(paused)"; /* no deadline runs while waiting on the customer */
  const time_t seconds = (time_t)(unix_micros / 1000000 + 8 * 3600);
  struct tm parts;
  const struct tm* t = gmtime(&seconds);
  if (t == NULL) return "?";
  parts = *t;
  strftime(buffer, size, "%a %Y-%m-%d %H:%M", &parts);
  return buffer;
}

/* "MISSED", "in time" or "open", and when the work was done. */
static const char* outcome(int missed, int64_t done, char* buffer, size_t size) {
  char when[32];
  if (done == 0) return missed ? "MISSED" : "open";
  snprintf(buffer, size, "%s, done %s", missed ? "MISSED" : "in time", china(done, when, sizeof when));
  return buffer;
}

static int print_deadlines(inscrm_db* db, const inscrm_actor* who, int64_t id) {
  inscrm_deadlines* d = NULL;
  if (inscrm_complaint_deadlines(db, who, id, &d) != INSCRM_OK) return fail("reading the deadlines");
  char due[32];
  char how[64];
  printf("  acknowledge by %s  (%s)\n", china(d->acknowledge_unix_micros, due, sizeof due),
         outcome(d->acknowledge_breached, d->acknowledged_at_unix_micros, how, sizeof how));
  printf("  resolve     by %s  (%s)\n", china(d->resolve_unix_micros, due, sizeof due),
         outcome(d->resolve_breached, d->resolved_at_unix_micros, how, sizeof how));
  inscrm_deadlines_free(&d);
  return 0;
}

/* One handling step, then half an hour passes. */
static int step(inscrm_db* db, inscrm_status status, const char* what) {
  if (status != INSCRM_OK) return fail(what);
  int64_t now = 0;
  if (inscrm_db_now(db, &now) != INSCRM_OK || inscrm_db_set_time(db, now + MICROS_PER_HOUR / 2) != INSCRM_OK)
    return fail("moving the clock");
  return 0;
}

static int story(inscrm_db* db) {
  const inscrm_actor clerk = {INSCRM_ACTOR_VERSION, "u-1024", INSCRM_ROLE_SERVICE_REP, 0, 0, 0};
  const inscrm_actor handler = {INSCRM_ACTOR_VERSION, "h-li", INSCRM_ROLE_COMPLAINT_HANDLER, 0, 0, 0};
  /* Org units are reference data, the administrator's to define; the daily run is the system's. */
  const inscrm_actor admin = {INSCRM_ACTOR_VERSION, "admin", INSCRM_ROLE_ADMINISTRATOR, 0, 0, 0};
  const inscrm_actor system = INSCRM_ACTOR_SYSTEM_INIT;

  inscrm_org_unit_input head = INSCRM_ORG_UNIT_INPUT_INIT;
  head.code = "HO";
  head.name = "Head office";
  head.kind = "head_office";
  int64_t head_id = 0;
  if (inscrm_org_unit_create(db, &admin, &head, &head_id) != INSCRM_OK) return fail("creating the head office");
  inscrm_org_unit_input branch = INSCRM_ORG_UNIT_INPUT_INIT;
  branch.code = "SH";
  branch.name = "Shanghai";
  branch.parent = head_id;
  int64_t branch_id = 0;
  if (inscrm_org_unit_create(db, &admin, &branch, &branch_id) != INSCRM_OK) return fail("creating the branch");
  inscrm_customer_input wei = INSCRM_CUSTOMER_INPUT_INIT;
  wei.name = "张伟";
  wei.org_unit = branch_id;
  int64_t wei_id = 0;
  if (inscrm_customer_create(db, &clerk, &wei, &wei_id) != INSCRM_OK) return fail("creating the customer");

  /* Intake: the call centre logs the complaint; no department is named, so nobody is assigned. */
  inscrm_complaint_input in = INSCRM_COMPLAINT_INPUT_INIT;
  in.customer = wei_id;
  in.channel = "call_centre";
  in.matter = "the agent promised a bonus the contract does not pay";
  in.category = "service";
  in.subcategory = "agent_conduct";
  in.severity = "medium";
  inscrm_complaint* c = NULL;
  if (inscrm_complaint_receive(db, &clerk, &in, &c) != INSCRM_OK) return fail("receiving the complaint");
  const int64_t id = c->id;
  char when[32];
  printf("complaint %lld received %s\n", (long long)id, china(c->received_at_unix_micros, when, sizeof when));
  inscrm_complaint_free(&c);
  if (print_deadlines(db, &clerk, id) != 0) return 1;

  /* The weekend passes. Monday 17:00: the acknowledgement was due at 16:00 and nobody answered. */
  if (inscrm_db_set_time(db, FRIDAY_1600 + 73 * MICROS_PER_HOUR) != INSCRM_OK) return fail("moving the clock");
  for (int run = 1; run <= 2; ++run) {
    inscrm_daily_report* report = NULL;
    if (inscrm_db_run_daily(db, &system, NULL, &report) != INSCRM_OK) return fail("running the daily run");
    const size_t escalated = report->complaints_escalated;
    inscrm_daily_report_free(&report);
    printf("daily run #%d: %zu complaint(s) escalated\n", run, escalated);
    /* The escalation fires once: the breach is recorded on the complaint. */
    if (escalated != (run == 1 ? 1u : 0u)) {
      fprintf(stderr, "error: expected the escalation to fire exactly once\n");
      return 1;
    }
  }
  if (print_deadlines(db, &clerk, id) != 0) return 1;

  /* Handling: assigned, investigated, answered, closed — and reopened because the customer disagrees. */
  if (step(db, inscrm_complaint_assign(db, &handler, id, "customer_service", "h-li", NULL, NULL), "assigning") ||
      step(db, inscrm_complaint_start_investigation(db, &handler, id, "call recording requested", NULL), "investigating") ||
      step(db, inscrm_complaint_propose_solution(db, &handler, id, "apologise and explain the bonus terms", NULL),
           "proposing a solution") ||
      step(db, inscrm_complaint_inform_customer(db, &handler, id, "called the customer", NULL), "informing") ||
      step(db, inscrm_complaint_close(db, &handler, id, "agent_conduct", 2, NULL, NULL), "closing"))
    return 1;
  /* Wednesday 10:00: the customer objects. */
  if (inscrm_db_set_time(db, FRIDAY_1600 + 114 * MICROS_PER_HOUR) != INSCRM_OK) return fail("moving the clock");
  if (step(db, inscrm_complaint_reopen(db, &handler, id, "the customer wants the promised bonus honoured", NULL),
           "reopening") ||
      step(db, inscrm_complaint_propose_solution(db, &handler, id, "pay the promised bonus as a goodwill gesture", NULL),
           "proposing a solution") ||
      step(db, inscrm_complaint_inform_customer(db, &handler, id, NULL, NULL), "informing") ||
      step(db, inscrm_complaint_close(db, &handler, id, NULL, 4, "customer accepts", NULL), "closing again"))
    return 1;

  if (inscrm_complaint_get(db, &clerk, id, &c) != INSCRM_OK) return fail("reading the complaint");
  printf("complaint %lld is %s: escalation level %d, reopened %d time(s), satisfaction %d/5\n", (long long)id,
         c->status, c->escalation_level, c->reopen_count, c->customer_satisfaction);
  inscrm_complaint_free(&c);
  if (print_deadlines(db, &clerk, id) != 0) return 1;

  inscrm_complaint_step_list* history = NULL;
  if (inscrm_complaint_history(db, &clerk, id, &history) != INSCRM_OK) return fail("reading the history");
  printf("history:\n");
  for (size_t i = 0; i < history->count; ++i) {
    const inscrm_complaint_step* s = history->items[i];
    printf("  %s  %-7s %-19s %17s -> %-17s %s\n", china(s->at_unix_micros, when, sizeof when), s->actor, s->event,
           s->from, s->to, s->note);
  }
  inscrm_complaint_step_list_free(&history);

  /* October in Shanghai: from 1 October 00:00 to 1 November 00:00 China time. */
  const int64_t october = INT64_C(1727712000000000);
  const int64_t november = INT64_C(1730390400000000);
  inscrm_complaint_stats* st = NULL;
  if (inscrm_complaint_statistics(db, &clerk, october, november, &st) != INSCRM_OK) return fail("computing statistics");
  printf("October: %lld received, %lld closed, %lld escalated; acknowledged in time %lld/%lld; reopen rate %.0f %%\n",
         (long long)st->received, (long long)st->closed, (long long)st->escalated, (long long)st->acknowledged_in_time,
         (long long)st->acknowledge_decided, st->reopen_rate ? 100.0 * *st->reopen_rate : 0.0);
  inscrm_complaint_stats_free(&st);
  return 0;
}

int main(int argc, char** argv) {
  const char* uri = argc > 1 ? argv[1] : "memory:";
  /* The library reads time only from this clock; the SLA settings are the defaults (office hours
   * 9–12 and 13–18, Monday to Friday; 8 working hours to acknowledge a medium complaint). */
  inscrm_open_options opts = INSCRM_OPEN_OPTIONS_INIT;
  opts.clock = INSCRM_CLOCK_MANUAL;
  opts.now_unix_micros = FRIDAY_1600;
  inscrm_db* db = NULL;
  if (inscrm_open(uri, &opts, &db) != INSCRM_OK) return fail("opening the database");
  const int rc = story(db);
  inscrm_close(&db);
  return rc;
}
