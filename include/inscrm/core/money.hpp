#pragma once
// Money: int64 minor units plus an ISO 4217 currency. No floating point in stored amounts.
// Mixing currencies in arithmetic is a programming error and throws std::invalid_argument.

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace inscrm {

struct Currency {
  std::array<char, 3> code{'C', 'N', 'Y'};

  static constexpr Currency cny() noexcept { return {}; }
  // Three upper-case ASCII letters, else nullopt.
  static std::optional<Currency> parse(std::string_view text) noexcept;
  std::string_view view() const noexcept { return {code.data(), code.size()}; }
  friend constexpr bool operator==(const Currency&, const Currency&) noexcept = default;
};

struct Money {
  std::int64_t minor = 0;  // fen for CNY: 1 yuan = 100 minor units
  Currency currency{};

  static constexpr Money cny(std::int64_t minor_units) noexcept { return {minor_units, Currency::cny()}; }
  static constexpr Money zero(Currency c = Currency::cny()) noexcept { return {0, c}; }

  Money& operator+=(const Money& other);
  Money& operator-=(const Money& other);
  friend Money operator+(Money a, const Money& b) { return a += b; }
  friend Money operator-(Money a, const Money& b) { return a -= b; }
  friend constexpr Money operator*(Money a, std::int64_t k) noexcept { return {a.minor * k, a.currency}; }
  friend constexpr bool operator==(const Money&, const Money&) noexcept = default;
  // Ordering only within one currency; comparing different currencies throws.
  friend std::strong_ordering operator<=>(const Money& a, const Money& b);

  // "12000.00 CNY"
  std::string to_string() const;
};

}  // namespace inscrm
