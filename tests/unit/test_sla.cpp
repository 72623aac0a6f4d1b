// domain.md C5: SLA clocks — deadlines on a business calendar across a weekend, the National Day
// holiday and a pause waiting on the customer; breaches recorded once and kept.

#include <inscrm/core/business_calendar.hpp>
#include <inscrm/core/clock.hpp>
#include <inscrm/domain/sla.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace doctest {
template <>
struct StringMaker<inscrm::Instant> {
  static String convert(const inscrm::Instant& t) { return inscrm::to_string(t).c_str(); }
};
}  // namespace doctest

using namespace inscrm;
using namespace std::chrono_literals;

namespace {

// Mon–Fri 09:00–12:00 and 13:00–18:00 Beijing time, National Day 2024 off, 09-29 and 10-12 worked.
BusinessCalendar china_2024() {
  BusinessCalendar cal = BusinessCalendar::office_hours({{9h, 12h}, {13h, 18h}});
  for (int d = 1; d <= 7; ++d) cal.holidays.insert(2024y / 10 / d);
  cal.make_up_days = {2024y / 9 / 29, 2024y / 10 / 12};
  return cal;
}

Instant beijing(Date d, std::chrono::minutes time_of_day) { return start_of(d) + time_of_day - 8h; }

// Acknowledge within half a working day, resolve within three working days.
SlaRow business_row() { return SlaRow{"service", "medium", 4h, 24h, SlaCalendar::Business}; }

SlaClock started(Instant at) {
  SlaClock c;
  c.started_at = at;
  return c;
}

std::optional<Instant> just(Instant t) { return t; }

}  // namespace

TEST_CASE("deadlines cross a weekend, a make-up Sunday and the National Day holiday, with a pause") {
  const BusinessCalendar cal = china_2024();
  const SlaRow row = business_row();
  // Received Thursday 09-26 at 16:00.
  ManualClock clock{beijing(2024y / 9 / 26, 16h)};
  SlaClock sla = started(clock.now());

  // Acknowledge: Thu 16–18 (2h), Fri 09–11 (2h).
  CHECK(deadline_acknowledge(sla, row, cal) == just(beijing(2024y / 9 / 27, 11h)));
  // Resolve: Thu 2h, Fri 8h, Saturday off, Sunday 09-29 worked 8h, Monday 09-30 09–12 and 13–16.
  CHECK(deadline_resolve(sla, row, cal) == just(beijing(2024y / 9 / 30, 16h)));

  clock.set(beijing(2024y / 9 / 27, 10h));
  REQUIRE(record_acknowledged(sla, clock.now()));

  // Monday 09-30 10:00: the handler asks the customer for a document; it arrives after the holiday.
  clock.set(beijing(2024y / 9 / 30, 10h));
  REQUIRE(pause(sla, clock.now(), "waiting for the customer's medical records"));
  CHECK(is_paused(sla));
  CHECK(deadline_resolve(sla, row, cal) == std::nullopt);  // no deadline runs while waiting
  // The acknowledgement deadline had passed before the pause: the pause does not move it.
  CHECK(deadline_acknowledge(sla, row, cal) == just(beijing(2024y / 9 / 27, 11h)));

  clock.set(beijing(2024y / 10 / 3, 11h));  // mid-holiday: nothing is breached
  CHECK(check_breach(sla, row, cal, clock.now()) == SlaBreaches{});

  clock.set(beijing(2024y / 10 / 8, 10h));
  REQUIRE(resume(sla, clock.now()));
  // Used before the pause: Thu 2h + Fri 8h + Sun 8h + Mon 09–10 1h = 19h. The 5h left run from
  // Tuesday 10-08 10:00: 10–12, then 13–16. The same as the original deadline moved by the 8
  // working hours the pause took (Mon 10–12, 13–18; holiday; Tue 09–10).
  const Instant due = beijing(2024y / 10 / 8, 16h);
  CHECK(deadline_resolve(sla, row, cal) == just(due));
  CHECK(add_business_time(cal, sla.started_at, 24h + business_time_between(cal, sla.pauses[0].start,
                                                                          *sla.pauses[0].end)) == due);
  CHECK(sla_elapsed(sla, row, cal, clock.now()) == 19h);

  // Exactly at the deadline the work may still be done in time; a minute later it is late.
  CHECK_FALSE(breaches(sla, row, cal, due).resolve);
  CHECK(breaches(sla, row, cal, due + 1min).resolve);
  CHECK_FALSE(breaches(sla, row, cal, due + 1min).acknowledge);
}

