#pragma once
// domain.md C5: SLA deadlines count working time, not wall time. A business calendar says which
// minutes of which local days are worked: hours per weekday (a lunch break is two intervals),
// public holidays off, and make-up working days (调休) when a weekend date is worked instead.
// Instants stay UTC; working hours are local, shifted by a fixed offset from UTC (China: +480
// minutes). A zone with daylight saving would need an offset per date; no Chinese one has it.
//
// Pure arithmetic over the calendar's data: no clock is read, no state is kept between calls.

#include <inscrm/core/date.hpp>
#include <inscrm/core/result.hpp>

#include <array>
#include <chrono>
#include <set>
#include <span>
#include <vector>

namespace inscrm {

// A worked part of a local day: [start, end) as time since local midnight. {9h, 12h} is 09:00–12:00.
struct WorkingInterval {
  std::chrono::minutes start{};
  std::chrono::minutes end{};
  friend constexpr bool operator==(const WorkingInterval&, const WorkingInterval&) noexcept = default;
};

// The intervals of one day, in time order and not overlapping; empty means a day off.
using WorkingDay = std::vector<WorkingInterval>;

struct BusinessCalendar {
  // Indexed by std::chrono::weekday::c_encoding(): [0] Sunday, [1] Monday … [6] Saturday.
  std::array<WorkingDay, 7> hours{};
  std::set<Date> holidays;      // local dates off even when their weekday is worked (法定节假日)
  std::set<Date> make_up_days;  // local dates worked even though their weekday is not (调休)
  WorkingDay make_up_hours;     // the hours of a make-up day; empty = Monday's hours
  std::chrono::minutes utc_offset{480};  // local time = UTC + offset

  WorkingDay& on(std::chrono::weekday d) { return hours[d.c_encoding()]; }
  const WorkingDay& on(std::chrono::weekday d) const { return hours[d.c_encoding()]; }

  // Monday to Friday with the same hours, e.g. office_hours({{9h, 12h}, {13h, 18h}}); the weekend
  // off; no holidays yet (the host adds each year's official list).
  static BusinessCalendar office_hours(WorkingDay day, std::chrono::minutes utc_offset = std::chrono::minutes{480});
  // Every minute of every day counts: the calendar for severe complaints (domain.md C5), where a
  // night or a holiday must not buy the insurer time.
  static BusinessCalendar round_the_clock();
};

// Checks the calendar: every interval inside the day (0 ≤ start < end ≤ 24h) and in order without
// overlap ("hours[1][0]", "make_up_hours[0]"), the offset within ±14h ("utc_offset"), no date both a
// holiday and a make-up day ("make_up_days"), and some weekday worked ("hours") — without that the
// calendar never reaches a deadline. The functions below assume a calendar that passes.
Result<void> validate_calendar(const BusinessCalendar& calendar);

// The hours worked on a local date, once holidays and make-up days are applied.
std::span<const WorkingInterval> working_hours_on(const BusinessCalendar& calendar, Date local_date) noexcept;

// Whether `t` falls in working time (an interval's start counts, its end does not).
bool is_working_time(const BusinessCalendar& calendar, Instant t) noexcept;

// The instant at which `duration` of working time has elapsed since `start`, skipping nights,
// weekends and holidays. Work that ends exactly at the close of an interval ends there (18:00),
// not at the next opening. A duration ≤ 0 returns `start` unchanged. A calendar without any weekly
// working time never gets there: Instant::max() (validate_calendar rejects such a calendar).
// Minutes convert implicitly: add_business_time(cal, t, 90min).
Instant add_business_time(const BusinessCalendar& calendar, Instant start, std::chrono::microseconds duration) noexcept;

// Working time in [a, b); zero when b ≤ a. Microseconds, so that an SLA's pauses add up exactly;
// std::chrono::floor<std::chrono::minutes>(…) for whole minutes.
std::chrono::microseconds business_time_between(const BusinessCalendar& calendar, Instant a, Instant b) noexcept;

}  // namespace inscrm
