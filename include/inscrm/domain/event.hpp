#pragma once
// domain.md C13: domain events. Each service call that changes state writes its events to an
// outbox in the same transaction; the host drains them by poll or callback and acknowledges them,
// so an event is delivered at least once even if the process dies between commit and delivery.

#include <inscrm/core/date.hpp>
#include <inscrm/core/id.hpp>

#include <cstdint>
#include <string>

namespace inscrm {

struct DomainEvent {
  EventId id;              // assigned by the store; increasing in commit order per store
  std::string type;        // "customer.created", "policy.lapsed", "customer.stage_changed", …
  std::string entity;      // "customer", "policy", "payment", …
  std::int64_t entity_id = 0;
  std::string payload;     // JSON object with the facts a consumer needs
  std::string actor;       // Actor::user that caused it
  Instant at{};
};

}  // namespace inscrm
