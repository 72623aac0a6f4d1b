#include <inscrm/core/date.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

namespace inscrm {

namespace {

using namespace std::chrono;

// Reads exactly `width` ASCII digits at `pos`; no sign, no blanks.
std::optional<int> digits_at(std::string_view text, std::size_t pos, std::size_t width) noexcept {
  if (pos + width > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

std::optional<Date> parse_date(std::string_view text) noexcept {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = digits_at(text, 0, 4);
  const auto m = digits_at(text, 5, 2);
  const auto d = digits_at(text, 8, 2);
  if (!y || !m || !d) return std::nullopt;
  const Date date{year{*y}, month{static_cast<unsigned>(*m)}, day{static_cast<unsigned>(*d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string to_string(Date d) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                     static_cast<unsigned>(d.day()));
}

std::string to_string(Instant t) {
  // floor, not truncation, so instants before 1970 still land on the right day.
  const auto day_start = floor<days>(t);
  const hh_mm_ss<microseconds> tod{t - day_start};
  return fmt::format("{}T{:02}:{:02}:{:02}.{:06}Z", to_string(Date{day_start}), tod.hours().count(),
                     tod.minutes().count(), tod.seconds().count(), tod.subseconds().count());
}

std::optional<Instant> parse_instant(std::string_view text) noexcept {
  // "YYYY-MM-DDTHH:MM:SS" is the fixed-width head; a fraction and the 'Z' may follow.
  constexpr std::size_t head = 19;
  if (text.size() < head || text[10] != 'T' || text[13] != ':' || text[16] != ':') return std::nullopt;
  const auto date = parse_date(text.substr(0, 10));
  const auto h = digits_at(text, 11, 2);
  const auto mi = digits_at(text, 14, 2);
  const auto s = digits_at(text, 17, 2);
  if (!date || !h || !mi || !s || *h > 23 || *mi > 59 || *s > 59) return std::nullopt;

  std::string_view rest = text.substr(head);
  std::int64_t micros = 0;
  if (!rest.empty() && rest.front() == '.') {
    // Up to nanoseconds are accepted because other systems write them; digits past the
    // sixth are dropped (flooring, as the conversion to a coarser clock does).
    std::size_t n = 1;
    while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
    const std::size_t fraction_digits = n - 1;
    if (fraction_digits == 0 || fraction_digits > 9) return std::nullopt;
    for (std::size_t i = 1; i <= 6; ++i) micros = micros * 10 + (i < n ? rest[i] - '0' : 0);
    rest.remove_prefix(n);
  }
  // The library writes only UTC; a missing 'Z' is read as UTC too, never as local time.
  if (rest == "Z") rest.remove_prefix(1);
  if (!rest.empty()) return std::nullopt;

  return start_of(*date) + hours{*h} + minutes{*mi} + seconds{*s} + microseconds{micros};
}

Date add_months(Date d, int months_to_add) noexcept {
  const year_month target = year_month{d.year(), d.month()} + months{months_to_add};
  const day last = year_month_day_last{target.year(), month_day_last{target.month()}}.day();
  return Date{target.year(), target.month(), std::min(d.day(), last)};
}

int years_between(Date from, Date on) noexcept {
  // Truncated toward zero so that a date before birth never reports a "completed" year.
  if (on < from) return -years_between(on, from);
  int years = static_cast<int>(on.year()) - static_cast<int>(from.year());
  // Comparing (month, day) pairs makes a 29 February birthday fall due on 1 March in
  // common years: 28 February is still before it, 1 March is after it.
  if (month_day{on.month(), on.day()} < month_day{from.month(), from.day()}) --years;
  return years;
}

}  // namespace inscrm
