#pragma once

#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/money.hpp>
#include <inscrm/domain/customer_stage.hpp>
#include <inscrm/domain/policy.hpp>

#include <array>
#include <cstdint>

namespace inscrm {

// A readable picture of the book: policies by status, first-year vs renewal premium collected,
// customers by lifecycle stage. Amounts are in CNY minor units.
struct PortfolioSummary {
  std::int64_t customers = 0;
  std::int64_t policies = 0;
  std::array<std::int64_t, enum_count<PolicyStatus>()> policies_by_status{};
  std::array<std::int64_t, enum_count<CustomerStage>()> customers_by_stage{};
  std::int64_t payments = 0;
  Money first_year_premium = Money::cny(0);
  Money renewal_premium = Money::cny(0);
  Money annualised_premium_in_force = Money::cny(0);

  std::int64_t count(PolicyStatus s) const noexcept { return policies_by_status[static_cast<std::size_t>(s)]; }
  std::int64_t count(CustomerStage s) const noexcept { return customers_by_stage[static_cast<std::size_t>(s)]; }
};

}  // namespace inscrm
