// domain.md C5/C11: complaint statistics for a period — counts, time to resolve (wall and SLA
// time), SLA compliance, reopen rate and satisfaction with the handling.

#include <inscrm/core/business_calendar.hpp>
#include <inscrm/domain/complaint.hpp>
#include <inscrm/domain/complaint_stats.hpp>
#include <inscrm/domain/sla.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <vector>

using namespace inscrm;
using namespace std::chrono_literals;

namespace {

BusinessCalendar china_2024() {
  BusinessCalendar cal = BusinessCalendar::office_hours({{9h, 12h}, {13h, 18h}});
  for (int d = 1; d <= 7; ++d) cal.holidays.insert(2024y / 10 / d);
  cal.make_up_days = {2024y / 9 / 29, 2024y / 10 / 12};
  return cal;
}

Instant beijing(Date d, std::chrono::minutes time_of_day) { return start_of(d) + time_of_day - 8h; }

Complaint complaint(ComplaintCategory category, const char* sub, ComplaintSeverity severity, Channel channel,
                    int org_unit, std::optional<int> agent, Instant received) {
  Complaint c;
  c.customer = CustomerId{1};
  c.matter = "…";
  c.category = category;
  c.subcategory = sub;
  c.severity = severity;
  c.channel = channel;
  c.org_unit = OrgUnitId{org_unit};
  if (agent) c.agent = AgentId{*agent};
  c.received_at = received;
  c.sla.started_at = received;
  return c;
}

// September 2024 in Beijing: four complaints in the period, two outside it.
std::vector<Complaint> september() {
  using Cat = ComplaintCategory;
  using Sev = ComplaintSeverity;
  std::vector<Complaint> all;

  // A: answered the same day (7 working hours, 8 on the wall), closed, satisfied.
  Complaint a = complaint(Cat::Service, "delay", Sev::Medium, Channel::CallCentre, 3, 9, beijing(2024y / 9 / 23, 9h));
  a.sla.acknowledged_at = beijing(2024y / 9 / 23, 9h + 30min);
  a.sla.resolved_at = beijing(2024y / 9 / 23, 17h);
  a.status = ComplaintStatus::Closed;
  a.root_cause = RootCause::Process;
  a.customer_satisfaction = 4;
  all.push_back(a);

  // B: high severity, acknowledged exactly on its 4h deadline, answered in 16 working hours (48 on
  // the wall), reopened once, closed, unhappy.
  Complaint b = complaint(Cat::Product, "pricing", Sev::High, Channel::Website, 3, 10, beijing(2024y / 9 / 24, 9h));
  b.sla.acknowledged_at = beijing(2024y / 9 / 24, 14h);
  b.sla.resolved_at = beijing(2024y / 9 / 26, 9h);
  b.status = ComplaintStatus::Closed;
  b.root_cause = RootCause::Pricing;
  b.customer_satisfaction = 2;
  b.reopen_count = 1;
  all.push_back(b);

  // C: critical, counted round the clock from Saturday 22:00: acknowledged an hour late (due at
  // midnight), answered in 22 hours (due in 24), not yet closed.
  Complaint c = complaint(Cat::Compliance, "mis_selling", Sev::Critical, Channel::Branch, 4, std::nullopt,
                          beijing(2024y / 9 / 28, 22h));
  c.sla.acknowledged_at = beijing(2024y / 9 / 29, 1h);
  c.sla.resolved_at = beijing(2024y / 9 / 29, 20h);
  c.status = ComplaintStatus::CustomerInformed;
  all.push_back(c);

  // D: received on the last day, never acknowledged (due 18:00 that day), escalated.
  Complaint d = complaint(Cat::Service, "attitude", Sev::Medium, Channel::App, 4, 9, beijing(2024y / 9 / 30, 9h));
  d.escalation_level = 1;
  all.push_back(d);

  // Outside the period: National Day, and the last evening of August.
  all.push_back(complaint(Cat::Service, "delay", Sev::Low, Channel::Email, 3, 9, beijing(2024y / 10 / 2, 10h)));
  all.push_back(complaint(Cat::Service, "delay", Sev::Low, Channel::Email, 3, 9, beijing(2024y / 8 / 31, 23h)));
  return all;
}

}  // namespace

