// The analytics of domain.md C8 and C10 on a Python Portfolio: RFM, value tiers, loyalty and the
// value x loyalty matrix, profitability, churn and lapse risk, lifetime value and next-best
// products. Per-customer results are dicts of NumPy arrays in row order (a 'customer' array first),
// ready for pandas.DataFrame(...); money is int64 fen. Behaviour statistics and agent analytics
// are small records (analytics.cpp). Every computation runs without the GIL.

#include "arrays.hpp"
#include "portfolio.hpp"

#include <inscrm/analytics/agent_analytics.hpp>
#include <inscrm/analytics/behaviour.hpp>
#include <inscrm/analytics/churn_risk.hpp>
#include <inscrm/analytics/clv.hpp>
#include <inscrm/analytics/profitability.hpp>
#include <inscrm/analytics/propensity.hpp>
#include <inscrm/analytics/rfm.hpp>
#include <inscrm/analytics/value_loyalty.hpp>
#include <inscrm/analytics/value_tier.hpp>

#include <limits>

namespace inscrm::python {
namespace {

// Reads every page of a list call: list(query) until a page comes back short.
template <class T, class Query, class List>
Result<void> read_all(std::vector<T>& out, Query query, List list) {
  for (;;) {
    auto page = list(query);
    if (!page) return std::move(page).error();
    const bool last = page.value().size() < query.limit;
    if (!page.value().empty()) query.after = page.value().back().id;
    std::move(page.value().begin(), page.value().end(), std::back_inserter(out));
    if (last) return ok();
  }
}

Result<BookRecords> load_records(const Crm& crm, const Actor& who) {
  BookRecords r;
  auto products = crm.products().list(who);
  if (!products) return std::move(products).error();
  r.products = std::move(products).value();
  if (auto done = read_all(r.policies, storage::PolicyQuery{}, [&](const auto& q) { return crm.policies().list(who, q); }); !done)
    return std::move(done).error();
  if (!r.policies.empty()) {  // policies come in id order: one bulk read covers them all
    auto paid = crm.policies().payments_in_range(who, r.policies.front().id, r.policies.back().id);
    if (!paid) return std::move(paid).error();
    r.payments = std::move(paid).value();
  }
  if (auto done = read_all(r.claims, storage::ClaimQuery{}, [&](const auto& q) { return crm.claims().list(who, q); }); !done)
    return std::move(done).error();
  if (auto done = read_all(r.interactions, storage::InteractionQuery{}, [&](const auto& q) { return crm.interactions().list(who, q); }); !done)
    return std::move(done).error();
  if (auto done = read_all(r.complaints, storage::ComplaintQuery{}, [&](const auto& q) { return crm.complaints().list(who, q); }); !done)
    return std::move(done).error();
  return r;
}

// The records, loaded on the first call that needs them. Call without the GIL.
const BookRecords& records_of(const PortfolioHandle& h, const Crm& crm) {
  std::lock_guard lock(h.lazy->mutex);
  if (!h.lazy->loaded) {
    auto loaded = load_records(crm, h.actor);
    if (!loaded) raise(std::move(loaded).error());
    h.lazy->records = std::move(loaded).value();
    h.lazy->loaded = true;
  }
  return h.lazy->records;
}

template <class Record>
py::array_t<std::int64_t> customers_of(const std::vector<Record>& rows) {
  return numpy_of(rows, [](const Record& r) { return r.customer.value; });
}

// Drivers and factors cross as an object array of tuples, one per row.
template <class Record, class Item>
py::array tuples_of(const std::vector<Record>& rows, Item item) {
  py::array out = py::module_::import("numpy").attr("empty")(rows.size(), py::arg("dtype") = "object");
  for (std::size_t r = 0; r < rows.size(); ++r) out.attr("__setitem__")(r, item(rows[r]));
  return out;
}

py::tuple factor_names(const std::vector<RiskFactor>& factors) {
  py::tuple t(factors.size());
  for (std::size_t i = 0; i < factors.size(); ++i) t[i] = py::make_tuple(factors[i].name, factors[i].points);
  return t;
}

py::tuple driver_pairs(const std::vector<PropensityDriver>& drivers) {
  py::tuple t(drivers.size());
  for (std::size_t i = 0; i < drivers.size(); ++i) t[i] = py::make_tuple(drivers[i].feature, drivers[i].weight);
  return t;
}

Money cny_cost(py::handle h, const char* field) { return to_money(h, Currency::cny(), field); }

}  // namespace

void register_portfolio_analytics(py::class_<PortfolioHandle>& cls) {
  cls.def(
         "rfm",
         [](const PortfolioHandle& h, int lookback_months) {
           const auto portfolio = h.portfolio;
           auto crm = h.state->live();
           const auto scores = without_gil([&] {
             const auto& r = records_of(h, crm);
             return rfm_scores(*portfolio, r.policies, r.payments, RfmOptions{.lookback_months = lookback_months});
           });
           py::dict out;
           out["customer"] = customers_of(scores);
           out["days_since_last_payment"] = numpy_of(scores, [](const RfmScore& s) {
             return s.days_since_last_payment ? static_cast<double>(*s.days_since_last_payment) : std::numeric_limits<double>::quiet_NaN();
           });
           out["payments"] = numpy_of(scores, [](const RfmScore& s) { return s.payments; });
           out["premium"] = numpy_of(scores, [](const RfmScore& s) { return s.premium.minor; });
           out["recency"] = numpy_of(scores, [](const RfmScore& s) { return s.recency; });
           out["frequency"] = numpy_of(scores, [](const RfmScore& s) { return s.frequency; });
           out["monetary"] = numpy_of(scores, [](const RfmScore& s) { return s.monetary; });
           out["cell"] = numpy_of(scores, [](const RfmScore& s) { return s.cell(); });
           return out;
         },
         py::kw_only(), py::arg("lookback_months") = RfmOptions{}.lookback_months,
         "RFM quintile scores 1..5 per customer over premium payments (5 = best): arrays customer,\n"
         "days_since_last_payment (NaN: never paid), payments and premium (fen) in the look-back window,\n"
         "recency, frequency, monetary and the three-digit cell. Reads the book's policies and payments\n"
         "once per Portfolio.")
      .def(
          "loyalty",
          [](const PortfolioHandle& h, int full_tenure_years, int full_products) {
            const auto portfolio = h.portfolio;
            auto crm = h.state->live();
            const auto scores = without_gil([&] {
              return loyalty_scores(*portfolio, records_of(h, crm).policies,
                                    LoyaltyOptions{.full_tenure_years = full_tenure_years, .full_products = full_products});
            });
            py::dict out;
            out["customer"] = customers_of(scores);
            out["tenure"] = numpy_of(scores, [](const LoyaltyScore& s) { return s.tenure; });
            out["products"] = numpy_of(scores, [](const LoyaltyScore& s) { return s.products; });
            out["persistency"] = numpy_of(scores, [](const LoyaltyScore& s) { return s.persistency; });
            out["score"] = numpy_of(scores, [](const LoyaltyScore& s) { return s.score; });
            return out;
          },
          py::kw_only(), py::arg("full_tenure_years") = LoyaltyOptions{}.full_tenure_years,
          py::arg("full_products") = LoyaltyOptions{}.full_products,
          "Loyalty 0..1 per customer, the mean of tenure, products held and persistency parts.")
      .def(
          "profitability",
          [](const PortfolioHandle& h, py::object start, py::object end, py::object per_customer_year,
             py::object per_policy_year, py::object per_interaction, py::object per_complaint) {
            const auto portfolio = h.portfolio;
            const auto from = to_date(start, "start");
            const auto to = to_date(end, "end");
            const ServicingCostModel costs{.per_customer_year = cny_cost(per_customer_year, "per_customer_year"),
                                           .per_policy_year = cny_cost(per_policy_year, "per_policy_year"),
                                           .per_interaction = cny_cost(per_interaction, "per_interaction"),
                                           .per_complaint = cny_cost(per_complaint, "per_complaint")};
            auto crm = h.state->live();
            const auto profits = unwrap(without_gil([&] {
              const auto& r = records_of(h, crm);
              return profitability(*portfolio, r.policies, r.payments, r.claims, r.interactions, r.complaints, costs, from, to);
            }));
            py::dict out;
            out["customer"] = customers_of(profits);
            out["premium"] = numpy_of(profits, [](const CustomerProfit& p) { return p.premium.minor; });
            out["claims"] = numpy_of(profits, [](const CustomerProfit& p) { return p.claims.minor; });
            out["servicing"] = numpy_of(profits, [](const CustomerProfit& p) { return p.servicing.minor; });
            out["profit"] = numpy_of(profits, [](const CustomerProfit& p) { return p.profit.minor; });
            return out;
          },
          py::arg("start"), py::arg("end"), py::kw_only(), py::arg("per_customer_year") = 0, py::arg("per_policy_year") = 0,
          py::arg("per_interaction") = 0, py::arg("per_complaint") = 0,
          "Profit per customer over [start, end) = premium received − claims paid − servicing cost, all\n"
          "int64 fen. The costs (int fen or Decimal yuan, CNY) are the host's: yearly parts are prorated.")
      .def(
          "set_value_tiers",
          [](PortfolioHandle& h, py::object tiers) {
            const auto values = vector_from<int>(tiers, "value_tiers");
            // Copy on write: a thread still reading the old snapshot without the GIL is not disturbed.
            auto filled = std::make_shared<Portfolio>(*h.portfolio);
            unwrap(without_gil([&] { return fill_value_tier(*filled, values); }));
            h.portfolio = std::move(filled);
          },
          py::arg("tiers"),
          "Writes value tiers 1..5 (one per row, e.g. inscrm.value_tiers(profit)) into the fact value_tier,\n"
          "so that rules can read them. InvalidArgument 'value_tiers' (nothing written) otherwise.")
      .def(
          "value_loyalty",
          [](const PortfolioHandle& h, py::object tiers, int full_tenure_years, int full_products, int high_value_tier,
             double high_loyalty) {
            const auto portfolio = h.portfolio;
            const auto values = vector_from<int>(tiers, "value_tiers");
            auto crm = h.state->live();
            return unwrap(without_gil([&] {
              const auto loyalty = loyalty_scores(*portfolio, records_of(h, crm).policies,
                                                  LoyaltyOptions{.full_tenure_years = full_tenure_years, .full_products = full_products});
              return value_loyalty_matrix(*portfolio, values, loyalty,
                                          ValueLoyaltyThresholds{.high_value_tier = high_value_tier, .high_loyalty = high_loyalty});
            }));
          },
          py::arg("value_tiers"), py::kw_only(), py::arg("full_tenure_years") = LoyaltyOptions{}.full_tenure_years,
          py::arg("full_products") = LoyaltyOptions{}.full_products,
          py::arg("high_value_tier") = ValueLoyaltyThresholds{}.high_value_tier,
          py::arg("high_loyalty") = ValueLoyaltyThresholds{}.high_loyalty,
          "The value x loyalty matrix from value tiers (one per row) and the loyalty score: golden customers\n"
          "are high value (tier >= high_value_tier) and high loyalty (score >= high_loyalty).")
      .def(
          "churn_risk",
          [](const PortfolioHandle& h) {
            const auto portfolio = h.portfolio;
            const auto risks = without_gil([&] { return churn_risk(*portfolio); });
            py::dict out;
            out["customer"] = customers_of(risks);
            out["score"] = numpy_of(risks, [](const CustomerChurnRisk& r) { return r.score; });
            out["factors"] = tuples_of(risks, [](const CustomerChurnRisk& r) { return factor_names(r.factors); });
            return out;
          },
          "Churn risk 0..100 per customer, and the factors that applied as ((name, points), …), heaviest first.")
      .def(
          "lapse_risk",
          [](const PortfolioHandle& h) {
            const auto portfolio = h.portfolio;
            auto crm = h.state->live();
            const auto risks = without_gil([&] {
              const auto& r = records_of(h, crm);
              return lapse_risk(r.policies, r.payments, portfolio->as_of());
            });
            py::dict out;
            out["policy"] = numpy_of(risks, [](const PolicyLapseRisk& r) { return r.policy.value; });
            out["holder"] = numpy_of(risks, [](const PolicyLapseRisk& r) { return r.holder.value; });
            out["score"] = numpy_of(risks, [](const PolicyLapseRisk& r) { return r.score; });
            out["factors"] = tuples_of(risks, [](const PolicyLapseRisk& r) { return factor_names(r.factors); });
            return out;
          },
          "Lapse risk 0..100 per policy in force as of the snapshot's day, with its factors.")
      .def(
          "lifetime_values",
          [](const PortfolioHandle& h, double retention, double margin, double discount_rate, int horizon_years,
             py::object per_customer_retention) {
            const auto portfolio = h.portfolio;
            const ClvParameters parameters{.retention = retention, .margin = margin, .discount_rate = discount_rate,
                                           .horizon_years = horizon_years};
            std::vector<double> own;
            if (!is_missing(per_customer_retention)) own = vector_from<double>(per_customer_retention, "retention");
            const auto values = unwrap(without_gil([&]() -> Result<std::vector<CustomerLifetimeValue>> {
              if (auto ok = validate_clv_parameters(parameters); !ok) return ok.error();
              return lifetime_values(*portfolio, parameters, own);
            }));
            py::dict out;
            out["customer"] = customers_of(values);
            out["annual_margin"] = numpy_of(values, [](const CustomerLifetimeValue& v) { return v.annual_margin.minor; });
            out["retention"] = numpy_of(values, [](const CustomerLifetimeValue& v) { return v.retention; });
            out["value"] = numpy_of(values, [](const CustomerLifetimeValue& v) { return v.value.minor; });
            return out;
          },
          py::kw_only(), py::arg("retention") = ClvParameters{}.retention, py::arg("margin") = ClvParameters{}.margin,
          py::arg("discount_rate") = ClvParameters{}.discount_rate, py::arg("horizon_years") = ClvParameters{}.horizon_years,
          py::arg("per_customer_retention") = py::none(),
          "Customer lifetime value per customer (int64 fen) from the annualised premium in force:\n"
          "sum over t=1..H of margin·premium·r^(t−1)/(1+d)^t. per_customer_retention: one r per row.")
      .def(
          "next_best_products",
          [](const PortfolioHandle& h, py::object products, std::size_t max_drivers) {
            const auto portfolio = h.portfolio;
            std::vector<std::string> codes;
            const bool every_product = is_missing(products);
            if (!every_product) {
              std::size_t i = 0;
              for (auto item : py::reinterpret_borrow<py::iterable>(products)) {
                const auto field = "products[" + std::to_string(i++) + "]";
                codes.push_back(to_text(item, field.c_str()));
              }
            }
            const auto best = unwrap(without_gil([&]() -> Result<std::vector<NextBestProduct>> {
              if (every_product) codes = portfolio->column(fact::products_held).dictionary;
              std::vector<PropensityModel> models;
              for (const auto& code : codes) {
                auto model = PropensityModel::train(*portfolio, code);
                // A product every customer holds (or none does) has nothing to learn from: not offered.
                if (model) models.push_back(std::move(model).value());
                else if (!model.error().is_invalid_argument() || model.error().field() != "product") return model.error();
              }
              return next_best_products(*portfolio, models, max_drivers);
            }));
            py::dict out;
            out["customer"] = customers_of(best);
            out["product"] = tuples_of(best, [](const NextBestProduct& b) { return py::str(b.product); });
            out["probability"] = numpy_of(best, [](const NextBestProduct& b) { return b.probability; });
            out["drivers"] = tuples_of(best, [](const NextBestProduct& b) { return driver_pairs(b.drivers); });
            return out;
          },
          py::kw_only(), py::arg("products") = py::none(), py::arg("max_drivers") = 3,
          "For each customer the most likely product they do not hold yet (empty string when none is left),\n"
          "by naive-Bayes propensity models trained on the portfolio's own holdings, with its probability\n"
          "and the drivers ((feature, weight), …). products: the codes to model (default: every product held).")
      .def(
          "behaviour",
          [](const PortfolioHandle& h, py::object start, py::object end, py::object customers) {
            const auto portfolio = h.portfolio;
            const auto from = to_date(start, "start");
            const auto to = to_date(end, "end");
            std::vector<CustomerId> group;
            if (is_missing(customers)) {
              group.assign(portfolio->customers().begin(), portfolio->customers().end());
            } else {
              for (auto id : vector_from<std::int64_t>(customers, "customers")) group.push_back(CustomerId{id});
            }
            auto crm = h.state->live();
            return without_gil([&] {
              const auto& r = records_of(h, crm);
              return behaviour_stats(group, r.policies, r.payments, r.products, r.interactions, from, to);
            });
          },
          py::arg("start"), py::arg("end"), py::kw_only(), py::arg("customers") = py::none(),
          "Behaviour statistics (an inscrm.BehaviourStats) of a group of customers over [start, end):\n"
          "purchases and their lines, payments and their channels, contacts and their channels.\n"
          "customers: ids (e.g. a segment's members); default every customer of the portfolio.")
      .def(
          "agent_analytics",
          [](const PortfolioHandle& h, py::object start, py::object end) {
            const auto from = to_date(start, "start");
            const auto to = to_date(end, "end");
            auto crm = h.state->live();
            return without_gil([&] {
              const auto& r = records_of(h, crm);
              return agent_analytics(r.interactions, r.policies, from, to);
            });
          },
          py::arg("start"), py::arg("end"),
          "Visits per day, time per visit, visits per sale and cold-visit vs referral conversion over\n"
          "[start, end), per agent against the company (an inscrm.AgentAnalytics).");
}

}  // namespace inscrm::python
