#pragma once
// Private to analytics: a standard fact of one row as the computations read it (null -> none).

#include <inscrm/analytics/portfolio.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <variant>

namespace inscrm::detail {

inline std::optional<std::int64_t> int_fact(const Portfolio& p, FactId id, std::size_t row) {
  const FactValue v = p.value(id, row);
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* m = std::get_if<Money>(&v)) return m->minor;
  if (const auto* b = std::get_if<bool>(&v)) return *b ? 1 : 0;
  return std::nullopt;
}

inline std::optional<Date> date_fact(const Portfolio& p, FactId id, std::size_t row) {
  const FactValue v = p.value(id, row);
  if (const auto* d = std::get_if<Date>(&v)) return *d;
  return std::nullopt;
}

// Members of a string-set fact (products held); empty when null.
inline std::vector<std::string> set_fact(const Portfolio& p, FactId id, std::size_t row) {
  FactValue v = p.value(id, row);
  if (auto* s = std::get_if<std::vector<std::string>>(&v)) return std::move(*s);
  return {};
}

}  // namespace inscrm::detail
