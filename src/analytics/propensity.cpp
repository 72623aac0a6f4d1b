#include <inscrm/analytics/propensity.hpp>

#include "fact_values.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <variant>

namespace inscrm {

namespace {

std::string_view age_band(std::int64_t age) {
  if (age < 30) return "<30";
  if (age < 40) return "30-39";
  if (age < 50) return "40-49";
  if (age < 60) return "50-59";
  return "60+";
}

std::string_view income_band(std::int64_t fen) {
  const std::int64_t yuan = fen / 100;
  if (yuan < 100'000) return "<100k";
  if (yuan < 200'000) return "100k-200k";
  if (yuan < 500'000) return "200k-500k";
  return "500k+";
}

std::string_view tenure_band(std::int64_t years) {
  if (years < 2) return "0-1";
  if (years < 5) return "2-4";
  return "5+";
}

std::optional<std::string> string_fact(const Portfolio& p, FactId id, std::size_t row) {
  FactValue v = p.value(id, row);
  if (auto* s = std::get_if<std::string>(&v)) return std::move(*s);
  return std::nullopt;
}

bool holds(const Portfolio& p, std::size_t row, std::string_view product) {
  const auto held = detail::set_fact(p, fact::products_held, row);
  return std::find(held.begin(), held.end(), product) != held.end();
}

double log_ratio(std::size_t count, std::size_t size) {
  return std::log((static_cast<double>(count) + 1.0) / (static_cast<double>(size) + 2.0));
}

}  // namespace

std::vector<std::string> propensity_features(const Portfolio& p, std::size_t row, std::string_view target) {
  std::vector<std::string> out;
  const auto held = detail::set_fact(p, fact::products_held, row);
  for (const auto& code : p.column(fact::products_held).dictionary) {
    if (code == target) continue;
    const bool has = std::find(held.begin(), held.end(), code) != held.end();
    out.push_back(fmt::format("{} {}", has ? "holds" : "lacks", code));
  }
  if (const auto age = detail::int_fact(p, fact::age, row)) out.push_back(fmt::format("age {}", age_band(*age)));
  if (auto g = string_fact(p, fact::gender, row)) out.push_back("gender " + *g);
  if (auto prov = string_fact(p, fact::province, row)) out.push_back("province " + *prov);
  if (auto src = string_fact(p, fact::source, row)) out.push_back("source " + *src);
  if (const auto income = detail::int_fact(p, fact::annual_income, row))
    out.push_back(fmt::format("income {}", income_band(*income)));
  if (const auto tenure = detail::int_fact(p, fact::tenure_years, row))
    out.push_back(fmt::format("tenure {} years", tenure_band(*tenure)));
  return out;
}

Result<PropensityModel> PropensityModel::train(const Portfolio& portfolio, std::string product,
                                               std::span<const std::uint32_t> rows) {
  PropensityModel m;
  m.product_ = std::move(product);
  auto learn = [&](std::size_t row) {
    const bool positive = holds(portfolio, row, m.product_);
    (positive ? m.holders_ : m.non_holders_) += 1;
    for (auto& f : propensity_features(portfolio, row, m.product_)) {
      auto& c = m.counts_[std::move(f)];
      (positive ? c.holders : c.non_holders) += 1;
    }
  };
  if (rows.empty()) {
    for (std::size_t r = 0; r < portfolio.size(); ++r) learn(r);
  } else {
    for (const auto r : rows) {
      if (r >= portfolio.size())
        return Error::invalid_argument("rows", fmt::format("row {} is outside a portfolio of {}", r, portfolio.size()));
      learn(r);
    }
  }
  if (m.holders_ == 0 || m.non_holders_ == 0)
    return Error::invalid_argument(
        "product", fmt::format("'{}' is held by {} of {} training customers: a model needs holders and non-holders",
                               m.product_, m.holders_, m.holders_ + m.non_holders_));
  return m;
}

PropensityScore PropensityModel::score(const Portfolio& portfolio, std::size_t row, std::size_t max_drivers) const {
  PropensityScore s;
  s.customer = portfolio.customer(row);
  s.holds = holds(portfolio, row, product_);
  double log_odds = std::log(static_cast<double>(holders_) / static_cast<double>(non_holders_));
  std::vector<PropensityDriver> evidence;
  for (auto& f : propensity_features(portfolio, row, product_)) {
    const auto it = counts_.find(f);
    if (it == counts_.end()) continue;
    const double w = log_ratio(it->second.holders, holders_) - log_ratio(it->second.non_holders, non_holders_);
    log_odds += w;
    if (w > 0) evidence.push_back({std::move(f), w});
  }
  s.probability = 1.0 / (1.0 + std::exp(-log_odds));
  std::stable_sort(evidence.begin(), evidence.end(),
                   [](const PropensityDriver& a, const PropensityDriver& b) { return a.weight > b.weight; });
  if (evidence.size() > max_drivers) evidence.resize(max_drivers);
  s.drivers = std::move(evidence);
  return s;
}

std::vector<PropensityScore> PropensityModel::score_all(const Portfolio& portfolio, std::size_t max_drivers) const {
  std::vector<PropensityScore> out;
  out.reserve(portfolio.size());
  for (std::size_t r = 0; r < portfolio.size(); ++r) out.push_back(score(portfolio, r, max_drivers));
  return out;
}

std::vector<NextBestProduct> next_best_products(const Portfolio& portfolio, std::span<const PropensityModel> models,
                                                std::size_t max_drivers) {
  std::vector<NextBestProduct> out(portfolio.size());
  for (std::size_t r = 0; r < portfolio.size(); ++r) {
    auto& best = out[r];
    best.customer = portfolio.customer(r);
    for (const auto& model : models) {
      auto s = model.score(portfolio, r, max_drivers);
      if (s.holds || (!best.product.empty() && s.probability <= best.probability)) continue;
      best.product = model.product();
      best.probability = s.probability;
      best.drivers = std::move(s.drivers);
    }
  }
  return out;
}

}  // namespace inscrm
