#pragma once
// domain.md C10: need prediction — how likely a customer is to take up a product, learned from the
// portfolio's own holdings (who already holds it, and what else is true of them), with the facts
// that drove each score so that an agent can say why the product was suggested.
//
// The model is naive Bayes over categorical features derived from the standard facts:
//   holds <code> / lacks <code>   each other product of products_held (never the target itself)
//   age <band>                    <30, 30-39, 40-49, 50-59, 60+ (absent when unknown)
//   gender <text>, province <code>, source <text>
//   income <band>                 <100k, 100k-200k, 200k-500k, 500k+ yuan (absent when unknown)
//   tenure <band>                 0-1, 2-4, 5+ years (absent when no policy yet)
// Class = holds the target product. For each feature f present on a customer, the evidence is
// w_f = log P(f | holder) − log P(f | non-holder), with Laplace smoothing (count + 1) / (class size
// + 2); the score is σ(log prior odds + Σ w_f). Naive Bayes is over-confident in its
// probabilities but ranks well, and every w_f is a readable reason — the point here. Features
// never seen in training carry no evidence.

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/result.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace inscrm {

struct PropensityDriver {
  std::string feature;  // "holds CI-20", "age 30-39"
  double weight = 0.0;  // its log-odds evidence w_f, > 0
};

struct PropensityScore {
  CustomerId customer;
  double probability = 0.0;
  bool holds = false;  // already holds the product (still scored: useful to check the model)
  std::vector<PropensityDriver> drivers;  // strongest first, at most the number asked for
};

class PropensityModel {
 public:
  // Trains on the given rows (empty = every row). InvalidArgument "product" when no training row
  // holds the product or every one does (there is nothing to learn from one class); "rows" when a
  // row is outside the portfolio.
  static Result<PropensityModel> train(const Portfolio& portfolio, std::string product,
                                       std::span<const std::uint32_t> rows = {});

  const std::string& product() const noexcept { return product_; }
  std::size_t holders() const noexcept { return holders_; }
  std::size_t non_holders() const noexcept { return non_holders_; }

  // Scores one row of a portfolio with the standard facts (not necessarily the training one).
  PropensityScore score(const Portfolio& portfolio, std::size_t row, std::size_t max_drivers = 3) const;
  // Every row, in row order.
  std::vector<PropensityScore> score_all(const Portfolio& portfolio, std::size_t max_drivers = 3) const;

 private:
  struct Counts {
    std::size_t holders = 0;
    std::size_t non_holders = 0;
  };
  std::string product_;
  std::size_t holders_ = 0;
  std::size_t non_holders_ = 0;
  std::unordered_map<std::string, Counts> counts_;
};

// The features above for one row, leaving out the target product (exposed for tests and for
// hosts that want to show a customer's profile as the model sees it).
std::vector<std::string> propensity_features(const Portfolio& portfolio, std::size_t row, std::string_view target);

struct NextBestProduct {
  CustomerId customer;
  std::string product;  // empty when the customer already holds every modelled product
  double probability = 0.0;
  std::vector<PropensityDriver> drivers;
};

// One per row, in row order: among the models' products the customer does not hold, the most
// likely one (ties: the model listed first).
std::vector<NextBestProduct> next_best_products(const Portfolio& portfolio, std::span<const PropensityModel> models,
                                                std::size_t max_drivers = 3);

}  // namespace inscrm
