#include <inscrm/core/business_calendar.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace inscrm {

namespace {

using namespace std::chrono;

constexpr minutes kDay{24 * 60};
// The widest offsets in use (UTC−12 … UTC+14); anything beyond is a unit mistake (hours for minutes).
constexpr minutes kMaxOffset{14 * 60};

// The calendar's hours are local; a "local instant" is a UTC-typed instant shifted by the offset,
// so that floor<days> gives the local date.
Instant to_local(const BusinessCalendar& cal, Instant t) noexcept { return t + cal.utc_offset; }
Instant to_utc(const BusinessCalendar& cal, Instant local) noexcept { return local - cal.utc_offset; }

bool usable(const WorkingInterval& iv) noexcept { return iv.start >= minutes{0} && iv.start < iv.end && iv.end <= kDay; }

// Some weekday has working time, so every week has some and a search for a deadline ends
// (holidays are finitely many).
bool works_every_week(const BusinessCalendar& cal) noexcept {
  return std::any_of(cal.hours.begin(), cal.hours.end(), [](const WorkingDay& day) {
    return std::any_of(day.begin(), day.end(), usable);
  });
}

Result<void> validate_day(const WorkingDay& day, const std::string& field) {
  for (std::size_t i = 0; i < day.size(); ++i) {
    const auto& iv = day[i];
    const std::string at = fmt::format("{}[{}]", field, i);
    if (!usable(iv))
      return Error::invalid_argument(at, fmt::format("an interval must lie within the day and end after it starts "
                                                     "(got {} to {} minutes after midnight)",
                                                     iv.start.count(), iv.end.count()));
    if (i > 0 && iv.start < day[i - 1].end)
      return Error::invalid_argument(at, "intervals must be in time order and must not overlap");
  }
  return ok();
}

}  // namespace

BusinessCalendar BusinessCalendar::office_hours(WorkingDay day, minutes utc_offset) {
  BusinessCalendar cal;
  for (const weekday d : {Monday, Tuesday, Wednesday, Thursday, Friday}) cal.on(d) = day;
  cal.utc_offset = utc_offset;
  return cal;
}

BusinessCalendar BusinessCalendar::round_the_clock() {
  BusinessCalendar cal;
  for (auto& day : cal.hours) day = {{minutes{0}, kDay}};
  cal.utc_offset = minutes{0};  // every minute counts, so where a day starts does not matter
  return cal;
}

Result<void> validate_calendar(const BusinessCalendar& cal) {
  if (cal.utc_offset < -kMaxOffset || cal.utc_offset > kMaxOffset)
    return Error::invalid_argument("utc_offset", fmt::format("an offset from UTC is at most ±{} minutes (got {})",
                                                             kMaxOffset.count(), cal.utc_offset.count()));
  for (std::size_t d = 0; d < cal.hours.size(); ++d)
    INSCRM_TRYV(validate_day(cal.hours[d], fmt::format("hours[{}]", d)));
  INSCRM_TRYV(validate_day(cal.make_up_hours, "make_up_hours"));
  for (const Date& d : cal.make_up_days)
    if (cal.holidays.contains(d))
      return Error::invalid_argument("make_up_days",
                                     fmt::format("{} is both a holiday and a make-up working day", to_string(d)));
  if (!works_every_week(cal)) return Error::invalid_argument("hours", "no weekday has working hours");
  return ok();
}

std::span<const WorkingInterval> working_hours_on(const BusinessCalendar& cal, Date local_date) noexcept {
  // A holiday wins over everything; a make-up day is worked whatever its weekday.
  if (cal.holidays.contains(local_date)) return {};
  if (cal.make_up_days.contains(local_date))
    return cal.make_up_hours.empty() ? cal.on(Monday) : cal.make_up_hours;
  return cal.on(weekday{sys_days{local_date}});
}

bool is_working_time(const BusinessCalendar& cal, Instant t) noexcept {
  const Instant local = to_local(cal, t);
  const sys_days day = floor<days>(local);
  const auto since_midnight = local - Instant{day};
  for (const auto& iv : working_hours_on(cal, Date{day}))
    if (since_midnight >= iv.start && since_midnight < iv.end) return true;
  return false;
}

Instant add_business_time(const BusinessCalendar& cal, Instant start, microseconds duration) noexcept {
  if (duration <= microseconds{0}) return start;
  if (!works_every_week(cal)) return Instant::max();
  microseconds left = duration;
  Instant from = to_local(cal, start);
  for (sys_days day = floor<days>(from);; day += days{1}) {
    const Instant midnight{day};
    for (const auto& iv : working_hours_on(cal, Date{day})) {
      const Instant open = std::max(from, midnight + iv.start);
      const Instant close = midnight + iv.end;
      if (open >= close) continue;
      // `<=`: work that fits exactly ends at the close, not at the next opening.
      if (left <= close - open) return to_utc(cal, open + left);
      left -= close - open;
    }
    from = midnight + days{1};
  }
}

microseconds business_time_between(const BusinessCalendar& cal, Instant a, Instant b) noexcept {
  if (b <= a) return microseconds{0};
  const Instant from = to_local(cal, a);
  const Instant to = to_local(cal, b);
  microseconds total{0};
  for (sys_days day = floor<days>(from); Instant{day} < to; day += days{1}) {
    const Instant midnight{day};
    for (const auto& iv : working_hours_on(cal, Date{day})) {
      const Instant open = std::max(from, midnight + iv.start);
      const Instant close = std::min(to, midnight + iv.end);
      if (open < close) total += close - open;
    }
  }
  return total;
}

}  // namespace inscrm
