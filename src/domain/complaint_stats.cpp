#include <inscrm/domain/complaint_stats.hpp>

#include <algorithm>
#include <vector>

namespace inscrm {

namespace {

using std::chrono::microseconds;
using std::chrono::minutes;

DurationStats summarise(std::vector<microseconds> values) {
  DurationStats s;
  s.count = static_cast<int>(values.size());
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  microseconds total{0};
  for (const auto v : values) total += v;
  s.mean = std::chrono::floor<minutes>(total / static_cast<long long>(values.size()));
  const std::size_t mid = values.size() / 2;
  const microseconds median = values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  s.median = std::chrono::floor<minutes>(median);
  return s;
}

std::optional<double> share(int part, int whole) noexcept {
  if (whole <= 0) return std::nullopt;
  return static_cast<double>(part) / whole;
}

}  // namespace

ComplaintStats complaint_stats(std::span<const Complaint> complaints, const SlaPolicy& policy,
                               const BusinessCalendar& calendar, Instant from, Instant to, Instant as_of) {
  ComplaintStats s;
  std::vector<microseconds> wall;
  std::vector<microseconds> sla;
  long long satisfaction_total = 0;

  for (const auto& c : complaints) {
    if (c.received_at < from || c.received_at >= to) continue;
    ++s.received;
    if (is_open(c.status))
      ++s.open;
    else
      ++s.closed;
    if (c.escalation_level > 0) ++s.escalated;

    ++s.by_category[c.category];
    ++s.by_severity[c.severity];
    ++s.by_channel[c.channel];
    ++s.by_org_unit[c.org_unit];
    if (c.agent) ++s.by_agent[*c.agent];
    if (c.root_cause) ++s.by_root_cause[*c.root_cause];

    const SlaRow& row = sla_row_for(policy, c);
    const SlaBreaches missed = breaches(c.sla, row, calendar, as_of);
    if (c.sla.resolved_at) {
      wall.push_back(*c.sla.resolved_at - c.received_at);
      sla.push_back(sla_elapsed(c.sla, row, calendar, *c.sla.resolved_at));
    }

    if (c.sla.acknowledged_at || missed.acknowledge) {
      ++s.acknowledge_decided;
      if (!missed.acknowledge) ++s.acknowledged_in_time;
    }
    if (c.sla.resolved_at || missed.resolve) {
      ++s.resolve_decided;
      if (!missed.resolve) ++s.resolved_in_time;
    }

    if (c.sla.resolved_at || c.reopen_count > 0) {
      ++s.answered;
      if (c.reopen_count > 0) ++s.reopened;
    }

    if (c.customer_satisfaction) {
      ++s.satisfaction_responses;
      satisfaction_total += *c.customer_satisfaction;
    }
  }

  s.wall_time_to_resolve = summarise(std::move(wall));
  s.sla_time_to_resolve = summarise(std::move(sla));
  s.acknowledge_compliance = share(s.acknowledged_in_time, s.acknowledge_decided);
  s.resolve_compliance = share(s.resolved_in_time, s.resolve_decided);
  s.reopen_rate = share(s.reopened, s.answered);
  if (s.satisfaction_responses > 0)
    s.mean_satisfaction = static_cast<double>(satisfaction_total) / s.satisfaction_responses;
  return s;
}

}  // namespace inscrm
