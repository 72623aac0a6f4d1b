#pragma once
// The fixture the service-and-complaints facade tests share: a memory store, a manual clock that
// starts on Thursday 2024-09-12 at 16:00 China time, the 2024 Mid-Autumn and National Day holidays
// with their make-up working days (调休), a branch, a whole-life policy, and a snapshot of
// everything a failed call must leave untouched.

#include <inscrm/crm.hpp>

#include "faulty_store.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace inscrm::test {

using namespace std::chrono_literals;

// The value of a result, by value: safe as the range of a for loop (a reference into the
// temporary Result would dangle).
// Setup steps that must work: a failure names itself in the test report.
template <class T>
T take(Result<T> r) {
  if (!r) throw std::runtime_error(r.error().to_string());
  return std::move(r).value();
}

inline const Actor clerk{.user = "u-7", .roles = {Role::ServiceRep}};
inline const Actor handler{.user = "h-1", .roles = {Role::ComplaintHandler}};
// Reference data (org units, products) and settings are the administrator's (security/permissions.hpp).
inline const Actor admin{.user = "admin-1", .roles = {Role::Administrator}};
// Segments and the portfolio snapshot are the analyst's (who sees personal fields masked).
inline const Actor analyst{.user = "analyst-1", .roles = {Role::Analyst}};
// The nightly batch: calendar rules, points expiry, tier evaluation (DailyRun).
inline const Actor nightly{.user = "nightly", .roles = {Role::System}};

// A local (UTC+8) wall-clock time on a date, as the UTC instant the library works in.
inline Instant local(Date d, int hour, int minute = 0) {
  return start_of(d) + std::chrono::hours{hour} + std::chrono::minutes{minute} - std::chrono::hours{8};
}

// Office hours 09:00–12:00 and 13:00–18:00, Monday to Friday; 2024's Mid-Autumn (16–17 Sep, with
// Saturday 14 Sep worked) and National Day (1–7 Oct, with Sunday 29 Sep and Saturday 12 Oct worked).
inline BusinessCalendar calendar_2024() {
  using namespace std::chrono;
  auto cal = BusinessCalendar::office_hours({{hours{9}, hours{12}}, {hours{13}, hours{18}}});
  cal.holidays = {Date{2024y / 9 / 16}, Date{2024y / 9 / 17}};
  for (int d = 1; d <= 7; ++d) cal.holidays.insert(Date{2024y / 10 / d});
  cal.make_up_days = {Date{2024y / 9 / 14}, Date{2024y / 9 / 29}, Date{2024y / 10 / 12}};
  return cal;
}

inline ServiceSettings settings_2024() {
  ServiceSettings s;
  s.calendar = calendar_2024();
  return s;
}

struct ServiceFixture {
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(local(Date{2024y / 9 / 12}, 16));
  Crm crm;
  OrgUnit branch;
  Product wl;
  Customer holder;
  Customer spouse;
  Policy policy;

  explicit ServiceFixture(ServiceSettings settings = settings_2024())
      : ServiceFixture(take(storage::open_store("memory:")), std::move(settings)) {}
  // On a store that fails the plan's k-th write of a transaction (faulty_store.hpp).
  explicit ServiceFixture(std::shared_ptr<testing::FaultPlan> plan)
      : ServiceFixture(std::make_unique<testing::FaultyStore>(take(storage::open_store("memory:")), std::move(plan)),
                       settings_2024()) {}

  ServiceFixture(std::unique_ptr<storage::Store> store, ServiceSettings settings)
      : crm(take(Crm::open(std::move(store), {.clock = clock, .service = std::move(settings)}))) {
    const auto head = take(crm.organisation().create_unit(admin, {.code = "HO", .name = "Head office",
                                                                  .kind = OrgUnitKind::HeadOffice}));
    branch = take(crm.organisation().create_unit(admin, {.code = "SH", .name = "Shanghai branch",
                                                         .kind = OrgUnitKind::Branch, .parent = head.id}));
    wl = take(crm.products()
             .create(admin, {.code = "WL", .name = "Whole life", .free_look_days = 15, .grace_days = 60,
                             .term_years = 20}));
    holder = take(crm.customers()
                 .create(clerk, {.name = "张伟",
                                 .identity = IdentityDocument{IdType::ResidentId, "110105198503142318"},
                                 .phones = {{.number = "13812345678"}},
                                 .org_unit = branch.id}));
    spouse = take(crm.customers()
                 .create(clerk, {.name = "李娜", .gender = Gender::Female, .birth_date = Date{1987y / 6 / 2},
                                 .org_unit = branch.id}));
    policy = take(crm.policies()
                 .issue(clerk, {.product = "WL", .holder = holder.id, .beneficiaries = {{spouse.id, 100}},
                                .sum_insured = Money::cny(500'000'00), .premium = Money::cny(12'000'00)}));
  }

  Complaint complaint_draft(ComplaintSeverity severity = ComplaintSeverity::Medium) const {
    Complaint c;
    c.customer = holder.id;
    c.policy = policy.id;
    c.channel = Channel::CallCentre;
    c.matter = "the agent promised a bonus the contract does not pay";
    c.category = ComplaintCategory::Service;
    c.subcategory = "attitude";
    c.severity = severity;
    return c;
  }

  std::vector<std::string> event_types() const {
    std::vector<std::string> out;
    for (const auto& e : take(crm.events().poll(100000))) out.push_back(e.type);
    return out;
  }

  // Everything a failed call must leave untouched: counts and versions of every record, the length
  // of every history, and the outbox.
  std::vector<std::int64_t> snapshot() const {
    std::vector<std::int64_t> s;
    const auto add = [&](auto n) { s.push_back(static_cast<std::int64_t>(n)); };
    for (const auto& c : take(crm.customers().list(clerk))) add(c.version);
    for (const auto& p : take(crm.policies().list(clerk))) {
      add(p.version);
      add(static_cast<int>(p.status));
      add(crm.policies().history(clerk, p.id).value().size());
    }
    for (const auto& c : take(crm.complaints().list(clerk))) {
      add(c.version);
      add(crm.complaints().history(clerk, c.id).value().size());
    }
    for (const auto& c : take(crm.claims().list(clerk))) {
      add(c.version);
      add(crm.claims().history(clerk, c.id).value().size());
    }
    for (const auto& r : take(crm.service_requests().list(clerk))) {
      add(r.version);
      add(crm.service_requests().history(clerk, r.id).value().size());
    }
    add(crm.interactions().list(clerk).value().size());
    add(crm.surveys().list(clerk).value().size());
    add(crm.events().poll(100000).value().size());
    return s;
  }
};

}  // namespace inscrm::test