TEST_CASE("a watchdog running every 15 minutes reports each breach exactly once") {
  const BusinessCalendar cal = china_2024();
  const SlaRow row = business_row();
  ManualClock clock{beijing(2024y / 9 / 26, 16h)};
  SlaClock sla = started(clock.now());
  // Nobody acknowledges; a pause over the holiday; resolved two days late.
  std::vector<std::pair<Instant, SlaBreaches>> reported;
  const Instant pause_at = beijing(2024y / 9 / 30, 10h);
  const Instant resume_at = beijing(2024y / 10 / 8, 10h);
  const Instant resolve_at = beijing(2024y / 10 / 10, 9h);
  for (; clock.now() < beijing(2024y / 10 / 15, 0h); clock.advance(15min)) {
    const Instant now = clock.now();
    if (now == pause_at) REQUIRE(pause(sla, now, "waiting on the customer"));
    if (now == resume_at) REQUIRE(resume(sla, now));
    if (now == resolve_at) REQUIRE(record_resolved(sla, now));
    const SlaBreaches fresh = check_breach(sla, row, cal, now);
    if (fresh.any()) reported.emplace_back(now, fresh);
  }
  REQUIRE(reported.size() == 2);
  CHECK(reported[0].first == beijing(2024y / 9 / 27, 11h + 15min));  // first run after Fri 11:00
  CHECK(reported[0].second == SlaBreaches{true, false});
  CHECK(reported[1].first == beijing(2024y / 10 / 8, 16h + 15min));  // first run after Tue 16:00
  CHECK(reported[1].second == SlaBreaches{false, true});
  // The record keeps the deadline that was missed, and keeps the breach after the resolution.
  CHECK(sla.breached_ack_at == just(beijing(2024y / 9 / 27, 11h)));
  CHECK(sla.breached_resolve_at == just(beijing(2024y / 10 / 8, 16h)));
  CHECK(sla.resolved_at == just(resolve_at));
  CHECK(breaches(sla, row, cal, clock.now()) == SlaBreaches{true, true});
  // The resolution acknowledged the case too (an answer is a response), but too late.
  CHECK(sla.acknowledged_at == just(resolve_at));
}

TEST_CASE("a late watchdog finds both breaches at once, and only once") {
  const BusinessCalendar cal = china_2024();
  SlaClock sla = started(beijing(2024y / 9 / 26, 16h));
  const Instant late = beijing(2024y / 10 / 14, 9h);
  CHECK(check_breach(sla, business_row(), cal, late) == SlaBreaches{true, true});
  CHECK(check_breach(sla, business_row(), cal, late) == SlaBreaches{});
  CHECK(check_breach(sla, business_row(), cal, late + 48h) == SlaBreaches{});
  CHECK(sla.breached_ack_at == just(beijing(2024y / 9 / 27, 11h)));
  CHECK(sla.breached_resolve_at == just(beijing(2024y / 9 / 30, 16h)));
}

