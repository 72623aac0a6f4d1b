#pragma once
// Private to analytics: which portfolio row holds each policy. Premium, claims and lapses belong to
// the holder (投保人), so every per-customer computation over policy records starts here.

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/domain/policy.hpp>

#include <cstddef>
#include <span>
#include <unordered_map>

namespace inscrm::detail {

// Policy id -> row of its holder, for the policies whose holder is in the portfolio.
inline std::unordered_map<PolicyId, std::size_t> holder_rows(const Portfolio& portfolio,
                                                            std::span<const Policy> policies) {
  std::unordered_map<PolicyId, std::size_t> rows;
  rows.reserve(policies.size());
  for (const auto& p : policies)
    if (const auto row = portfolio.row_of(p.holder)) rows.emplace(p.id, *row);
  return rows;
}

}  // namespace inscrm::detail
