// Events module: the outbox, drained by poll + ack or by a callback.

#include "guard.hpp"
#include "handle.hpp"
#include "input.hpp"
#include "output.hpp"

#include <inscrm/crm.hpp>

using namespace inscrm;

namespace {

// The event's strings are borrowed from `e`: for the callback, which sees it only during the call.
inscrm_event borrowed(const DomainEvent& e) {
  inscrm_event o{};
  o.id = e.id.value;
  o.type = e.type.c_str();
  o.entity = e.entity.c_str();
  o.entity_id = e.entity_id;
  o.payload = e.payload.c_str();
  o.actor = e.actor.c_str();
  o.at_unix_micros = capi::to_c(e.at);
  return o;
}

void fill_event(inscrm_event& o, capi::Arena& a, const DomainEvent& e) {
  o = borrowed(e);
  o.type = a.str(e.type);
  o.entity = a.str(e.entity);
  o.payload = a.str(e.payload);
  o.actor = a.str(e.actor);
}

}  // namespace

inscrm_status inscrm_events_poll(inscrm_db* db, size_t max, int64_t after, inscrm_event_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto events, capi::from_handle(db).crm.events().poll(max, EventId{after}));
    *out = capi::make_output<inscrm_event_list>([&](inscrm_event_list& l, capi::Arena& a) {
      capi::fill_list<inscrm_event_list, inscrm_event>(l, a, events, fill_event);
    });
    return ok();
  });
}

void inscrm_event_list_free(inscrm_event_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}

inscrm_status inscrm_events_ack(inscrm_db* db, int64_t up_to) {
  return capi::guard([&]() -> Result<void> {
    INSCRM_TRYV(capi::require(db, "db"));
    return capi::from_handle(db).crm.events().ack(EventId{up_to});
  });
}

inscrm_status inscrm_events_drain(inscrm_db* db, inscrm_event_handler handler, void* user_data, size_t max,
                                  size_t* out_handled) {
  return capi::guard([&]() -> Result<void> {
    if (out_handled) *out_handled = 0;
    INSCRM_TRYV(capi::require(db, "db"));
    if (handler == nullptr) return capi::null_argument("handler");
    INSCRM_TRY(auto handled, capi::from_handle(db).crm.events().drain(
                                 [&](const DomainEvent& e) {
                                   const inscrm_event event = borrowed(e);
                                   return handler(&event, user_data) != 0;
                                 },
                                 max));
    if (out_handled) *out_handled = handled;
    return ok();
  });
}
