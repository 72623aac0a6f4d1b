#include <inscrm/analytics/loyalty_facts.hpp>

#include <string>

namespace inscrm {

Result<void> set_loyalty_facts(Portfolio& portfolio, CustomerId customer, std::int64_t points, std::string_view tier) {
  const auto row = portfolio.row_of(customer);
  if (!row) return ok();
  INSCRM_TRYV(portfolio.set(fact::points, *row, FactValue{points}));
  if (!tier.empty()) INSCRM_TRYV(portfolio.set(fact::tier, *row, FactValue{std::string{tier}}));
  return ok();
}

}  // namespace inscrm
