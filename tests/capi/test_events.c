/* Events: poll, ack and drain the outbox. */
#include "check.h"
#include "fixture.h"

#include <string.h>

struct drain_state {
  int seen;
  int stop_after;
  char first_type[64];
};

static int handle(const inscrm_event* e, void* user_data) {
  struct drain_state* state = user_data;
  if (state->seen == state->stop_after) return 0;
  if (state->seen == 0) {
    strncpy(state->first_type, e->type, sizeof state->first_type - 1);
    state->first_type[sizeof state->first_type - 1] = '\0';
  }
  ++state->seen;
  return 1;
}

void test_events(void) {
  inscrm_db* db = open_memory("2024-01-10");
  make_product(db);                            /* product.created */
  const int64_t customer = make_customer(db);  /* customer.created */
  make_named(db, "李娜");                      /* customer.created */

  inscrm_event_list* events = NULL;
  CHECK_OK(inscrm_events_poll(db, 100, 0, &events));
  CHECK(events != NULL && events->count == 3);
  if (events && events->count == 3) {
    const inscrm_event* e = events->items[1];
    CHECK_STR(e->type, "customer.created");
    CHECK_STR(e->entity, "customer");
    CHECK(e->entity_id == customer && e->id > events->items[0]->id);
    CHECK(e->payload[0] == '{' && strstr(e->payload, "\"customer_id\"") != NULL);
    CHECK_STR(e->actor, "u-1024");
    CHECK(e->at_unix_micros == INT64_C(1704844800000000));
  }
  const int64_t first = events && events->count ? events->items[0]->id : 0;
  inscrm_event_list_free(&events);
  CHECK(events == NULL);

  /* After the first: two left. Ack the first: still two pending from the start. */
  CHECK_OK(inscrm_events_poll(db, 100, first, &events));
  CHECK(events != NULL && events->count == 2);
  inscrm_event_list_free(&events);
  CHECK_OK(inscrm_events_poll(db, 1, 0, &events));
  CHECK(events != NULL && events->count == 1);
  inscrm_event_list_free(&events);
  CHECK_OK(inscrm_events_ack(db, first));
  CHECK_OK(inscrm_events_poll(db, 100, 0, &events));
  CHECK(events != NULL && events->count == 2);
  inscrm_event_list_free(&events);

  /* Drain stops where the handler says and acknowledges only what it accepted. */
  struct drain_state state = {0, 1, ""};
  size_t handled = 99;
  CHECK_OK(inscrm_events_drain(db, handle, &state, 100, &handled));
  CHECK(handled == 1 && state.seen == 1 && strcmp(state.first_type, "customer.created") == 0);
  state.stop_after = 100;
  CHECK_OK(inscrm_events_drain(db, handle, &state, 100, NULL));
  CHECK(state.seen == 2);
  CHECK_OK(inscrm_events_poll(db, 100, 0, &events));
  CHECK(events != NULL && events->count == 0 && events->items == NULL);
  inscrm_event_list_free(&events);
  CHECK_OK(inscrm_events_drain(db, handle, &state, 100, &handled));
  CHECK(handled == 0);

  CHECK_NULL_ARG(inscrm_events_drain(db, NULL, NULL, 100, &handled), "handler");
  CHECK_NULL_ARG(inscrm_events_poll(db, 100, 0, NULL), "out");
  inscrm_close(&db);
}