TEST_CASE("work done in time is never a breach, whenever the watchdog looks") {
  const BusinessCalendar cal = china_2024();
  SlaClock sla = started(beijing(2024y / 9 / 26, 16h));
  REQUIRE(record_acknowledged(sla, beijing(2024y / 9 / 27, 11h)));  // on the deadline itself
  REQUIRE(record_resolved(sla, beijing(2024y / 9 / 29, 12h)));
  for (Instant now = sla.started_at; now < beijing(2024y / 11 / 1, 0h); now += 6h)
    REQUIRE(check_breach(sla, business_row(), cal, now) == SlaBreaches{});
  CHECK_FALSE(breaches(sla, business_row(), cal, beijing(2025y / 1 / 1, 0h)).any());
}

TEST_CASE("round-the-clock rows ignore nights, weekends and holidays") {
  const BusinessCalendar cal = china_2024();
  const SlaRow critical{"", "critical", 2h, 24h, SlaCalendar::RoundTheClock};
  // Received on the night of National Day.
  SlaClock sla = started(beijing(2024y / 10 / 1, 22h));
  CHECK(deadline_acknowledge(sla, critical, cal) == just(beijing(2024y / 10 / 2, 0h)));
  CHECK(deadline_resolve(sla, critical, cal) == just(beijing(2024y / 10 / 2, 22h)));
  REQUIRE(pause(sla, beijing(2024y / 10 / 2, 8h), "customer in surgery"));
  REQUIRE(resume(sla, beijing(2024y / 10 / 2, 10h + 30min)));
  CHECK(deadline_resolve(sla, critical, cal) == just(beijing(2024y / 10 / 3, 0h + 30min)));
  // The acknowledgement deadline had passed before the pause.
  CHECK(deadline_acknowledge(sla, critical, cal) == just(beijing(2024y / 10 / 2, 0h)));
  CHECK(sla_elapsed(sla, critical, cal, beijing(2024y / 10 / 2, 12h)) == 14h - (2h + 30min));
}

TEST_CASE("a pause that starts after a deadline has passed does not undo the breach") {
  const BusinessCalendar cal = china_2024();
  // Monday 09:00 + 4h: 09–12 and 13–14.
  SlaClock sla = started(beijing(2024y / 9 / 23, 9h));
  CHECK(deadline_acknowledge(sla, business_row(), cal) == just(beijing(2024y / 9 / 23, 14h)));
  REQUIRE(pause(sla, beijing(2024y / 9 / 23, 15h), "waiting on the customer"));
  CHECK(deadline_acknowledge(sla, business_row(), cal) == just(beijing(2024y / 9 / 23, 14h)));
  CHECK(breaches(sla, business_row(), cal, beijing(2024y / 9 / 23, 15h + 30min)).acknowledge);
  CHECK_FALSE(breaches(sla, business_row(), cal, beijing(2024y / 9 / 23, 15h + 30min)).resolve);
}

TEST_CASE("several pauses add up; a pause before any working time costs nothing") {
  const BusinessCalendar cal = china_2024();
  SlaClock sla = started(beijing(2024y / 9 / 23, 9h));  // Monday
  // Paused over the weekend before the start of work is free; 2h on Monday and 1h on Tuesday are not.
  REQUIRE(pause(sla, beijing(2024y / 9 / 23, 10h), "documents"));
  REQUIRE(resume(sla, beijing(2024y / 9 / 23, 12h + 30min)));  // 10–12: 2h
  REQUIRE(pause(sla, beijing(2024y / 9 / 24, 17h), "documents again"));
  REQUIRE(resume(sla, beijing(2024y / 9 / 25, 10h)));  // Tue 17–18, Wed 09–10: 2h
  // 24h + 4h: Mon 8h, Tue 8h, Wed 8h (24), Thu 09–12, 13–14 (28).
  CHECK(deadline_resolve(sla, business_row(), cal) == just(beijing(2024y / 9 / 26, 14h)));
  CHECK(sla_elapsed(sla, business_row(), cal, beijing(2024y / 9 / 25, 18h)) == 20h);
}

