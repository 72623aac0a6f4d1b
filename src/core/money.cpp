#include <inscrm/core/money.hpp>

#include <fmt/format.h>

#include <stdexcept>

namespace inscrm {

namespace {

void require_same_currency(const Money& a, const Money& b, std::string_view op) {
  if (a.currency != b.currency)
    throw std::invalid_argument(
        fmt::format("Money {}: currency mismatch ({} vs {})", op, a.currency.view(), b.currency.view()));
}

}  // namespace

std::optional<Currency> Currency::parse(std::string_view text) noexcept {
  if (text.size() != 3) return std::nullopt;
  Currency c;
  for (std::size_t i = 0; i < 3; ++i) {
    if (text[i] < 'A' || text[i] > 'Z') return std::nullopt;
    c.code[i] = text[i];
  }
  return c;
}

// Overflow throws rather than wraps: a wrapped premium total would silently turn into a refund.
Money& Money::operator+=(const Money& other) {
  require_same_currency(*this, other, "+");
  if (__builtin_add_overflow(minor, other.minor, &minor)) throw std::overflow_error("Money +: overflow");
  return *this;
}

Money& Money::operator-=(const Money& other) {
  require_same_currency(*this, other, "-");
  if (__builtin_sub_overflow(minor, other.minor, &minor)) throw std::overflow_error("Money -: overflow");
  return *this;
}

std::strong_ordering operator<=>(const Money& a, const Money& b) {
  require_same_currency(a, b, "comparison");
  return a.minor <=> b.minor;
}

std::string Money::to_string() const {
  // Unsigned magnitude so that INT64_MIN prints instead of overflowing on negation.
  const bool negative = minor < 0;
  const auto magnitude = negative ? 0 - static_cast<std::uint64_t>(minor) : static_cast<std::uint64_t>(minor);
  return fmt::format("{}{}.{:02} {}", negative ? "-" : "", magnitude / 100, magnitude % 100, currency.view());
}

}  // namespace inscrm
