// SLA policies, clocks and deadlines: the conversions, and the free function of inscrm_deadlines.

#include "sla.hpp"

#include "guard.hpp"
#include "input.hpp"

#include <fmt/format.h>

using namespace inscrm;

namespace inscrm::capi {

namespace {

Result<SlaRow> sla_row_in(const inscrm_sla_row& in, std::string_view field) {
  SlaRow row;
  row.category = text_or_empty(in.category);
  row.severity = text_or_empty(in.severity);
  row.acknowledge_within = std::chrono::minutes{in.acknowledge_within_minutes};
  row.resolve_within = std::chrono::minutes{in.resolve_within_minutes};
  INSCRM_TRY(row.calendar, enum_named(in.calendar, SlaCalendar::Business, fmt::format("{}.calendar", field)));
  return row;
}

}  // namespace

Result<SlaPolicy> sla_policy_in(const inscrm_sla_policy& in) {
  SlaPolicy policy;
  INSCRM_TRYV(check_array(in.rows, in.row_count, "rows"));
  for (std::size_t i = 0; i < in.row_count; ++i) {
    INSCRM_TRY(auto row, sla_row_in(in.rows[i], fmt::format("rows[{}]", i)));
    policy.rows.push_back(std::move(row));
  }
  INSCRM_TRY(policy.fallback, sla_row_in(in.fallback, "fallback"));
  return policy;
}

void fill_sla_row(inscrm_sla_row& o, Arena& a, const SlaRow& row) {
  o.category = a.str(row.category);
  o.severity = a.str(row.severity);
  o.acknowledge_within_minutes = row.acknowledge_within.count();
  o.resolve_within_minutes = row.resolve_within.count();
  o.calendar = name_of(row.calendar);
}

void fill_sla_policy(inscrm_sla_policy& o, Arena& a, const SlaPolicy& policy) {
  auto* rows = a.array<inscrm_sla_row>(policy.rows.size());
  for (std::size_t i = 0; i < policy.rows.size(); ++i) fill_sla_row(rows[i], a, policy.rows[i]);
  o.rows = rows;
  o.row_count = policy.rows.size();
  fill_sla_row(o.fallback, a, policy.fallback);
}

const inscrm_sla_clock* sla_clock_out(Arena& a, const SlaClock& clock) {
  auto* o = a.one<inscrm_sla_clock>();
  o->started_at_unix_micros = to_c(clock.started_at);
  auto* pauses = a.array<inscrm_sla_pause>(clock.pauses.size());
  for (std::size_t i = 0; i < clock.pauses.size(); ++i)
    pauses[i] = {to_c(clock.pauses[i].start), to_c(clock.pauses[i].end), a.str(clock.pauses[i].reason)};
  o->pauses = pauses;
  o->pause_count = clock.pauses.size();
  o->paused = is_paused(clock) ? 1 : 0;
  o->acknowledged_at_unix_micros = to_c(clock.acknowledged_at);
  o->resolved_at_unix_micros = to_c(clock.resolved_at);
  o->breached_ack_at_unix_micros = to_c(clock.breached_ack_at);
  o->breached_resolve_at_unix_micros = to_c(clock.breached_resolve_at);
  return o;
}

inscrm_deadlines* deadlines_output(const Deadlines& d) {
  return make_output<inscrm_deadlines>([&](inscrm_deadlines& o, Arena& a) {
    fill_sla_row(o.row, a, d.row);
    o.acknowledge_unix_micros = to_c(d.acknowledge);
    o.resolve_unix_micros = to_c(d.resolve);
    o.acknowledged_at_unix_micros = to_c(d.acknowledged_at);
    o.resolved_at_unix_micros = to_c(d.resolved_at);
    o.paused = d.paused ? 1 : 0;
    o.acknowledge_breached = d.acknowledge_breached ? 1 : 0;
    o.resolve_breached = d.resolve_breached ? 1 : 0;
    o.elapsed_micros = d.elapsed.count();
    o.as_of_unix_micros = to_c(d.as_of);
  });
}

}  // namespace inscrm::capi

void inscrm_deadlines_free(inscrm_deadlines** deadlines) {
  capi::guard_void([&] { capi::free_output(deadlines); });
}