TEST_CASE("changing the SLA policy: compute again with the new row; a recorded breach stays") {
  const BusinessCalendar cal = china_2024();
  SlaClock sla = started(beijing(2024y / 9 / 26, 16h));
  const SlaRow old_row = business_row();
  REQUIRE(check_breach(sla, old_row, cal, beijing(2024y / 9 / 27, 12h)).acknowledge);

  const SlaRow new_row{"service", "medium", 16h, 40h, SlaCalendar::Business};
  // 16h: Thu 2h, Fri 8h (10), Sunday 09-29 09–12 and 13–16 (16).
  CHECK(deadline_acknowledge(sla, new_row, cal) == just(beijing(2024y / 9 / 29, 16h)));
  // 40h: Thu 2, Fri 8, Sun 8, Mon 8 (26), holiday, Tue 10-08 8 (34), Wed 6h → 09–12, 13–16.
  CHECK(deadline_resolve(sla, new_row, cal) == just(beijing(2024y / 10 / 9, 16h)));
  // Under the new row the acknowledgement would not be late yet; the recorded breach still stands.
  const SlaBreaches seen = breaches(sla, new_row, cal, beijing(2024y / 9 / 27, 12h));
  CHECK(seen.acknowledge);
  CHECK_FALSE(seen.resolve);
  CHECK(check_breach(sla, new_row, cal, beijing(2024y / 9 / 27, 12h)) == SlaBreaches{});
}

TEST_CASE("reopening: the time spent resolved does not count against the resolve deadline") {
  const BusinessCalendar cal = china_2024();
  SlaClock sla = started(beijing(2024y / 9 / 23, 9h));  // Monday; resolve due Wed 18:00
  CHECK(deadline_resolve(sla, business_row(), cal) == just(beijing(2024y / 9 / 25, 18h)));
  REQUIRE(record_resolved(sla, beijing(2024y / 9 / 24, 10h)));
  REQUIRE(record_reopened(sla, beijing(2024y / 9 / 26, 10h)));  // Tue 10:00 → Thu 10:00 = 16h resolved
  CHECK_FALSE(sla.resolved_at);
  REQUIRE(sla.pauses.size() == 1);
  CHECK(sla.pauses[0].start == beijing(2024y / 9 / 24, 10h));
  CHECK(sla.pauses[0].end == just(beijing(2024y / 9 / 26, 10h)));
  CHECK(sla.pauses[0].reason == "resolved until reopened");
  // Used 9h before (Mon 8h, Tue 09–10); 15h left from Thu 10:00: Thu 7h, Fri 8h → Fri 18:00.
  CHECK(deadline_resolve(sla, business_row(), cal) == just(beijing(2024y / 9 / 27, 18h)));

  CHECK(record_reopened(sla, beijing(2024y / 9 / 26, 11h)).error().is_illegal_transition());
  REQUIRE(record_resolved(sla, beijing(2024y / 9 / 26, 15h)));
  CHECK(record_reopened(sla, beijing(2024y / 9 / 26, 14h)).error().field() == "at");
}

