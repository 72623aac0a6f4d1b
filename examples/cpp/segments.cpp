// Segmentation and analytics over a generated book (domain.md C8, C10, C11): segment sizes from
// rules evaluated on the columnar Portfolio, value tiers from profit, the value × loyalty matrix and
// its golden customers, the Pareto share of profit held by the top 20 % of customers, the
// next-best product of a few customers, and a KPI table for the company and each branch.
// Usage: segments [--customers N] [--policies N] [storage-uri]   (default: 2000, 4000, memory:)

#include <inscrm/analytics/clv.hpp>
#include <inscrm/analytics/pareto.hpp>
#include <inscrm/analytics/profitability.hpp>
#include <inscrm/analytics/propensity.hpp>
#include <inscrm/analytics/value_loyalty.hpp>
#include <inscrm/analytics/value_tier.hpp>
#include <inscrm/crm.hpp>
#include <inscrm/rules/evaluate.hpp>
#include <inscrm/rules/rule.hpp>

#include "sample_portfolio.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

using namespace std::chrono_literals;

namespace {

int fail(const inscrm::Error& e) {
  std::fprintf(stderr, "error: %s\n", e.to_string().c_str());
  return 1;
}

std::string percent(const std::optional<double>& share) {
  return share ? fmt::format("{:6.1f} %", 100.0 * *share) : std::string{"     n/a"};
}

std::string rate(const inscrm::KpiRate& r) { return fmt::format("{} of {:>5}", percent(r.rate), r.eligible); }

void print_kpis(std::string_view name, const inscrm::Kpis& k) {
  fmt::print("  {:<10} renewal {}  13th {}  25th {}  churn {}  NPS {}  complaints/10k {}\n", name,
             rate(k.renewal), percent(k.persistency_13th_month.rate), percent(k.persistency_25th_month.rate),
             percent(k.churn.rate), k.nps.responses > 0 ? fmt::format("{:6.1f}", k.nps.score) : "   n/a",
             k.complaints_per_10000_policies ? fmt::format("{:6.1f}", *k.complaints_per_10000_policies) : "   n/a");
}

}  // namespace

