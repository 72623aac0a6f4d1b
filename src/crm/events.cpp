#include <inscrm/crm/events.hpp>

#include "crm/engine.hpp"

namespace inscrm {

Result<std::vector<DomainEvent>> EventService::poll(std::size_t max, EventId after) const {
  return engine_->read([&](storage::Transaction& tx) { return tx.pending_events(after, max); });
}

Result<void> EventService::ack(EventId up_to) const {
  return engine_->write([&](storage::Transaction& tx) { return tx.ack_events(up_to); });
}

Result<std::size_t> EventService::drain(const std::function<bool(const DomainEvent&)>& handler, std::size_t max) const {
  INSCRM_TRY(auto events, poll(max));
  std::size_t handled = 0;
  EventId last;
  for (const auto& e : events) {
    if (!handler(e)) break;
    last = e.id;
    ++handled;
  }
  // Acknowledge only what the host accepted: the rest stays pending for the next drain.
  if (handled > 0) {
    INSCRM_TRYV(ack(last));
  }
  return handled;
}

}  // namespace inscrm
