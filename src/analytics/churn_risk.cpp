#include <inscrm/analytics/churn_risk.hpp>

#include "fact_values.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace inscrm {

namespace {

// Sums the factors into a score capped at 100 and orders them heaviest first (stable: ties keep
// the order of the table in churn_risk.hpp).
int settle(std::vector<RiskFactor>& factors) {
  std::stable_sort(factors.begin(), factors.end(),
                   [](const RiskFactor& a, const RiskFactor& b) { return a.points > b.points; });
  int total = 0;
  for (const auto& f : factors) total += f.points;
  return std::min(total, 100);
}

}  // namespace

std::vector<CustomerChurnRisk> churn_risk(const Portfolio& portfolio) {
  const Date as_of = portfolio.as_of();
  std::vector<CustomerChurnRisk> out(portfolio.size());
  for (std::size_t r = 0; r < portfolio.size(); ++r) {
    auto& risk = out[r];
    risk.customer = portfolio.customer(r);
    auto& f = risk.factors;
    const auto tenure = detail::int_fact(portfolio, fact::tenure_years, r);
    const auto in_force = detail::int_fact(portfolio, fact::policies_in_force, r).value_or(0);
    if (in_force == 0 && tenure) f.push_back({"no_policy_in_force", 30});
    if (detail::int_fact(portfolio, fact::has_lapsed_policy, r).value_or(0) != 0) f.push_back({"has_lapsed_policy", 25});
    const auto since_paid = detail::int_fact(portfolio, fact::days_since_last_payment, r);
    if (!since_paid || *since_paid > 400) f.push_back({"no_recent_payment", 15});
    if (detail::int_fact(portfolio, fact::open_complaints, r).value_or(0) > 0) f.push_back({"open_complaint", 15});
    if (const auto nps = detail::int_fact(portfolio, fact::nps, r); nps && *nps <= 6) f.push_back({"detractor", 15});
    if (tenure && *tenure < 2) f.push_back({"early_tenure", 10});
    if (detail::set_fact(portfolio, fact::products_held, r).size() == 1) f.push_back({"single_product", 10});
    const auto contact = detail::date_fact(portfolio, fact::last_contact, r);
    if (!contact || days_between(*contact, as_of) > 365) f.push_back({"no_recent_contact", 10});
    risk.score = settle(f);
  }
  return out;
}

std::vector<PolicyLapseRisk> lapse_risk(std::span<const Policy> policies, std::span<const Payment> payments,
                                        Date as_of) {
  struct Record {
    int paid = 0;
    int late = 0;
  };
  std::unordered_map<PolicyId, Record> record;
  for (const auto& pay : payments) {
    if (pay.paid_on > as_of) continue;
    auto& rec = record[pay.policy];
    ++rec.paid;
    if (pay.paid_on > pay.due_date) ++rec.late;
  }
  std::vector<PolicyLapseRisk> out;
  for (const auto& p : policies) {
    if (!in_force(p.status)) continue;
    PolicyLapseRisk risk;
    risk.policy = p.id;
    risk.holder = p.holder;
    auto& f = risk.factors;
    if (p.status == PolicyStatus::GracePeriod) f.push_back({"grace_period", 40});
    if (const auto it = record.find(p.id); it != record.end() && it->second.late > 0) {
      const auto points = static_cast<int>(std::lround(20.0 * it->second.late / static_cast<double>(it->second.paid)));
      if (points > 0) f.push_back({"late_payer", points});
    }
    if (p.effective_date && policy_year_of(p, as_of) <= 2) f.push_back({"early_policy_year", 15});
    if (p.frequency == Frequency::Monthly) f.push_back({"instalment_frequency", 10});
    if (p.frequency == Frequency::Quarterly) f.push_back({"instalment_frequency", 5});
    risk.score = settle(f);
    out.push_back(std::move(risk));
  }
  return out;
}

}  // namespace inscrm