int main(int argc, char** argv) {
  inscrm::sample::Options options;
  options.customers = 2000;
  options.policies = 4000;
  std::string uri = "memory:";
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--customers" && i + 1 < argc) options.customers = std::strtoull(argv[++i], nullptr, 10);
    else if (arg == "--policies" && i + 1 < argc) options.policies = std::strtoull(argv[++i], nullptr, 10);
    else uri = argv[i];
  }
  if (options.customers == 0) return fail(inscrm::Error::invalid_argument("customers", "need at least one customer"));

  // Load the sample book as of its load date, with the payments made by then, and let the
  // calendar find the grace periods and lapses.
  auto clock = std::make_shared<inscrm::ManualClock>(options.as_of);
  auto crm = inscrm::Crm::open(uri, {.clock = clock});
  if (!crm) return fail(crm.error());
  const auto admin = inscrm::Actor{.user = "analyst", .roles = {inscrm::Role::Administrator, inscrm::Role::Analyst}};
  auto org = inscrm::sample::create_organisation(crm.value(), admin);
  if (!org) return fail(org.error());
  auto imported = crm.value().customers().import(admin, inscrm::sample::generate_customers(options, org.value()));
  if (!imported) return fail(imported.error());
  auto rows = inscrm::sample::generate_policies(options, imported.value().ids);
  for (auto& row : rows)
    std::erase_if(row.payments, [&](const inscrm::PaymentInput& p) { return *p.paid > options.as_of; });
  if (auto r = crm.value().policies().import(admin, std::move(rows)); !r) return fail(r.error());
  if (auto r = crm.value().run_daily(admin, options.as_of); !r) return fail(r.error());

  // The records the analytics read. (A bulk portfolio accessor on the facade would do this in one
  // call; reading through the services keeps the example to the public API of today.)
  std::vector<inscrm::Customer> customers;
  for (inscrm::storage::CustomerQuery q;;) {
    auto page = crm.value().customers().list(admin, q);
    if (!page) return fail(page.error());
    if (page.value().empty()) break;
    q.after = page.value().back().id;
    std::move(page.value().begin(), page.value().end(), std::back_inserter(customers));
  }
  std::vector<inscrm::Policy> policies;
  std::vector<inscrm::Payment> payments;
  for (inscrm::storage::PolicyQuery q;;) {
    auto page = crm.value().policies().list(admin, q);
    if (!page) return fail(page.error());
    if (page.value().empty()) break;
    q.after = page.value().back().id;
    // One bulk read for the page's payments (policies come in id order).
    auto paid = crm.value().policies().payments_in_range(admin, page.value().front().id, page.value().back().id);
    if (!paid) return fail(paid.error());
    std::move(paid.value().begin(), paid.value().end(), std::back_inserter(payments));
    std::move(page.value().begin(), page.value().end(), std::back_inserter(policies));
  }
  auto products = crm.value().products().list(admin);
  if (!products) return fail(products.error());
  auto portfolio = inscrm::Portfolio::build(customers, policies, payments, products.value(), options.as_of);
  fmt::print("portfolio of {} customers, {} policies, {} payments as of {}\n", portfolio.size(), policies.size(),
             payments.size(), inscrm::to_string(options.as_of));

  // Profit over the last twelve months (no claims or contacts in the sample book: premium less the
  // servicing cost) → value tiers → the value_tier fact the segment rules read.
  const inscrm::Date year_ago = inscrm::add_years(options.as_of, -1);
  const inscrm::ServicingCostModel costs{.per_customer_year = inscrm::Money::cny(150'00),
                                         .per_policy_year = inscrm::Money::cny(120'00)};
  auto profit = inscrm::profitability(portfolio, policies, payments, {}, {}, {}, costs, year_ago, options.as_of);
  if (!profit) return fail(profit.error());
  std::vector<std::int64_t> value;
  for (const auto& p : profit.value()) value.push_back(p.profit.minor);
  const auto tiers = inscrm::value_tiers(value);
  if (auto r = inscrm::fill_value_tier(portfolio, tiers); !r) return fail(r.error());

  fmt::print("\nsegment sizes\n");
  const std::vector<std::pair<std::string_view, std::string_view>> segments{
      {"demographic", "age between 30 and 45"},
      {"geographic", "region in ('310000', '110000')"},
      {"needs", "has_product('WL-2024') and not has_product('CI-20')"},
      {"behavioural", "has_lapsed_policy or days_since_last_payment > 400"},
      {"value", "value_tier >= 4 and tenure_years >= 5 and not has_lapsed_policy"}};
  for (const auto& [kind, text] : segments) {
    auto rule = inscrm::rules::compile(text, portfolio.registry());
    if (!rule) return fail(rule.error());
    auto members = inscrm::rules::evaluate(rule.value(), portfolio);
    if (!members) return fail(members.error());
    fmt::print("  {:<12} {:>6}  {}\n", kind, members.value().count(), text);
  }

  const auto loyalty = inscrm::loyalty_scores(portfolio, policies);
  auto matrix = inscrm::value_loyalty_matrix(portfolio, tiers, loyalty);
  if (!matrix) return fail(matrix.error());
  fmt::print("\nvalue x loyalty (value tier >= 4, loyalty >= 2/3)\n");
  for (std::size_t c = 0; c < inscrm::enum_count<inscrm::ValueLoyaltyCell>(); ++c) {
    const auto cell = static_cast<inscrm::ValueLoyaltyCell>(c);
    fmt::print("  {:<24} {:>6}\n", inscrm::to_string(cell), matrix.value().count(cell));
  }
  fmt::print("  golden customers, first five:");
  for (std::size_t i = 0; i < std::min<std::size_t>(5, matrix.value().golden.size()); ++i)
    fmt::print(" {}", matrix.value().golden[i].value);
  fmt::print("\n");

  const auto curve = inscrm::pareto_curve(profit.value());
  fmt::print("\nPareto: the top 20 % of customers hold {} of the profit ({} of {} customers lose money)\n",
             percent(curve.share_of_top(0.2)), curve.loss_makers, curve.customers);

  auto clv = inscrm::lifetime_values(portfolio, {});
  if (!clv) return fail(clv.error());
  inscrm::Money book_value = inscrm::Money::cny(0);
  for (const auto& v : clv.value()) book_value += v.value;
  fmt::print("lifetime value of the book (retention 85 %, margin 15 %, 8 %, 10 years): {}\n", book_value.to_string());

  fmt::print("\nnext-best product, first five customers without one of the six products\n");
  std::vector<inscrm::PropensityModel> models;
  for (const auto& product : portfolio.column(inscrm::fact::products_held).dictionary) {
    if (auto m = inscrm::PropensityModel::train(portfolio, product)) models.push_back(std::move(m.value()));
  }
  const auto best = inscrm::next_best_products(portfolio, models, 2);
  for (std::size_t r = 0, shown = 0; r < best.size() && shown < 5; ++r) {
    if (best[r].product.empty()) continue;
    std::string why;
    for (const auto& d : best[r].drivers) why += (why.empty() ? "" : ", ") + d.feature;
    fmt::print("  customer {:>5}: {:<8} {:5.1f} %  ({})\n", best[r].customer.value, best[r].product,
               100.0 * best[r].probability, why.empty() ? "base rate" : why);
    ++shown;
  }

  fmt::print("\nKPIs, twelve months to {}\n", inscrm::to_string(options.as_of));
  const inscrm::KpiQuery year{.from = year_ago, .to = options.as_of};
  auto company = crm.value().kpis(admin, year);
  if (!company) return fail(company.error());
  print_kpis("company", company.value());
  for (const auto& unit : org.value().units) {
    if (unit.kind != inscrm::OrgUnitKind::Branch) continue;
    auto query = year;
    query.org_unit = unit.id;
    auto k = crm.value().kpis(admin, query);
    if (!k) return fail(k.error());
    print_kpis(unit.code, k.value());
  }
  fmt::print("  tiers:");
  for (const auto& [tier, count] : company.value().tier_distribution) fmt::print(" {} {}", tier, count);
  fmt::print("  (loyalty tiers arrive with the loyalty programme)\n");
  return 0;
}
