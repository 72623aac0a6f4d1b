#include <inscrm/analytics/profitability.hpp>

#include "holder_rows.hpp"

#include <variant>

namespace inscrm {

namespace {

bool valid_cost(const Money& m) noexcept { return m.currency == Currency::cny() && m.minor >= 0; }

// A yearly cost over `days`, rounded half up to the fen.
Money prorated(Money per_year, std::int64_t count, int days) {
  const std::int64_t total = per_year.minor * count * days;
  return Money::cny((total + 182) / 365);
}

}  // namespace

Result<std::vector<CustomerProfit>> profitability(const Portfolio& portfolio, std::span<const Policy> policies,
                                                  std::span<const Payment> payments, std::span<const Claim> claims,
                                                  std::span<const Interaction> interactions,
                                                  std::span<const Complaint> complaints,
                                                  const ServicingCostModel& cost_model, Date from, Date to) {
  if (to < from) return Error::invalid_argument("to", "the period ends before it starts");
  if (!valid_cost(cost_model.per_customer_year) || !valid_cost(cost_model.per_policy_year) ||
      !valid_cost(cost_model.per_interaction) || !valid_cost(cost_model.per_complaint))
    return Error::invalid_argument("cost_model", "servicing costs must be CNY amounts of at least zero");

  const std::size_t n = portfolio.size();
  const int days = days_between(from, to);
  std::vector<CustomerProfit> out(n);
  std::vector<std::int64_t> contacts(n, 0);
  std::vector<std::int64_t> complaint_count(n, 0);
  for (std::size_t r = 0; r < n; ++r) out[r].customer = portfolio.customer(r);

  const auto holder = detail::holder_rows(portfolio, policies);
  for (const auto& pay : payments) {
    const auto it = holder.find(pay.policy);
    if (it == holder.end() || pay.paid_on < from || pay.paid_on >= to || pay.amount.currency != Currency::cny())
      continue;
    out[it->second].premium += pay.amount;
  }
  for (const auto& c : claims) {
    const auto it = holder.find(c.policy);
    if (it == holder.end() || !c.paid_amount || !c.paid_on || *c.paid_on < from || *c.paid_on >= to ||
        c.paid_amount->currency != Currency::cny())
      continue;
    out[it->second].claims += *c.paid_amount;
  }
  for (const auto& i : interactions) {
    const Date on = date_of(i.started_at);
    if (on < from || on >= to) continue;
    if (const auto row = portfolio.row_of(i.customer)) ++contacts[*row];
  }
  for (const auto& c : complaints) {
    const Date on = date_of(c.received_at);
    if (on < from || on >= to) continue;
    if (const auto row = portfolio.row_of(c.customer)) ++complaint_count[*row];
  }

  for (std::size_t r = 0; r < n; ++r) {
    const auto in_force = portfolio.value(fact::policies_in_force, r);
    const std::int64_t policy_count = std::holds_alternative<std::int64_t>(in_force) ? std::get<std::int64_t>(in_force) : 0;
    CustomerProfit& p = out[r];
    p.servicing = prorated(cost_model.per_customer_year, 1, days) + prorated(cost_model.per_policy_year, policy_count, days) +
                  cost_model.per_interaction * contacts[r] + cost_model.per_complaint * complaint_count[r];
    p.profit = p.premium - p.claims - p.servicing;
  }
  return out;
}

}  // namespace inscrm
