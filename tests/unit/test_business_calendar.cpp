// domain.md C5: the business calendar SLA deadlines count on — working hours with a lunch break,
// weekends, the 2024 National Day holiday and its make-up working days (调休), China's UTC+8.

#include <inscrm/core/business_calendar.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <string>

namespace doctest {
template <>
struct StringMaker<inscrm::Instant> {
  static String convert(const inscrm::Instant& t) { return inscrm::to_string(t).c_str(); }
};
}  // namespace doctest

using namespace inscrm;
using namespace std::chrono_literals;

namespace {

// Mon–Fri 09:00–12:00 and 13:00–18:00 (8 working hours), Beijing time, with the official 2024
// National Day arrangement: 10-01..10-07 off, Sunday 09-29 and Saturday 10-12 worked.
BusinessCalendar china_2024() {
  BusinessCalendar cal = BusinessCalendar::office_hours({{9h, 12h}, {13h, 18h}});
  for (int d = 1; d <= 7; ++d) cal.holidays.insert(2024y / 10 / d);
  cal.make_up_days = {2024y / 9 / 29, 2024y / 10 / 12};
  return cal;
}

// A Beijing wall-clock time as the UTC instant the library works with.
Instant beijing(Date d, std::chrono::minutes time_of_day) { return start_of(d) + time_of_day - 8h; }

}  // namespace

TEST_CASE("the calendars the library offers are valid") {
  CHECK(validate_calendar(china_2024()));
  CHECK(validate_calendar(BusinessCalendar::round_the_clock()));
  CHECK(validate_calendar(BusinessCalendar::office_hours({{9h, 18h}})));
}

TEST_CASE("working time: hours, lunch, weekends, holidays, make-up days and the offset") {
  const BusinessCalendar cal = china_2024();
  const Date monday = 2024y / 9 / 23;
  CHECK_FALSE(is_working_time(cal, beijing(monday, 8h + 59min)));
  CHECK(is_working_time(cal, beijing(monday, 9h)));
  CHECK(is_working_time(cal, beijing(monday, 11h + 59min)));
  CHECK_FALSE(is_working_time(cal, beijing(monday, 12h)));  // lunch
  CHECK_FALSE(is_working_time(cal, beijing(monday, 12h + 59min)));
  CHECK(is_working_time(cal, beijing(monday, 13h)));
  CHECK(is_working_time(cal, beijing(monday, 17h + 59min)));
  CHECK_FALSE(is_working_time(cal, beijing(monday, 18h)));  // an interval's end is not in it

  CHECK_FALSE(is_working_time(cal, beijing(2024y / 9 / 28, 10h)));  // Saturday
  CHECK(is_working_time(cal, beijing(2024y / 9 / 29, 10h)));        // Sunday, but a make-up day
  CHECK_FALSE(is_working_time(cal, beijing(2024y / 10 / 1, 10h)));  // Tuesday, but National Day
  CHECK(is_working_time(cal, beijing(2024y / 10 / 12, 10h)));       // Saturday, but a make-up day

  // 01:00 UTC is 09:00 in Beijing; 23:30 UTC on Sunday is already Monday 07:30 there.
  CHECK(is_working_time(cal, start_of(monday) + 1h));
  CHECK_FALSE(is_working_time(cal, start_of(monday) + 0h + 59min));
  CHECK_FALSE(is_working_time(cal, start_of(2024y / 9 / 22) + 23h + 30min));

  CHECK(working_hours_on(cal, 2024y / 10 / 3).empty());
  CHECK(working_hours_on(cal, 2024y / 9 / 29).size() == 2);
}

