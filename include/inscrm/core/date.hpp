#pragma once
// Civil dates are std::chrono::year_month_day; instants are UTC microseconds. Calendar
// arithmetic that insurance needs (monthly anniversaries clamp to the month's end) lives here.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace inscrm {

using Date = std::chrono::year_month_day;
using Instant = std::chrono::sys_time<std::chrono::microseconds>;

// "2026-03-14"; nullopt unless the text is exactly a real calendar date in that form.
std::optional<Date> parse_date(std::string_view text) noexcept;
std::string to_string(Date d);
// "2026-03-14T08:30:00.000000Z"
std::string to_string(Instant t);
// Parses the form to_string(Instant) writes (fraction optional).
std::optional<Instant> parse_instant(std::string_view text) noexcept;

inline Date date_of(Instant t) noexcept { return Date{std::chrono::floor<std::chrono::days>(t)}; }
inline Instant start_of(Date d) noexcept { return Instant{std::chrono::sys_days{d}}; }

inline Date add_days(Date d, int days) noexcept { return Date{std::chrono::sys_days{d} + std::chrono::days{days}}; }
// Adds months; the 31st of a shorter month becomes its last day (2024-01-31 + 1 month = 2024-02-29).
Date add_months(Date d, int months) noexcept;
inline Date add_years(Date d, int years) noexcept { return add_months(d, 12 * years); }
// Whole days from a to b (negative when b is earlier).
inline int days_between(Date a, Date b) noexcept {
  return static_cast<int>((std::chrono::sys_days{b} - std::chrono::sys_days{a}).count());
}
// Completed years from birth to on (age at last birthday; a 29 February birthday counts on 1 March).
int years_between(Date from, Date on) noexcept;

// Days since 1970-01-01: the stored form of a date in SQL adapters and columnar snapshots.
inline int to_epoch_days(Date d) noexcept {
  return static_cast<int>(std::chrono::sys_days{d}.time_since_epoch().count());
}
inline Date from_epoch_days(int days) noexcept { return Date{std::chrono::sys_days{std::chrono::days{days}}}; }
inline std::int64_t to_epoch_micros(Instant t) noexcept { return t.time_since_epoch().count(); }
inline Instant from_epoch_micros(std::int64_t us) noexcept { return Instant{std::chrono::microseconds{us}}; }

}  // namespace inscrm