TEST_CASE("pause and resume refuse what cannot happen") {
  SlaClock sla = started(beijing(2024y / 9 / 23, 9h));
  const auto refused = [](const Result<void>& r, Errc code, const std::string& field) {
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == code);
    CHECK(r.error().field() == field);
  };
  refused(resume(sla, beijing(2024y / 9 / 23, 10h)), Errc::IllegalTransition, "sla");
  refused(pause(sla, beijing(2024y / 9 / 23, 8h), "too early"), Errc::InvalidArgument, "at");
  refused(pause(sla, beijing(2024y / 9 / 23, 10h), ""), Errc::InvalidArgument, "reason");
  CHECK(sla.pauses.empty());

  REQUIRE(pause(sla, beijing(2024y / 9 / 23, 10h), "waiting"));
  refused(pause(sla, beijing(2024y / 9 / 23, 11h), "again"), Errc::IllegalTransition, "sla");
  refused(resume(sla, beijing(2024y / 9 / 23, 9h + 30min)), Errc::InvalidArgument, "at");
  REQUIRE(sla.pauses.size() == 1);
  CHECK(is_paused(sla));

  REQUIRE(resume(sla, beijing(2024y / 9 / 23, 11h)));
  CHECK_FALSE(is_paused(sla));
  refused(resume(sla, beijing(2024y / 9 / 23, 12h)), Errc::IllegalTransition, "sla");
  refused(pause(sla, beijing(2024y / 9 / 23, 10h + 30min), "inside the last pause"), Errc::InvalidArgument, "at");

  // Resolving while paused ends the pause; a resolved clock cannot be paused or resolved again.
  REQUIRE(pause(sla, beijing(2024y / 9 / 23, 14h), "waiting"));
  REQUIRE(record_resolved(sla, beijing(2024y / 9 / 23, 15h)));
  CHECK(sla.pauses.back().end == just(beijing(2024y / 9 / 23, 15h)));
  refused(pause(sla, beijing(2024y / 9 / 23, 16h), "late"), Errc::IllegalTransition, "sla");
  refused(record_resolved(sla, beijing(2024y / 9 / 23, 16h)), Errc::IllegalTransition, "sla");
}

TEST_CASE("the first acknowledgement counts") {
  SlaClock sla = started(beijing(2024y / 9 / 23, 9h));
  CHECK(record_acknowledged(sla, beijing(2024y / 9 / 23, 8h)).error().field() == "at");
  REQUIRE(record_acknowledged(sla, beijing(2024y / 9 / 23, 10h)));
  REQUIRE(record_acknowledged(sla, beijing(2024y / 9 / 23, 11h)));
  CHECK(sla.acknowledged_at == just(beijing(2024y / 9 / 23, 10h)));
}

TEST_CASE("the most specific policy row applies") {
  SlaPolicy policy;
  policy.fallback = SlaRow{"", "", 8h, 80h};
  policy.rows = {
      SlaRow{"", "critical", 2h, 24h, SlaCalendar::RoundTheClock},
      SlaRow{"compliance", "", 8h, 40h},
      SlaRow{"compliance", "critical", 1h, 12h, SlaCalendar::RoundTheClock},
      SlaRow{"service", "high", 4h, 40h},
  };
  CHECK(sla_row_for(policy, "compliance", "critical").resolve_within == 12h);
  CHECK(sla_row_for(policy, "compliance", "low").resolve_within == 40h);
  CHECK(sla_row_for(policy, "product", "critical").resolve_within == 24h);
  CHECK(sla_row_for(policy, "service", "high").resolve_within == 40h);
  CHECK(sla_row_for(policy, "service", "low").resolve_within == 80h);
  CHECK(sla_row_for(policy, "surrender", "").resolve_within == 80h);
  CHECK(validate_sla_policy(policy));
}

TEST_CASE("validate_sla_policy names the bad row") {
  SlaPolicy policy;
  policy.fallback = SlaRow{"", "", 8h, 80h};
  policy.rows = {SlaRow{"service", "high", 4h, 40h}};
  const auto field_of = [](const SlaPolicy& p) {
    const auto r = validate_sla_policy(p);
    REQUIRE_FALSE(r);
    CHECK(r.error().is_invalid_argument());
    return r.error().field();
  };
  SUBCASE("fallback without durations") {
    policy.fallback = SlaRow{};
    CHECK(field_of(policy) == "fallback.acknowledge_within");
  }
  SUBCASE("resolve due before acknowledge") {
    policy.rows[0].resolve_within = 2h;
    CHECK(field_of(policy) == "rows[0].resolve_within");
  }
  SUBCASE("two rows for the same keys") {
    policy.rows.push_back(SlaRow{"service", "high", 2h, 20h});
    CHECK(field_of(policy) == "rows[1]");
  }
}
