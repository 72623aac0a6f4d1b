// Service settings module: the business calendar, SLA policies and assignment rules, as one
// versioned struct in and a fully spelled-out copy out.

#include "service_settings.hpp"

#include "guard.hpp"
#include "handle.hpp"
#include "input.hpp"
#include "output.hpp"
#include "sla.hpp"

#include <inscrm/crm.hpp>

#include <fmt/format.h>

#include <string>

using namespace inscrm;

namespace {

Result<WorkingDay> working_day_in(const inscrm_working_day& in, std::string_view field) {
  INSCRM_TRYV(capi::check_array(in.intervals, in.interval_count, field));
  WorkingDay day;
  for (std::size_t i = 0; i < in.interval_count; ++i)
    day.push_back({std::chrono::minutes{in.intervals[i].start_minute}, std::chrono::minutes{in.intervals[i].end_minute}});
  return day;
}

Result<std::set<Date>> dates_in(const char* const* dates, std::size_t n, std::string_view field) {
  INSCRM_TRY(auto texts, capi::texts(dates, n, field));
  std::set<Date> out;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    INSCRM_TRY(auto d, capi::date(texts[i].c_str(), fmt::format("{}[{}]", field, i)));
    out.insert(d);
  }
  return out;
}

// The calendar part of the settings; a NULL week keeps the default office hours.
Result<BusinessCalendar> calendar_in(const inscrm_service_settings& in) {
  BusinessCalendar calendar = ServiceSettings{}.calendar;
  if (in.week != nullptr) {
    for (std::size_t d = 0; d < calendar.hours.size(); ++d) {
      INSCRM_TRY(calendar.hours[d], working_day_in(in.week[d], fmt::format("calendar.hours[{}]", d)));
    }
  }
  INSCRM_TRY(calendar.holidays, dates_in(in.holidays, in.holiday_count, "calendar.holidays"));
  INSCRM_TRY(calendar.make_up_days, dates_in(in.make_up_days, in.make_up_day_count, "calendar.make_up_days"));
  INSCRM_TRY(calendar.make_up_hours, working_day_in(in.make_up_hours, "calendar.make_up_hours"));
  calendar.utc_offset = std::chrono::minutes{in.utc_offset_minutes};
  return calendar;
}

Result<SlaPolicy> policy_or_default(const inscrm_sla_policy* in, SlaPolicy fallback, std::string_view field) {
  if (in == nullptr) return fallback;
  auto policy = capi::sla_policy_in(*in);
  if (!policy) return std::move(policy.error().within(field));
  return policy;
}

inscrm_working_day working_day_out(capi::Arena& a, const WorkingDay& day) {
  auto* intervals = a.array<inscrm_working_interval>(day.size());
  for (std::size_t i = 0; i < day.size(); ++i)
    intervals[i] = {static_cast<int>(day[i].start.count()), static_cast<int>(day[i].end.count())};
  return {intervals, day.size()};
}

const char* const* dates_out(capi::Arena& a, const std::set<Date>& dates) {
  const char** out = a.array<const char*>(dates.size());
  std::size_t i = 0;
  for (const auto& d : dates) out[i++] = a.date(d);
  return out;
}

const inscrm_sla_policy* policy_out(capi::Arena& a, const SlaPolicy& policy) {
  auto* out = a.one<inscrm_sla_policy>();
  capi::fill_sla_policy(*out, a, policy);
  return out;
}

