#pragma once
// domain.md C10: behaviour statistics of a group of customers (a segment's members, a branch's
// book) over a period: how often they buy and for how much, which lines they buy, how they pay, and
// how often and through which channels they are in touch. Campaign participation is not counted
// here: a campaign's figures are its own (CampaignService::evaluate, crm/campaigns.hpp).

#include <inscrm/core/date.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/money.hpp>
#include <inscrm/domain/interaction.hpp>
#include <inscrm/domain/payment.hpp>
#include <inscrm/domain/policy.hpp>
#include <inscrm/domain/product.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <span>

namespace inscrm {

struct BehaviourStats {
  std::size_t customers = 0;
  // Purchases: policies the customers hold that were applied for in the period and issued.
  std::size_t policies_bought = 0;
  double policies_bought_per_customer = 0.0;
  std::optional<Money> mean_annualised_premium;  // per policy bought; single premiums at face value
  std::map<LineOfBusiness, std::size_t> policies_bought_by_line;  // the product mix
  // Payments on their policies, paid in the period.
  std::size_t payments = 0;
  std::optional<double> on_time_payment_share;  // paid on or before the due date
  std::map<PayChannel, std::size_t> payments_by_channel;
  // Interactions with them that started in the period.
  std::size_t interactions = 0;
  double interactions_per_customer = 0.0;
  std::map<Channel, std::size_t> interactions_by_channel;
};

// Over the records that concern `customers` (as policy holders, as the interaction's customer), in
// [from, to); the days of interactions are their UTC dates. Amounts not in CNY are left out of the
// premium mean.
BehaviourStats behaviour_stats(std::span<const CustomerId> customers, std::span<const Policy> policies,
                               std::span<const Payment> payments, std::span<const Product> products,
                               std::span<const Interaction> interactions, Date from, Date to);

}  // namespace inscrm
