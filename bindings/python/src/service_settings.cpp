// The host's configuration for service and complaints (service_settings.hpp) as Python values:
// BusinessCalendar, SlaRow, SlaPolicy, AssignmentRule and ServiceSettings, given to inscrm.open()
// and crm.set_service_settings(). Durations are datetime.timedelta; working hours are pairs of
// datetime.time (or timedelta since local midnight, which can say 24:00). Nothing is checked here
// beyond conversion: the library validates the whole settings when they are used, naming the field.

#include "common.hpp"

#include <inscrm/crm/service_settings.hpp>

#include <array>

namespace inscrm::python {
namespace {

// Weekday names as Python's calendar module spells them, indexed like BusinessCalendar::hours
// (std::chrono::weekday::c_encoding(): 0 is Sunday).
constexpr std::array<const char*, 7> kWeekdays{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};

std::size_t weekday_index(const std::string& name, const std::string& field) {
  for (std::size_t i = 0; i < kWeekdays.size(); ++i)
    if (name == kWeekdays[i]) return i;
  raise_invalid(field, "unknown weekday '" + name + "'; expected monday … sunday");
}

WorkingDay working_day_from(py::handle h, const std::string& field) {
  WorkingDay day;
  if (is_missing(h)) return day;
  std::size_t i = 0;
  for (auto item : py::reinterpret_borrow<py::iterable>(h)) {
    const auto path = field + "[" + std::to_string(i++) + "]";
    if (!PyTuple_Check(item.ptr()) && !PyList_Check(item.ptr())) raise_invalid(path, "expected a (start, end) pair");
    auto pair = py::reinterpret_borrow<py::sequence>(item);
    if (py::len(pair) != 2) raise_invalid(path, "expected a (start, end) pair");
    day.push_back({to_time_of_day(pair[0], (path + "[0]").c_str()), to_time_of_day(pair[1], (path + "[1]").c_str())});
  }
  return day;
}

py::list working_day_to_list(const WorkingDay& day) {
  py::list out;
  for (const auto& w : day) out.append(py::make_tuple(from_duration(w.start), from_duration(w.end)));
  return out;
}

std::set<Date> date_set_from(py::handle h, const std::string& field) {
  std::set<Date> out;
  if (is_missing(h)) return out;
  std::size_t i = 0;
  for (auto item : py::reinterpret_borrow<py::iterable>(h)) {
    const auto path = field + "[" + std::to_string(i++) + "]";
    out.insert(to_date(item, path.c_str()));
  }
  return out;
}

py::list date_set_to_list(const std::set<Date>& dates) {
  py::list out;
  for (const auto& d : dates) out.append(from_date(d));
  return out;
}

std::chrono::minutes offset_from(py::handle h, const char* field) {
  const auto d = to_duration(h, field);
  if (d % std::chrono::minutes{1} != std::chrono::microseconds{0}) raise_invalid(field, "whole minutes");
  return std::chrono::duration_cast<std::chrono::minutes>(d);
}

std::chrono::minutes whole_minutes(py::handle h, const char* field) {
  const auto d = to_duration(h, field);
  if (d % std::chrono::minutes{1} != std::chrono::microseconds{0}) raise_invalid(field, "SLA durations are whole minutes");
  return std::chrono::duration_cast<std::chrono::minutes>(d);
}

std::string minutes_text(std::chrono::minutes m) { return py::repr(from_duration(m)).cast<std::string>(); }

std::string repr_row(const SlaRow& r) {
  return "SlaRow(category=" + repr_text(r.category) + ", severity=" + repr_text(r.severity) +
         ", acknowledge_within=" + minutes_text(r.acknowledge_within) + ", resolve_within=" + minutes_text(r.resolve_within) +
         ", calendar='" + std::string{to_string(r.calendar)} + "')";
}

}  // namespace

void register_service_settings(py::module_& m) {
  py::class_<BusinessCalendar>(
      m, "BusinessCalendar",
      "The working time SLA deadlines count on: hours per weekday, holidays off, make-up working days\n"
      "(调休), and the offset of local time from UTC (China: 8 hours).")
      .def(py::init([](py::object hours, py::object holidays, py::object make_up_days, py::object make_up_hours,
                       py::object utc_offset) {
             BusinessCalendar c;
             if (!is_missing(hours)) {
               if (!PyDict_Check(hours.ptr())) raise_invalid("hours", "expected a dict of weekday name → [(start, end), …]");
               for (auto item : py::reinterpret_borrow<py::dict>(hours)) {
                 const auto name = py::str(item.first).cast<std::string>();
                 const auto day = weekday_index(name, "hours." + name);
                 c.hours[day] = working_day_from(item.second, "hours." + name);
               }
             }
             c.holidays = date_set_from(holidays, "holidays");
             c.make_up_days = date_set_from(make_up_days, "make_up_days");
             c.make_up_hours = working_day_from(make_up_hours, "make_up_hours");
             c.utc_offset = offset_from(utc_offset, "utc_offset");
             return c;
           }),
           py::kw_only(), py::arg("hours") = py::none(), py::arg("holidays") = py::tuple(),
           py::arg("make_up_days") = py::tuple(), py::arg("make_up_hours") = py::tuple(),
           py::arg("utc_offset") = from_duration(BusinessCalendar{}.utc_offset),
           "hours: {'monday': [(time(9), time(12)), (time(13), time(18))], …}; days not named are off.")
      .def_static(
          "office_hours",
          [](py::object day, py::object utc_offset) {
            return BusinessCalendar::office_hours(working_day_from(day, "day"), offset_from(utc_offset, "utc_offset"));
          },
          py::arg("day"), py::kw_only(), py::arg("utc_offset") = from_duration(BusinessCalendar{}.utc_offset),
          "Monday to Friday with the same hours, e.g. [(time(9), time(12)), (time(13), time(18))]; no holidays.")
      .def_static("round_the_clock", &BusinessCalendar::round_the_clock,
                  "Every minute of every day counts (severe complaints, emergencies).")
      .def_property_readonly("hours", [](const BusinessCalendar& c) {
        py::dict out;
        // Monday first, as people read a week; days off are absent.
        for (std::size_t k = 1; k <= 7; ++k) {
          const auto i = k % 7;
          if (!c.hours[i].empty()) out[kWeekdays[i]] = working_day_to_list(c.hours[i]);
        }
        return out;
      }, "Weekday name → [(start, end), …] as timedeltas since local midnight; days off are absent.")
      .def_property_readonly("holidays", [](const BusinessCalendar& c) { return date_set_to_list(c.holidays); })
      .def_property_readonly("make_up_days", [](const BusinessCalendar& c) { return date_set_to_list(c.make_up_days); })
      .def_property_readonly("make_up_hours", [](const BusinessCalendar& c) { return working_day_to_list(c.make_up_hours); })
      .def_property_readonly("utc_offset", [](const BusinessCalendar& c) { return from_duration(c.utc_offset); })
      .def("with_holidays",
           [](const BusinessCalendar& c, py::object holidays, py::object make_up_days) {
             auto out = c;
             for (const auto& d : date_set_from(holidays, "holidays")) out.holidays.insert(d);
             for (const auto& d : date_set_from(make_up_days, "make_up_days")) out.make_up_days.insert(d);
             return out;
           },
           py::arg("holidays"), py::kw_only(), py::arg("make_up_days") = py::tuple(),
           "A copy with these holidays (and make-up working days) added: each year's official list.")
      .def("__repr__", [](const BusinessCalendar& c) {
        int worked = 0;
        for (const auto& d : c.hours) worked += d.empty() ? 0 : 1;
        return "BusinessCalendar(" + std::to_string(worked) + " working weekdays, " + std::to_string(c.holidays.size()) +
               " holidays, utc_offset=" + minutes_text(c.utc_offset) + ")";
      });

  py::class_<SlaRow>(m, "SlaRow",
                     "One row of an SLA policy: for a complaint category and severity (or a service-request kind),\n"
                     "how long acknowledging and resolving may take, on the business calendar or round the clock.\n"
                     "An empty key matches anything.")
      .def(py::init([](std::string category, std::string severity, py::object acknowledge_within, py::object resolve_within,
                       py::object calendar) {
             return SlaRow{std::move(category), std::move(severity), whole_minutes(acknowledge_within, "acknowledge_within"),
                           whole_minutes(resolve_within, "resolve_within"), to_enum<SlaCalendar>(calendar, "calendar")};
           }),
           py::kw_only(), py::arg("category") = "", py::arg("severity") = "", py::arg("acknowledge_within"),
           py::arg("resolve_within"), py::arg("calendar") = "business")
      .def_readonly("category", &SlaRow::category)
      .def_readonly("severity", &SlaRow::severity)
      .def_property_readonly("acknowledge_within", [](const SlaRow& r) { return from_duration(r.acknowledge_within); })
      .def_property_readonly("resolve_within", [](const SlaRow& r) { return from_duration(r.resolve_within); })
      .def_property_readonly("calendar", [](const SlaRow& r) { return from_enum(r.calendar); })
      .def("__repr__", &repr_row);

  py::class_<SlaPolicy>(m, "SlaPolicy", "SLA rows and the fallback used when no row matches.")
      .def(py::init([](std::vector<SlaRow> rows, SlaRow fallback) { return SlaPolicy{std::move(rows), std::move(fallback)}; }),
           py::arg("rows"), py::kw_only(), py::arg("fallback"))
      .def_readonly("rows", &SlaPolicy::rows)
      .def_readonly("fallback", &SlaPolicy::fallback)
      .def("row_for",
           [](const SlaPolicy& p, std::string category, std::string severity) { return sla_row_for(p, category, severity); },
           py::arg("category"), py::arg("severity") = "",
           "The most specific row for a classification (category and severity names, or a request kind).")
      .def("__repr__", [](const SlaPolicy& p) {
        return "SlaPolicy(" + std::to_string(p.rows.size()) + " rows, fallback=" + repr_row(p.fallback) + ")";
      });

  m.def("standard_complaint_sla", &standard_complaint_sla,
        "The library's starting point for complaints: 8/80 working hours, high 4/40, critical 2/24 round the clock.");
  m.def("standard_service_sla", &standard_service_sla,
        "The library's starting point for service requests, one row per kind.");
  m.def(
      "complaint_subcategories",
      [](py::object category) {
        py::list out;
        for (auto s : complaint_subcategories(to_enum<ComplaintCategory>(category, "category"))) out.append(py::str(s.data(), s.size()));
        return py::tuple(out);
      },
      py::arg("category"), "The sub-category names a complaint of this category may have.");

  py::class_<AssignmentRule>(m, "AssignmentRule",
                             "Who gets the next complaint of a department: its handlers in rotation order,\n"
                             "taken round robin or by the fewest open complaints ('least_busy').")
      .def(py::init([](std::string department, std::vector<std::string> handlers, py::object mode) {
             return AssignmentRule{std::move(department), to_enum<AssignmentMode>(mode, "mode"), std::move(handlers)};
           }),
           py::arg("department"), py::arg("handlers"), py::kw_only(), py::arg("mode") = "round_robin")
      .def_readonly("department", &AssignmentRule::department)
      .def_readonly("handlers", &AssignmentRule::handlers)
      .def_property_readonly("mode", [](const AssignmentRule& r) { return from_enum(r.mode); })
      .def("__repr__", [](const AssignmentRule& r) {
        return "AssignmentRule(" + repr_text(r.department) + ", " + py::repr(py::cast(r.handlers)).cast<std::string>() +
               ", mode='" + std::string{to_string(r.mode)} + "')";
      });

  const ServiceSettings defaults{};
  py::class_<ServiceSettings>(m, "ServiceSettings",
                              "Service and complaints configuration, given to inscrm.open(service=…) or\n"
                              "crm.set_service_settings(): the business calendar, the complaint and service-request\n"
                              "SLA policies, the assignment rules, and the severity escalated at intake.")
      .def(py::init([](py::object calendar, py::object complaint_sla, py::object service_sla, std::vector<AssignmentRule> assignment,
                       py::object escalate_at_intake_from) {
             ServiceSettings s;
             if (!calendar.is_none()) s.calendar = calendar.cast<BusinessCalendar>();
             if (!complaint_sla.is_none()) s.complaint_sla = complaint_sla.cast<SlaPolicy>();
             if (!service_sla.is_none()) s.service_sla = service_sla.cast<SlaPolicy>();
             s.assignment = std::move(assignment);
             s.escalate_at_intake_from = to_enum<ComplaintSeverity>(escalate_at_intake_from, "escalate_at_intake_from");
             return s;
           }),
           py::kw_only(), py::arg("calendar") = py::none(), py::arg("complaint_sla") = py::none(),
           py::arg("service_sla") = py::none(), py::arg("assignment") = std::vector<AssignmentRule>{},
           py::arg("escalate_at_intake_from") = from_enum(defaults.escalate_at_intake_from),
           "Defaults: office hours 9–12 and 13–18 Monday to Friday, China time; the standard SLA policies;\n"
           "no assignment rules; complaints 'high' or more escalated at intake.")
      .def_readonly("calendar", &ServiceSettings::calendar)
      .def_readonly("complaint_sla", &ServiceSettings::complaint_sla)
      .def_readonly("service_sla", &ServiceSettings::service_sla)
      .def_readonly("assignment", &ServiceSettings::assignment)
      .def_property_readonly("escalate_at_intake_from", [](const ServiceSettings& s) { return from_enum(s.escalate_at_intake_from); })
      .def("__repr__", [](const ServiceSettings& s) {
        return "ServiceSettings(" + std::to_string(s.assignment.size()) + " assignment rules, escalate_at_intake_from='" +
               std::string{to_string(s.escalate_at_intake_from)} + "')";
      });
}

}  // namespace inscrm::python
