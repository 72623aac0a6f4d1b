#pragma once
// Transaction::rule_members evaluates over the standard customer facts only: the SQL adapters'
// customer_facts view has a column for each of them and for nothing else, and the memory adapter
// builds exactly those. A rule written against host facts is refused up front, by name, instead of
// failing as an unknown column deep in the database.

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/rules/rule.hpp>

#include <fmt/format.h>

namespace inscrm::storage {

inline Result<void> check_standard_facts(const rules::Rule& rule) {
  static const FactRegistry standard = FactRegistry::standard();
  for (const auto& name : rule.facts())
    if (!standard.find(name))
      return Error::invalid_argument(
          "rule", fmt::format("fact '{}' is not a standard customer fact; storage evaluates standard facts only", name));
  return ok();
}

}  // namespace inscrm::storage
