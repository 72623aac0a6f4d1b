#include <inscrm/domain/sla.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace inscrm {

namespace {

using std::chrono::microseconds;

// Time on the row's calendar: wall time for round-the-clock rows, working time otherwise.
Instant add_on(const SlaRow& row, const BusinessCalendar& cal, Instant start, microseconds d) noexcept {
  if (row.calendar == SlaCalendar::RoundTheClock) return d <= microseconds{0} ? start : start + d;
  return add_business_time(cal, start, d);
}
microseconds between_on(const SlaRow& row, const BusinessCalendar& cal, Instant a, Instant b) noexcept {
  if (row.calendar == SlaCalendar::RoundTheClock) return b > a ? b - a : microseconds{0};
  return business_time_between(cal, a, b);
}

// Walks the running stretches between pauses, spending the budget; the deadline is where it runs
// out. Only pauses that began before that point move it.
std::optional<Instant> deadline_for(const SlaClock& c, const SlaRow& row, const BusinessCalendar& cal,
                                    microseconds budget) noexcept {
  Instant t = c.started_at;
  microseconds left = budget;
  for (const auto& p : c.pauses) {
    if (p.start > t) {
      const microseconds ran = between_on(row, cal, t, p.start);
      if (ran >= left) return add_on(row, cal, t, left);
      left -= ran;
    }
    if (!p.end) return std::nullopt;  // stopped before the deadline came, and still stopped
    t = std::max(t, *p.end);
  }
  return add_on(row, cal, t, left);
}

microseconds budget_of(const SlaRow& row, SlaKind kind) noexcept {
  return kind == SlaKind::Acknowledge ? microseconds{row.acknowledge_within} : microseconds{row.resolve_within};
}

bool missed(const std::optional<Instant>& due, const std::optional<Instant>& done, Instant now) noexcept {
  return due && *due < now && (!done || *done > *due);
}

Error clock_refused(std::string message) { return Error::illegal_transition(std::move(message), "sla"); }

// Time never runs backwards on a clock: a step before the last thing recorded is a host bug.
std::optional<Error> check_order(const SlaClock& c, Instant at) {
  if (at < c.started_at)
    return Error::invalid_argument("at", fmt::format("{} is before the SLA clock started ({})", to_string(at),
                                                     to_string(c.started_at)));
  if (!c.pauses.empty()) {
    const auto& last = c.pauses.back();
    const Instant latest = last.end ? *last.end : last.start;
    if (at < latest)
      return Error::invalid_argument("at", fmt::format("{} is before the last pause {} ({})", to_string(at),
                                                       last.end ? "ended" : "began", to_string(latest)));
  }
  return std::nullopt;
}

Result<void> validate_row(const SlaRow& row, const std::string& field) {
  using std::chrono::minutes;
  if (row.acknowledge_within <= minutes{0})
    return Error::invalid_argument(field + ".acknowledge_within", "must be a positive number of minutes");
  if (row.resolve_within <= minutes{0})
    return Error::invalid_argument(field + ".resolve_within", "must be a positive number of minutes");
  if (row.resolve_within < row.acknowledge_within)
    return Error::invalid_argument(field + ".resolve_within", "resolving cannot be due before acknowledging");
  return ok();
}

}  // namespace

const SlaRow& sla_row_for(const SlaPolicy& policy, std::string_view category, std::string_view severity) noexcept {
  // Rank 0 is the most specific match; the first row of the best rank wins.
  const SlaRow* best = nullptr;
  int best_rank = 4;
  for (const auto& row : policy.rows) {
    const bool cat_any = row.category.empty();
    const bool sev_any = row.severity.empty();
    if ((!cat_any && row.category != category) || (!sev_any && row.severity != severity)) continue;
    const int rank = !cat_any && !sev_any ? 0 : !cat_any ? 1 : !sev_any ? 2 : 3;
    if (rank < best_rank) {
      best = &row;
      best_rank = rank;
    }
  }
  return best ? *best : policy.fallback;
}

Result<void> validate_sla_policy(const SlaPolicy& policy) {
  INSCRM_TRYV(validate_row(policy.fallback, "fallback"));
  for (std::size_t i = 0; i < policy.rows.size(); ++i) {
    const auto& row = policy.rows[i];
    const std::string field = fmt::format("rows[{}]", i);
    INSCRM_TRYV(validate_row(row, field));
    for (std::size_t j = 0; j < i; ++j)
      if (policy.rows[j].category == row.category && policy.rows[j].severity == row.severity)
        return Error::invalid_argument(field, fmt::format("same keys as rows[{}] ('{}', '{}')", j, row.category,
                                                          row.severity));
  }
  return ok();
}

