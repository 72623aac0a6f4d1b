#include <inscrm/analytics/behaviour.hpp>

#include <unordered_map>
#include <unordered_set>

namespace inscrm {

BehaviourStats behaviour_stats(std::span<const CustomerId> customers, std::span<const Policy> policies,
                               std::span<const Payment> payments, std::span<const Product> products,
                               std::span<const Interaction> interactions, Date from, Date to) {
  BehaviourStats s;
  const std::unordered_set<CustomerId> members(customers.begin(), customers.end());
  s.customers = members.size();
  std::unordered_map<ProductId, LineOfBusiness> line_of;
  for (const auto& p : products) line_of.emplace(p.id, p.line);

  std::unordered_set<PolicyId> held;
  std::int64_t premium_total = 0;
  std::size_t premium_count = 0;
  for (const auto& p : policies) {
    if (!members.contains(p.holder)) continue;
    held.insert(p.id);
    if (!was_issued(p.status) || p.application_date < from || p.application_date >= to) continue;
    ++s.policies_bought;
    if (const auto it = line_of.find(p.product); it != line_of.end()) ++s.policies_bought_by_line[it->second];
    if (p.premium.currency == Currency::cny()) {
      const int months = months_between_instalments(p.frequency);
      premium_total += months == 0 ? p.premium.minor : p.premium.minor * (12 / months);
      ++premium_count;
    }
  }
  if (premium_count > 0) s.mean_annualised_premium = Money::cny(premium_total / static_cast<std::int64_t>(premium_count));

  std::size_t on_time = 0;
  for (const auto& pay : payments) {
    if (!held.contains(pay.policy) || pay.paid_on < from || pay.paid_on >= to) continue;
    ++s.payments;
    if (pay.paid_on <= pay.due_date) ++on_time;
    ++s.payments_by_channel[pay.channel];
  }
  if (s.payments > 0) s.on_time_payment_share = static_cast<double>(on_time) / static_cast<double>(s.payments);

  for (const auto& i : interactions) {
    const Date on = date_of(i.started_at);
    if (!members.contains(i.customer) || on < from || on >= to) continue;
    ++s.interactions;
    ++s.interactions_by_channel[i.channel];
  }
  if (s.customers > 0) {
    s.policies_bought_per_customer = static_cast<double>(s.policies_bought) / static_cast<double>(s.customers);
    s.interactions_per_customer = static_cast<double>(s.interactions) / static_cast<double>(s.customers);
  }
  return s;
}

}  // namespace inscrm
