#pragma once
// Where a case (a complaint or a service request) stands against its SLA, as of the clock's now:
// computed from the stored SLA clock and the SLA policy and calendar in force now (never stored).

#include <inscrm/core/date.hpp>
#include <inscrm/domain/sla.hpp>

#include <chrono>
#include <optional>

namespace inscrm {

struct Deadlines {
  SlaRow row;  // the policy row that applies (category / severity or kind), as configured now
  // None while the case waits on the customer: no deadline runs then (domain.md C5).
  std::optional<Instant> acknowledge;
  std::optional<Instant> resolve;
  std::optional<Instant> acknowledged_at;
  std::optional<Instant> resolved_at;
  bool paused = false;
  // Missed as seen now: recorded by the watchdog, or passed with the work not done.
  bool acknowledge_breached = false;
  bool resolve_breached = false;
  std::chrono::microseconds elapsed{};  // SLA time used so far (pauses excluded; stops at resolution)
  Instant as_of{};
};

}  // namespace inscrm