TEST_CASE("add_business_time within a day, over lunch and over a night") {
  const BusinessCalendar cal = china_2024();
  const Date monday = 2024y / 9 / 23;
  const Date tuesday = 2024y / 9 / 24;
  CHECK(add_business_time(cal, beijing(monday, 10h), 90min) == beijing(monday, 11h + 30min));
  CHECK(add_business_time(cal, beijing(monday, 11h + 30min), 60min) == beijing(monday, 13h + 30min));
  CHECK(add_business_time(cal, beijing(monday, 17h), 120min) == beijing(tuesday, 10h));
  // Work that fits exactly ends at the close, not at the next opening.
  CHECK(add_business_time(cal, beijing(monday, 17h), 60min) == beijing(monday, 18h));
  CHECK(add_business_time(cal, beijing(monday, 9h), 3h) == beijing(monday, 12h));
  // Starting outside working time: the clock starts at the next opening.
  CHECK(add_business_time(cal, beijing(monday, 7h), 30min) == beijing(monday, 9h + 30min));
  CHECK(add_business_time(cal, beijing(monday, 12h + 30min), 30min) == beijing(monday, 13h + 30min));
  CHECK(add_business_time(cal, beijing(monday, 20h), 1min) == beijing(tuesday, 9h + 1min));
  // Nothing to add: the start itself, even at night.
  CHECK(add_business_time(cal, beijing(monday, 22h), 0min) == beijing(monday, 22h));
  CHECK(add_business_time(cal, beijing(monday, 22h), -5min) == beijing(monday, 22h));
  // The answer is UTC: 10:00 Beijing is 02:00Z.
  CHECK(to_string(add_business_time(cal, beijing(monday, 17h), 120min)) == "2024-09-24T02:00:00.000000Z");
  // Seconds are kept.
  CHECK(add_business_time(cal, beijing(monday, 11h + 59min) + 30s, 1min) == beijing(monday, 13h) + 30s);
}

TEST_CASE("add_business_time over a weekend, a holiday week and make-up days") {
  const BusinessCalendar cal = china_2024();
  // Friday 16:00 + 4h: 2h on Friday, the weekend off, 2h on Monday.
  CHECK(add_business_time(cal, beijing(2024y / 9 / 20, 16h), 4h) == beijing(2024y / 9 / 23, 11h));
  // Friday 17:00 + 2h: Saturday is off, Sunday 09-29 is a make-up day.
  CHECK(add_business_time(cal, beijing(2024y / 9 / 27, 17h), 2h) == beijing(2024y / 9 / 29, 10h));
  // Monday 09-30 16:00 + 4h: 2h before National Day, then nothing until Tuesday 10-08.
  CHECK(add_business_time(cal, beijing(2024y / 9 / 30, 16h), 4h) == beijing(2024y / 10 / 8, 11h));
  // Received during the holiday: the clock starts on the first working morning.
  CHECK(add_business_time(cal, beijing(2024y / 10 / 3, 15h), 1h) == beijing(2024y / 10 / 8, 10h));
  // Friday 10-11 17:00 + 2h: Saturday 10-12 is worked.
  CHECK(add_business_time(cal, beijing(2024y / 10 / 11, 17h), 2h) == beijing(2024y / 10 / 12, 10h));
  // Three working days (24h) from Thursday 09-26 16:00: Thu 2h, Fri 8h, Sun 8h, Mon 6h.
  CHECK(add_business_time(cal, beijing(2024y / 9 / 26, 16h), 24h) == beijing(2024y / 9 / 30, 16h));
}

TEST_CASE("business_time_between counts only working time") {
  const BusinessCalendar cal = china_2024();
  CHECK(business_time_between(cal, beijing(2024y / 9 / 20, 16h), beijing(2024y / 9 / 23, 11h)) == 4h);
  CHECK(business_time_between(cal, beijing(2024y / 9 / 23, 11h), beijing(2024y / 9 / 23, 14h)) == 2h);
  // Monday 09-30 all day, the holiday week, Tuesday 10-08 all day.
  CHECK(business_time_between(cal, beijing(2024y / 9 / 30, 0h), beijing(2024y / 10 / 9, 0h)) == 16h);
  CHECK(business_time_between(cal, beijing(2024y / 10 / 2, 9h), beijing(2024y / 10 / 6, 18h)) == 0h);
  CHECK(business_time_between(cal, beijing(2024y / 9 / 23, 11h), beijing(2024y / 9 / 23, 11h)) == 0h);
  CHECK(business_time_between(cal, beijing(2024y / 9 / 23, 14h), beijing(2024y / 9 / 23, 11h)) == 0h);
  CHECK(business_time_between(cal, beijing(2024y / 9 / 23, 9h), beijing(2024y / 9 / 23, 9h) + 90s) == 90s);
}

