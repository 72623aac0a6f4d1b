#pragma once
// domain.md C8/C10: profit per customer over a period = premium received − claims paid −
// servicing cost. The premium and the claims are the holder's (投保人): the customer who pays for a
// policy is the one its claims cost, whoever the claimant is.
//
// Claims: a claim records the total paid and the date of its last payment, so a claim counts with
// its whole paid amount in the period of that last payment. Amounts not in CNY are left out.

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/core/date.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/money.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/domain/claim.hpp>
#include <inscrm/domain/complaint.hpp>
#include <inscrm/domain/interaction.hpp>
#include <inscrm/domain/payment.hpp>
#include <inscrm/domain/policy.hpp>

#include <span>
#include <vector>

namespace inscrm {

// What serving a customer costs, as the host's cost accounting sees it. The yearly parts are
// prorated to the period's days over 365 and rounded to the fen; the per-contact parts count the
// interactions logged and the complaints received in the period.
struct ServicingCostModel {
  Money per_customer_year = Money::cny(0);  // account upkeep, statements, care calendar
  Money per_policy_year = Money::cny(0);    // per policy in force (Portfolio fact policies_in_force)
  Money per_interaction = Money::cny(0);
  Money per_complaint = Money::cny(0);
};

struct CustomerProfit {
  CustomerId customer;
  Money premium = Money::cny(0);
  Money claims = Money::cny(0);
  Money servicing = Money::cny(0);
  Money profit = Money::cny(0);  // premium − claims − servicing
};

// One entry per portfolio row, in row order, for the period [from, to). InvalidArgument "to" when
// the period ends before it starts; "cost_model" when a cost is negative or not in CNY.
Result<std::vector<CustomerProfit>> profitability(const Portfolio& portfolio, std::span<const Policy> policies,
                                                  std::span<const Payment> payments, std::span<const Claim> claims,
                                                  std::span<const Interaction> interactions,
                                                  std::span<const Complaint> complaints,
                                                  const ServicingCostModel& cost_model, Date from, Date to);

}  // namespace inscrm