void fill_settings(inscrm_service_settings& o, capi::Arena& a, const ServiceSettings& s) {
  o.version = INSCRM_SERVICE_SETTINGS_VERSION;
  auto* week = a.array<inscrm_working_day>(s.calendar.hours.size());
  for (std::size_t d = 0; d < s.calendar.hours.size(); ++d) week[d] = working_day_out(a, s.calendar.hours[d]);
  o.week = week;
  o.holidays = dates_out(a, s.calendar.holidays);
  o.holiday_count = s.calendar.holidays.size();
  o.make_up_days = dates_out(a, s.calendar.make_up_days);
  o.make_up_day_count = s.calendar.make_up_days.size();
  o.make_up_hours = working_day_out(a, s.calendar.make_up_hours);
  o.utc_offset_minutes = static_cast<int>(s.calendar.utc_offset.count());
  o.complaint_sla = policy_out(a, s.complaint_sla);
  o.service_sla = policy_out(a, s.service_sla);
  auto* rules = a.array<inscrm_assignment_rule>(s.assignment.size());
  for (std::size_t i = 0; i < s.assignment.size(); ++i) {
    const auto& rule = s.assignment[i];
    rules[i] = {a.str(rule.department), capi::name_of(rule.mode), capi::strings_out(a, rule.handlers),
                rule.handlers.size()};
  }
  o.assignment = rules;
  o.assignment_count = s.assignment.size();
  o.escalate_at_intake_from = capi::name_of(s.escalate_at_intake_from);
}

// Paths "[i].department", "[i].mode", "[i].handlers[k]", under "assignment".
Result<std::vector<AssignmentRule>> assignment_rules_in(const inscrm_assignment_rule* rules, std::size_t n) {
  std::vector<AssignmentRule> out;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& in = rules[i];
    const std::string at = fmt::format("[{}]", i);
    AssignmentRule rule;
    INSCRM_TRY(rule.department, capi::text(in.department, at + ".department"));
    INSCRM_TRY(rule.mode, capi::enum_named(in.mode, AssignmentMode::RoundRobin, at + ".mode"));
    INSCRM_TRY(rule.handlers, capi::texts(in.handlers, in.handler_count, at + ".handlers"));
    out.push_back(std::move(rule));
  }
  return out;
}

}  // namespace

namespace inscrm::capi {

Result<ServiceSettings> service_settings_in(const inscrm_service_settings& in) {
  ServiceSettings settings;
  INSCRM_TRY(settings.calendar, calendar_in(in));
  INSCRM_TRY(settings.complaint_sla, policy_or_default(in.complaint_sla, standard_complaint_sla(), "complaint_sla"));
  INSCRM_TRY(settings.service_sla, policy_or_default(in.service_sla, standard_service_sla(), "service_sla"));
  INSCRM_TRYV(check_array(in.assignment, in.assignment_count, "assignment"));
  auto rules = assignment_rules_in(in.assignment, in.assignment_count);
  if (!rules) return std::move(rules.error().within("assignment"));
  settings.assignment = std::move(rules).value();
  INSCRM_TRY(settings.escalate_at_intake_from,
             enum_named(in.escalate_at_intake_from, ComplaintSeverity::High, "escalate_at_intake_from"));
  return settings;
}

}  // namespace inscrm::capi

inscrm_status inscrm_service_settings_init(inscrm_service_settings* settings, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(settings, version, "settings"); });
}

inscrm_status inscrm_db_service_settings(inscrm_db* db, inscrm_service_settings** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRYV(capi::require(out, "out"));
    const ServiceSettings settings = capi::from_handle(db).crm.service_settings();
    *out = capi::make_output<inscrm_service_settings>(
        [&](inscrm_service_settings& o, capi::Arena& a) { fill_settings(o, a, settings); });
    return ok();
  });
}

void inscrm_service_settings_free(inscrm_service_settings** settings) {
  capi::guard_void([&] { capi::free_output(settings); });
}

inscrm_status inscrm_db_set_service_settings(inscrm_db* db, const inscrm_actor* actor,
                                             const inscrm_service_settings* settings) {
  return capi::guard([&]() -> Result<void> {
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto in, capi::read_struct(settings, "settings"));
    INSCRM_TRY(auto s, capi::service_settings_in(in));
    return capi::from_handle(db).crm.set_service_settings(who, std::move(s));
  });
}
