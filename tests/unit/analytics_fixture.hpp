#pragma once
// Small hand-made books for the analytics tests: every record built in one line, so that a test's
// arithmetic can be read next to its data.

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/domain/claim.hpp>
#include <inscrm/domain/customer.hpp>
#include <inscrm/domain/payment.hpp>
#include <inscrm/domain/policy.hpp>
#include <inscrm/domain/product.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace analytics_fixture {

using namespace inscrm;

inline Customer customer(std::int64_t id, OrgUnitId unit = OrgUnitId{}, Source source = Source::Unknown) {
  Customer c;
  c.id = CustomerId{id};
  c.name = "customer " + std::to_string(id);
  c.org_unit = unit;
  c.source = source;
  return c;
}

inline Product product(std::int64_t id, std::string code, LineOfBusiness line = LineOfBusiness::Life) {
  Product p;
  p.id = ProductId{id};
  p.code = std::move(code);
  p.line = line;
  return p;
}

// A regular-premium policy paying for ten years, covering twenty.
inline Policy policy(std::int64_t id, std::int64_t holder, Date effective, std::int64_t premium_yuan,
                     PolicyStatus status = PolicyStatus::InForce, Frequency frequency = Frequency::Annual,
                     std::int64_t product_id = 1) {
  Policy p;
  p.id = PolicyId{id};
  p.holder = CustomerId{holder};
  p.product = ProductId{product_id};
  p.status = status;
  p.status_since = effective;
  p.premium = Money::cny(premium_yuan * 100);
  p.frequency = frequency;
  p.premium_years = frequency == Frequency::Single ? 0 : 10;
  p.application_date = effective;
  p.issue_date = effective;
  p.effective_date = effective;
  p.expiry_date = add_years(effective, 20);
  return p;
}

inline Payment payment(std::int64_t policy_id, Date due, std::int64_t yuan, Date paid) {
  Payment p;
  p.policy = PolicyId{policy_id};
  p.due_date = due;
  p.paid_on = paid;
  p.amount = Money::cny(yuan * 100);
  return p;
}
inline Payment payment(std::int64_t policy_id, Date paid, std::int64_t yuan) { return payment(policy_id, paid, yuan, paid); }

inline std::vector<CustomerId> ids(std::initializer_list<std::int64_t> values) {
  std::vector<CustomerId> out;
  for (const auto v : values) out.push_back(CustomerId{v});
  return out;
}

}  // namespace analytics_fixture
