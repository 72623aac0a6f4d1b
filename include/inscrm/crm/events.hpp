#pragma once

#include <inscrm/core/result.hpp>
#include <inscrm/crm/service_base.hpp>
#include <inscrm/domain/event.hpp>

#include <cstddef>
#include <functional>
#include <vector>

namespace inscrm {

// The outbox, drained by the host. Delivery is at least once: an event stays pending until acked.
class EventService : detail::ServiceBase {
 public:
  // Up to `max` pending events, oldest first, after `after` (use the last id you handled).
  Result<std::vector<DomainEvent>> poll(std::size_t max = 100, EventId after = EventId{}) const;
  // Marks every event up to and including `up_to` delivered.
  Result<void> ack(EventId up_to) const;
  // Calls `handler` for pending events in order; stops at the first that returns false. Acks the
  // ones handled. Returns how many were handled. Runs on the caller's thread; no hidden threads.
  Result<std::size_t> drain(const std::function<bool(const DomainEvent&)>& handler, std::size_t max = 1000) const;

 private:
  friend class Crm;
  using ServiceBase::ServiceBase;
};

}  // namespace inscrm