TEST_CASE("statistics over the complaints received in September") {
  const auto all = september();
  const ComplaintStats s = complaint_stats(all, standard_complaint_sla(), china_2024(), beijing(2024y / 9 / 1, 0h),
                                           beijing(2024y / 10 / 1, 0h), beijing(2024y / 10 / 15, 9h));
  CHECK(s.received == 4);
  CHECK(s.open == 2);
  CHECK(s.closed == 2);
  CHECK(s.escalated == 1);

  CHECK(s.by_category == std::map<ComplaintCategory, int>{{ComplaintCategory::Product, 1},
                                                          {ComplaintCategory::Service, 2},
                                                          {ComplaintCategory::Compliance, 1}});
  CHECK(s.by_severity.at(ComplaintSeverity::Medium) == 2);
  CHECK(s.by_channel == std::map<Channel, int>{{Channel::Branch, 1}, {Channel::CallCentre, 1},
                                               {Channel::Website, 1}, {Channel::App, 1}});
  CHECK(s.by_org_unit == std::map<OrgUnitId, int>{{OrgUnitId{3}, 2}, {OrgUnitId{4}, 2}});
  CHECK(s.by_agent == std::map<AgentId, int>{{AgentId{9}, 2}, {AgentId{10}, 1}});
  CHECK(s.by_root_cause == std::map<RootCause, int>{{RootCause::Pricing, 1}, {RootCause::Process, 1}});

  // Wall: 8h, 48h, 22h. SLA time: 7h (lunch excluded), 16h (two working days), 22h (round the clock).
  CHECK(s.wall_time_to_resolve.count == 3);
  CHECK(s.wall_time_to_resolve.mean == 1560min);
  CHECK(s.wall_time_to_resolve.median == 22h);
  CHECK(s.sla_time_to_resolve.count == 3);
  CHECK(s.sla_time_to_resolve.mean == 900min);
  CHECK(s.sla_time_to_resolve.median == 16h);

  // Acknowledge: A and B in time, C late, D overdue and unacknowledged. Resolve: D not decided yet.
  CHECK(s.acknowledge_decided == 4);
  CHECK(s.acknowledged_in_time == 2);
  REQUIRE(s.acknowledge_compliance);
  CHECK(*s.acknowledge_compliance == doctest::Approx(0.5));
  CHECK(s.resolve_decided == 3);
  CHECK(s.resolved_in_time == 3);
  CHECK(*s.resolve_compliance == doctest::Approx(1.0));

  CHECK(s.answered == 3);
  CHECK(s.reopened == 1);
  CHECK(*s.reopen_rate == doctest::Approx(1.0 / 3));

  CHECK(s.satisfaction_responses == 2);
  CHECK(*s.mean_satisfaction == doctest::Approx(3.0));
}

TEST_CASE("a breach recorded under an older policy still counts against compliance") {
  auto all = september();
  all[0].sla.breached_resolve_at = beijing(2024y / 9 / 23, 12h);
  const ComplaintStats s = complaint_stats(all, standard_complaint_sla(), china_2024(), beijing(2024y / 9 / 1, 0h),
                                           beijing(2024y / 10 / 1, 0h), beijing(2024y / 10 / 15, 9h));
  CHECK(s.resolve_decided == 3);
  CHECK(s.resolved_in_time == 2);
}

TEST_CASE("an open complaint counts as late once its deadline has passed") {
  const auto all = september();
  // As of 2024-10-31 complaint D is past its resolve deadline as well.
  const ComplaintStats s = complaint_stats(all, standard_complaint_sla(), china_2024(), beijing(2024y / 9 / 1, 0h),
                                           beijing(2024y / 10 / 1, 0h), beijing(2024y / 10 / 31, 9h));
  CHECK(s.resolve_decided == 4);
  CHECK(s.resolved_in_time == 3);
}

TEST_CASE("an empty period has counts of zero and no averages") {
  const auto all = september();
  const ComplaintStats s = complaint_stats(all, standard_complaint_sla(), china_2024(), beijing(2024y / 11 / 1, 0h),
                                           beijing(2024y / 12 / 1, 0h), beijing(2024y / 12 / 1, 0h));
  CHECK(s.received == 0);
  CHECK(s.by_category.empty());
  CHECK(s.wall_time_to_resolve.count == 0);
  CHECK_FALSE(s.wall_time_to_resolve.mean);
  CHECK_FALSE(s.wall_time_to_resolve.median);
  CHECK_FALSE(s.acknowledge_compliance);
  CHECK_FALSE(s.resolve_compliance);
  CHECK_FALSE(s.reopen_rate);
  CHECK_FALSE(s.mean_satisfaction);
}
