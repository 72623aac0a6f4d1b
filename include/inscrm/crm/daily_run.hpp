#pragma once

#include <inscrm/core/date.hpp>

#include <cstddef>

namespace inscrm {

// What Crm::run_daily did.
struct DailyRunReport {
  Date day{};
  std::size_t policies_checked = 0;
  std::size_t took_effect = 0;
  std::size_t entered_grace = 0;
  std::size_t lapsed = 0;
  std::size_t matured = 0;
  std::size_t expired = 0;
  std::size_t renewed_terms_started = 0;
  std::size_t stage_changes = 0;
  // The SLA watchdog (domain.md C5): complaints escalated for a newly missed deadline, and
  // service requests with a newly missed deadline recorded.
  std::size_t complaints_escalated = 0;
  std::size_t service_requests_breached = 0;
};

}  // namespace inscrm