TEST_CASE("business_time_between undoes add_business_time from any start") {
  const BusinessCalendar cal = china_2024();
  int checked = 0;
  // Every 37 minutes across the holiday fortnight, so starts fall on nights, lunches and holidays.
  for (Instant start = beijing(2024y / 9 / 26, 0h); start < beijing(2024y / 10 / 14, 0h); start += 37min) {
    for (const std::chrono::minutes d : {1min, 59min, 180min, 480min, 1020min, 2400min}) {
      const Instant end = add_business_time(cal, start, d);
      INFO(to_string(start), " + ", d.count(), " min");
      REQUIRE(business_time_between(cal, start, end) == d);
      CHECK(is_working_time(cal, end - 1min));
      ++checked;
    }
  }
  CHECK(checked > 4000);
}

TEST_CASE("round the clock: every minute counts") {
  const BusinessCalendar cal = BusinessCalendar::round_the_clock();
  const Instant saturday_night = beijing(2024y / 9 / 28, 22h);
  CHECK(is_working_time(cal, saturday_night));
  CHECK(add_business_time(cal, saturday_night, 2h) == saturday_night + 2h);
  CHECK(add_business_time(cal, saturday_night, 30h) == saturday_night + 30h);
  CHECK(business_time_between(cal, saturday_night, saturday_night + 73h + 5min) == 73h + 5min);
}

TEST_CASE("another offset: New York office hours in winter (UTC-5)") {
  const BusinessCalendar cal = BusinessCalendar::office_hours({{9h, 17h}}, -300min);
  const Date monday = 2024y / 1 / 8;
  CHECK(is_working_time(cal, start_of(monday) + 14h));  // 09:00 local
  CHECK_FALSE(is_working_time(cal, start_of(monday) + 13h + 59min));
  // Friday 16:00 local + 2h = Monday 10:00 local = 15:00Z.
  CHECK(add_business_time(cal, start_of(2024y / 1 / 5) + 21h, 2h) == start_of(monday) + 15h);
}

TEST_CASE("a make-up day may have its own hours") {
  BusinessCalendar cal = china_2024();
  cal.make_up_hours = {{10h, 16h}};
  CHECK_FALSE(is_working_time(cal, beijing(2024y / 9 / 29, 9h + 30min)));
  CHECK(add_business_time(cal, beijing(2024y / 9 / 27, 17h), 2h) == beijing(2024y / 9 / 29, 11h));
}

TEST_CASE("validate_calendar names what is wrong") {
  const auto field_of = [](const BusinessCalendar& cal) {
    const auto r = validate_calendar(cal);
    REQUIRE_FALSE(r);
    CHECK(r.error().is_invalid_argument());
    return r.error().field();
  };
  BusinessCalendar cal = china_2024();

  SUBCASE("overlapping intervals") {
    cal.on(std::chrono::Monday) = {{9h, 12h}, {11h, 18h}};
    CHECK(field_of(cal) == "hours[1][1]");
  }
  SUBCASE("intervals out of order") {
    cal.on(std::chrono::Tuesday) = {{13h, 18h}, {9h, 12h}};
    CHECK(field_of(cal) == "hours[2][1]");
  }
  SUBCASE("an interval past midnight or empty") {
    cal.on(std::chrono::Friday) = {{20h, 25h}};
    CHECK(field_of(cal) == "hours[5][0]");
    cal.on(std::chrono::Friday) = {{9h, 9h}};
    CHECK(field_of(cal) == "hours[5][0]");
  }
  SUBCASE("bad make-up hours") {
    cal.make_up_hours = {{-1h, 3h}};
    CHECK(field_of(cal) == "make_up_hours[0]");
  }
  SUBCASE("an offset given in hours instead of minutes is caught only when absurd") {
    cal.utc_offset = 900min;
    CHECK(field_of(cal) == "utc_offset");
  }
  SUBCASE("a date both off and worked") {
    cal.make_up_days.insert(2024y / 10 / 3);
    CHECK(field_of(cal) == "make_up_days");
  }
  SUBCASE("no working weekday at all") {
    BusinessCalendar never;
    never.make_up_days = {2024y / 9 / 29};
    CHECK(field_of(never) == "hours");
    // Unvalidated, it still answers instead of searching forever.
    CHECK(add_business_time(never, beijing(2024y / 9 / 23, 9h), 1h) == Instant::max());
  }
}
