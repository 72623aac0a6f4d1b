#include <inscrm/core/normalize.hpp>

#include <inscrm/core/validation.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace inscrm {
namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Reads the unsigned decimal at text[i...] (at most `max_digits`), advancing i.
std::optional<int> read_number(std::string_view text, std::size_t& i, std::size_t max_digits) {
  const std::size_t start = i;
  int value = 0;
  while (i < text.size() && is_digit(text[i]) && i - start < max_digits) value = value * 10 + (text[i++] - '0');
  if (i == start) return std::nullopt;
  return value;
}

}  // namespace

std::string to_half_width(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 == 0xE3 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) == 0x80) {
      out.push_back(' ');  // U+3000 ideographic space
      i += 3;
      continue;
    }
    if (b0 == 0xEF && i + 2 < text.size()) {
      const auto b1 = static_cast<unsigned char>(text[i + 1]);
      const auto b2 = static_cast<unsigned char>(text[i + 2]);
      // U+FF01..U+FF5E is EF BC 81..EF BC BF, EF BD 80..EF BD 9E; each maps to U+0021..U+007E.
      const unsigned cp = ((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
      if ((b1 & 0xC0u) == 0x80 && (b2 & 0xC0u) == 0x80 && cp >= 0xFF01 && cp <= 0xFF5E) {
        out.push_back(static_cast<char>(cp - 0xFF01 + 0x21));
        i += 3;
        continue;
      }
    }
    out.push_back(text[i]);
    ++i;
  }
  return out;
}

std::string normalize_text(std::string_view text) {
  const std::string half = to_half_width(text);
  return std::string{trim(half)};
}

Result<Date> parse_date_cn(std::string_view raw) {
  const std::string text = normalize_text(raw);
  auto bad = [&] {
    return Error::invalid_argument("date", fmt::format("'{}' is not a date (use 2024-03-14, 2024/3/14 or 2024年3月14日)",
                                                       text));
  };
  if (text.empty()) return bad();
  std::size_t i = 0;
  int y = 0, m = 0, d = 0;
  if (text.size() >= 8 && std::all_of(text.begin(), text.begin() + 8, is_digit) &&
      (text.size() == 8 || !is_digit(text[8]))) {
    y = std::stoi(text.substr(0, 4));
    m = std::stoi(text.substr(4, 2));
    d = std::stoi(text.substr(6, 2));
    i = 8;
  } else {
    static constexpr std::string_view kYear = "年", kMonth = "月", kDay = "日";
    auto sep = [&](std::string_view chinese) {
      if (i < text.size() && (text[i] == '-' || text[i] == '/' || text[i] == '.')) {
        ++i;
        return true;
      }
      if (text.substr(i, chinese.size()) == chinese) {
        i += chinese.size();
        return true;
      }
      return false;
    };
    auto year = read_number(text, i, 4);
    if (!year || i != 4 || !sep(kYear)) return bad();
    auto month = read_number(text, i, 2);
    if (!month || !sep(kMonth)) return bad();
    auto day = read_number(text, i, 2);
    if (!day) return bad();
    if (text.substr(i, kDay.size()) == kDay) i += kDay.size();
    y = *year;
    m = *month;
    d = *day;
  }
  // A time of day may follow (spreadsheets export "2024-03-14 00:00:00"); nothing else may.
  if (i < text.size() && text[i] != ' ' && text[i] != 'T') return bad();
  const Date date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                  std::chrono::day{static_cast<unsigned>(d)}};
  if (!date.ok() || y < 1800) return bad();
  return date;
}

Result<std::int64_t> parse_amount_minor(std::string_view raw) {
  std::string text = normalize_text(raw);
  auto bad = [&] { return Error::invalid_argument("amount", fmt::format("'{}' is not an amount such as 12000.50", text)); };
  std::string_view s = text;
  // "¥" U+00A5 and "￥" U+FFE5 (the latter is outside the half-width block, so not converted).
  for (std::string_view sign : {std::string_view{"\xEF\xBF\xA5"}, std::string_view{"\xC2\xA5"}})
    if (s.substr(0, sign.size()) == sign) s.remove_prefix(sign.size());
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  std::int64_t major = 0;
  std::size_t digits = 0;
  std::size_t i = 0;
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max() / 1000;
  for (; i < s.size() && s[i] != '.'; ++i) {
    if (s[i] == ',') continue;
    if (!is_digit(s[i])) return bad();
    major = major * 10 + (s[i] - '0');
    if (major > kMax) return bad();  // checked after each digit: major * 100 + 99 cannot overflow
    ++digits;
  }
  if (digits == 0) return bad();
  std::int64_t minor = 0;
  if (i < s.size()) {
    ++i;  // '.'
    const std::size_t decimals = s.size() - i;
    if (decimals == 0 || decimals > 2) return bad();
    for (std::size_t k = 0; k < decimals; ++k) {
      if (!is_digit(s[i + k])) return bad();
      minor = minor * 10 + (s[i + k] - '0');
    }
    if (decimals == 1) minor *= 10;
  }
  const std::int64_t value = major * 100 + minor;
  return negative ? -value : value;
}

}  // namespace inscrm