Result<void> pause(SlaClock& clock, Instant at, std::string reason) {
  if (clock.resolved_at) return clock_refused("the case is resolved: its SLA clock has stopped");
  if (is_paused(clock)) return clock_refused("the SLA clock is already paused");
  if (auto bad = check_order(clock, at)) return std::move(*bad);
  if (reason.empty()) return Error::invalid_argument("reason", "say why the SLA clock stops");
  clock.pauses.push_back(SlaPause{at, std::nullopt, std::move(reason)});
  return ok();
}

Result<void> resume(SlaClock& clock, Instant at) {
  if (!is_paused(clock)) return clock_refused("the SLA clock is not paused");
  if (auto bad = check_order(clock, at)) return std::move(*bad);
  clock.pauses.back().end = at;
  return ok();
}

Result<void> record_acknowledged(SlaClock& clock, Instant at) {
  if (clock.acknowledged_at) return ok();
  if (at < clock.started_at)
    return Error::invalid_argument("at", fmt::format("{} is before the SLA clock started ({})", to_string(at),
                                                     to_string(clock.started_at)));
  clock.acknowledged_at = at;
  return ok();
}

Result<void> record_resolved(SlaClock& clock, Instant at) {
  if (clock.resolved_at) return clock_refused("the case is already resolved");
  if (auto bad = check_order(clock, at)) return std::move(*bad);
  if (is_paused(clock)) clock.pauses.back().end = at;
  if (!clock.acknowledged_at) clock.acknowledged_at = at;
  clock.resolved_at = at;
  return ok();
}

Result<void> record_reopened(SlaClock& clock, Instant at) {
  if (!clock.resolved_at) return clock_refused("the case is not resolved, so it cannot be reopened");
  if (at < *clock.resolved_at)
    return Error::invalid_argument("at", fmt::format("{} is before the case was resolved ({})", to_string(at),
                                                     to_string(*clock.resolved_at)));
  clock.pauses.push_back(SlaPause{*clock.resolved_at, at, "resolved until reopened"});
  clock.resolved_at.reset();
  return ok();
}

std::optional<Instant> deadline(const SlaClock& clock, const SlaRow& row, const BusinessCalendar& calendar,
                                SlaKind kind) noexcept {
  return deadline_for(clock, row, calendar, budget_of(row, kind));
}

std::optional<Instant> deadline_acknowledge(const SlaClock& clock, const SlaRow& row,
                                            const BusinessCalendar& calendar) noexcept {
  return deadline(clock, row, calendar, SlaKind::Acknowledge);
}

std::optional<Instant> deadline_resolve(const SlaClock& clock, const SlaRow& row,
                                        const BusinessCalendar& calendar) noexcept {
  return deadline(clock, row, calendar, SlaKind::Resolve);
}

microseconds sla_elapsed(const SlaClock& c, const SlaRow& row, const BusinessCalendar& cal, Instant until) noexcept {
  if (c.resolved_at) until = std::min(until, *c.resolved_at);
  microseconds used{0};
  Instant t = c.started_at;
  for (const auto& p : c.pauses) {
    if (t >= until) break;
    if (p.start > t) used += between_on(row, cal, t, std::min(p.start, until));
    if (!p.end) return used;
    t = std::max(t, *p.end);
  }
  if (t < until) used += between_on(row, cal, t, until);
  return used;
}

SlaBreaches breaches(const SlaClock& c, const SlaRow& row, const BusinessCalendar& cal, Instant now) noexcept {
  SlaBreaches b;
  b.acknowledge = c.breached_ack_at.has_value() || missed(deadline_acknowledge(c, row, cal), c.acknowledged_at, now);
  b.resolve = c.breached_resolve_at.has_value() || missed(deadline_resolve(c, row, cal), c.resolved_at, now);
  return b;
}

SlaBreaches check_breach(SlaClock& c, const SlaRow& row, const BusinessCalendar& cal, Instant now) noexcept {
  SlaBreaches fresh;
  if (!c.breached_ack_at) {
    const auto due = deadline_acknowledge(c, row, cal);
    if (missed(due, c.acknowledged_at, now)) {
      c.breached_ack_at = due;
      fresh.acknowledge = true;
    }
  }
  if (!c.breached_resolve_at) {
    const auto due = deadline_resolve(c, row, cal);
    if (missed(due, c.resolved_at, now)) {
      c.breached_resolve_at = due;
      fresh.resolve = true;
    }
  }
  return fresh;
}

}  // namespace inscrm
