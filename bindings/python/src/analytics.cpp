// The analytics records (domain.md C8, C10, C11) and the pure computations that need no book:
// value tiers and quintiles of any measure, the Pareto curve of profits, a lifetime value, the
// value x loyalty matrix and the KPI records crm.kpis() returns.

#include "arrays.hpp"

#include <inscrm/analytics/agent_analytics.hpp>
#include <inscrm/analytics/behaviour.hpp>
#include <inscrm/analytics/clv.hpp>
#include <inscrm/analytics/kpis.hpp>
#include <inscrm/analytics/pareto.hpp>
#include <inscrm/analytics/quintile.hpp>
#include <inscrm/analytics/value_loyalty.hpp>
#include <inscrm/analytics/value_tier.hpp>

#include <cmath>
#include <map>

namespace inscrm::python {
namespace {

std::string repr_optional(const std::optional<double>& v) {
  return v ? py::repr(py::float_(*v)).cast<std::string>() : std::string{"None"};
}

std::string repr_rate(const KpiRate& r) {
  return "KpiRate(eligible=" + std::to_string(r.eligible) + ", achieved=" + std::to_string(r.achieved) +
         ", rate=" + repr_optional(r.rate) + ")";
}

// Money amounts in as int64 fen: floats are refused, as everywhere money enters the library.
std::vector<std::int64_t> fen_from(py::handle values, const char* field) {
  auto np = py::module_::import("numpy");
  py::array arr = np.attr("asarray")(values);
  const auto kind = arr.dtype().attr("kind").cast<std::string>();
  if (arr.size() > 0 && kind != "i" && kind != "u")
    raise_invalid(field, "amounts are integers in fen (minor units), not " + py::str(arr.dtype()).cast<std::string>());
  return vector_from<std::int64_t>(arr, field);
}

// {enum name: count} for the maps of BehaviourStats.
template <class E>
py::dict counts_by_name(const std::map<E, std::size_t>& counts) {
  py::dict out;
  for (const auto& [key, n] : counts) out[from_enum(key)] = n;
  return out;
}

}  // namespace

void register_analytics(py::module_& m) {
  m.def(
      "quintile_scores",
      [](py::object values) {
        const auto v = vector_from<double>(values, "values");
        for (double x : v)
          if (std::isnan(x)) raise_invalid("values", "a quintile of NaN means nothing");
        return numpy_array(without_gil([&] { return quintile_scores(v); }));
      },
      py::arg("values"),
      "Quintile scores 1..5 (5 = the highest fifth) of a measure; equal values share the score of the\n"
      "first position they hold in ascending order.");
  m.def(
      "value_tiers", [](py::object values) { return numpy_array(without_gil([v = fen_from(values, "values")] { return value_tiers(v); })); },
      py::arg("values"),
      "Value tiers 1..5 (quintiles, 5 = most valuable) of an int64 value per customer, e.g. profit in fen.");
  m.def(
      "lifetime_value",
      [](double annual_margin, double retention, double discount_rate, int horizon_years) {
        const ClvParameters p{.retention = retention, .discount_rate = discount_rate, .horizon_years = horizon_years};
        return unwrap(lifetime_value(annual_margin, p));
      },
      py::arg("annual_margin"), py::kw_only(), py::arg("retention") = ClvParameters{}.retention,
      py::arg("discount_rate") = ClvParameters{}.discount_rate, py::arg("horizon_years") = ClvParameters{}.horizon_years,
      "sum over t=1..H of annual_margin · retention^(t−1) / (1 + discount_rate)^t. InvalidArgument names\n"
      "the parameter out of range.");

  py::class_<ParetoCurve>(m, "ParetoCurve",
                          "Profit held by the top k of n customers ranked by profit, k = 0..n. customer_share and\n"
                          "profit_share are empty when the total profit is not positive.")
      .def_readonly("customers", &ParetoCurve::customers)
      .def_property_readonly("total_profit", [](const ParetoCurve& c) { return c.total_profit.minor; })
      .def_property_readonly("total_profit_yuan", [](const ParetoCurve& c) { return yuan(c.total_profit.minor); })
      .def_readonly("loss_makers", &ParetoCurve::loss_makers)
      .def_property_readonly("cumulative_profit",
                             [](const ParetoCurve& c) { return numpy_of(c.cumulative_profit, [](const Money& v) { return v.minor; }); })
      .def_property_readonly("customer_share",
                             [](const ParetoCurve& c) { return numpy_of(c.points, [](const ParetoPoint& p) { return p.customer_share; }); })
      .def_property_readonly("profit_share",
                             [](const ParetoCurve& c) { return numpy_of(c.points, [](const ParetoPoint& p) { return p.profit_share; }); })
      .def("share_of_top", &ParetoCurve::share_of_top, py::arg("customer_fraction"),
           "The share of the total profit held by the top fraction (0..1) of customers, rounded up to whole\n"
           "customers; None when the total profit is not positive or the fraction is outside 0..1.")
      .def("__repr__", [](const ParetoCurve& c) {
        return "ParetoCurve(customers=" + std::to_string(c.customers) + ", total_profit=" + std::to_string(c.total_profit.minor) +
               ", loss_makers=" + std::to_string(c.loss_makers) + ", top_20_percent=" + repr_optional(c.share_of_top(0.2)) + ")";
      });
  m.def(
      "pareto_curve",
      [](py::object profits) {
        const auto fen = fen_from(profits, "profits");
        return without_gil([&] {
          std::vector<CustomerProfit> rows(fen.size());
          for (std::size_t i = 0; i < fen.size(); ++i) rows[i].profit = Money::cny(fen[i]);
          return pareto_curve(rows);
        });
      },
      py::arg("profits"), "The Pareto curve of a profit per customer (int64 fen, e.g. Portfolio.profitability()['profit']).");

  py::class_<ValueLoyaltyMatrix>(m, "ValueLoyaltyMatrix",
                                 "Each customer's cell of the value x loyalty matrix; golden = high value and high loyalty.")
      .def_property_readonly("cells",
                             [](const ValueLoyaltyMatrix& v) {
                               py::list out(v.cells.size());
                               for (std::size_t i = 0; i < v.cells.size(); ++i) out[i] = from_enum(v.cells[i]);
                               return py::module_::import("numpy").attr("array")(out, py::arg("dtype") = "object");
                             })
      .def_property_readonly("counts",
                             [](const ValueLoyaltyMatrix& v) {
                               py::dict out;
                               for (auto c : enum_values<ValueLoyaltyCell>()) out[from_enum(c)] = v.count(c);
                               return out;
                             })
      .def_property_readonly("golden", [](const ValueLoyaltyMatrix& v) { return id_array(v.golden); })
      .def("count", [](const ValueLoyaltyMatrix& v, py::object cell) { return v.count(to_enum<ValueLoyaltyCell>(cell, "cell")); },
           py::arg("cell"))
      .def("__repr__", [](const ValueLoyaltyMatrix& v) {
        std::string out = "ValueLoyaltyMatrix(";
        for (auto c : enum_values<ValueLoyaltyCell>())
          out += std::string{to_string(c)} + "=" + std::to_string(v.count(c)) + (c == ValueLoyaltyCell::LowValueLowLoyalty ? "" : ", ");
        return out + ")";
      });

  py::class_<BehaviourStats>(m, "BehaviourStats",
                             "How a group of customers bought, paid and was in touch over a period.")
      .def_readonly("customers", &BehaviourStats::customers)
      .def_readonly("policies_bought", &BehaviourStats::policies_bought)
      .def_readonly("policies_bought_per_customer", &BehaviourStats::policies_bought_per_customer)
      .def_property_readonly("mean_annualised_premium",
                             [](const BehaviourStats& b) {
                               return b.mean_annualised_premium ? py::object(py::int_(b.mean_annualised_premium->minor))
                                                                : py::object(py::none());
                             })
      .def_property_readonly("policies_bought_by_line", [](const BehaviourStats& b) { return counts_by_name(b.policies_bought_by_line); })
      .def_readonly("payments", &BehaviourStats::payments)
      .def_readonly("on_time_payment_share", &BehaviourStats::on_time_payment_share)
      .def_property_readonly("payments_by_channel", [](const BehaviourStats& b) { return counts_by_name(b.payments_by_channel); })
      .def_readonly("interactions", &BehaviourStats::interactions)
      .def_readonly("interactions_per_customer", &BehaviourStats::interactions_per_customer)
      .def_property_readonly("interactions_by_channel",
                             [](const BehaviourStats& b) { return counts_by_name(b.interactions_by_channel); })
      .def("__repr__", [](const BehaviourStats& b) {
        return "BehaviourStats(customers=" + std::to_string(b.customers) + ", policies_bought=" +
               std::to_string(b.policies_bought) + ", payments=" + std::to_string(b.payments) +
               ", interactions=" + std::to_string(b.interactions) + ")";
      });

  py::class_<AgentActivity>(m, "AgentActivity", "One agent's field work over a period (agent None: the whole company).")
      .def_property_readonly("agent", [](const AgentActivity& a) { return from_optional_id(a.agent); })
      .def_readonly("visits", &AgentActivity::visits)
      .def_readonly("visit_days", &AgentActivity::visit_days)
      .def_readonly("visits_per_day", &AgentActivity::visits_per_day)
      .def_readonly("mean_minutes_per_visit", &AgentActivity::mean_minutes_per_visit)
      .def_readonly("sales", &AgentActivity::sales)
      .def_readonly("visits_per_sale", &AgentActivity::visits_per_sale)
      .def_readonly("cold_visits", &AgentActivity::cold_visits)
      .def_readonly("cold_sales", &AgentActivity::cold_sales)
      .def_readonly("cold_conversion", &AgentActivity::cold_conversion)
      .def_readonly("referral_visits", &AgentActivity::referral_visits)
      .def_readonly("referral_sales", &AgentActivity::referral_sales)
      .def_readonly("referral_conversion", &AgentActivity::referral_conversion)
      .def("__repr__", [](const AgentActivity& a) {
        return "AgentActivity(agent=" + (a.agent ? std::to_string(a.agent->value) : std::string{"None"}) +
               ", visits=" + std::to_string(a.visits) + ", sales=" + std::to_string(a.sales) + ")";
      });
  py::class_<AgentComparison>(m, "AgentComparison", "An agent's figures, each also as a ratio to the company's (1.2 = 20 % above).")
      .def_readonly("activity", &AgentComparison::activity)
      .def_readonly("visits_per_day_vs_company", &AgentComparison::visits_per_day_vs_company)
      .def_readonly("visits_per_sale_vs_company", &AgentComparison::visits_per_sale_vs_company)
      .def_readonly("cold_conversion_vs_company", &AgentComparison::cold_conversion_vs_company)
      .def_readonly("referral_conversion_vs_company", &AgentComparison::referral_conversion_vs_company)
      .def("__repr__", [](const AgentComparison& c) {
        return "AgentComparison(agent=" + (c.activity.agent ? std::to_string(c.activity.agent->value) : std::string{"None"}) +
               ", visits_per_day_vs_company=" + repr_optional(c.visits_per_day_vs_company) + ")";
      });
  py::class_<AgentAnalytics>(m, "AgentAnalytics", "The company's field work and every agent's against it.")
      .def_readonly("company", &AgentAnalytics::company)
      .def_readonly("agents", &AgentAnalytics::agents)
      .def("__repr__", [](const AgentAnalytics& a) {
        return "AgentAnalytics(company_visits=" + std::to_string(a.company.visits) + ", agents=" +
               std::to_string(a.agents.size()) + ")";
      });

  py::class_<KpiRate>(m, "KpiRate", "A share with what it is a share of: achieved of eligible; rate None when none was eligible.")
      .def_readonly("eligible", &KpiRate::eligible)
      .def_readonly("achieved", &KpiRate::achieved)
      .def_readonly("rate", &KpiRate::rate)
      .def("__repr__", &repr_rate);

  py::class_<KpiCampaignRoi>(m, "KpiCampaignRoi",
                            "Campaign ROI: the campaigns that ended in the period, their budgets (cost) against the "
                            "first-year premium of the policies their converted members applied for. Amounts in fen "
                            "(int) and yuan (Decimal), CNY.")
      .def_readonly("campaigns", &KpiCampaignRoi::campaigns)
      .def_readonly("conversions", &KpiCampaignRoi::conversions)
      .def_readonly("policies", &KpiCampaignRoi::policies)
      .def_property_readonly("cost", [](const KpiCampaignRoi& r) { return r.cost.minor; })
      .def_property_readonly("cost_yuan", [](const KpiCampaignRoi& r) { return yuan(r.cost.minor); })
      .def_property_readonly("premium", [](const KpiCampaignRoi& r) { return r.premium.minor; })
      .def_property_readonly("premium_yuan", [](const KpiCampaignRoi& r) { return yuan(r.premium.minor); })
      .def_readonly("roi", &KpiCampaignRoi::roi, "(premium - cost) / cost; None when nothing cost anything")
      .def("__repr__", [](const KpiCampaignRoi& r) {
        return "KpiCampaignRoi(campaigns=" + std::to_string(r.campaigns) + ", cost=" + std::to_string(r.cost.minor) +
               ", premium=" + std::to_string(r.premium.minor) + ", roi=" +
               (r.roi ? py::repr(py::float_(*r.roi)).cast<std::string>() : std::string{"None"}) + ")";
      });

  py::class_<Kpis>(m, "Kpis", "The KPIs of a period [start, end) (analytics/kpis.hpp has the definitions).")
      .def_property_readonly("start", [](const Kpis& k) { return from_date(k.from); })
      .def_property_readonly("end", [](const Kpis& k) { return from_date(k.to); })
      .def_readonly("renewal", &Kpis::renewal)
      .def_readonly("persistency_13th_month", &Kpis::persistency_13th_month)
      .def_readonly("persistency_25th_month", &Kpis::persistency_25th_month)
      .def_readonly("referral", &Kpis::referral)
      .def_readonly("nps", &Kpis::nps)
      .def_readonly("satisfaction_responses", &Kpis::satisfaction_responses)
      .def_readonly("satisfaction", &Kpis::satisfaction)
      .def_readonly("complaints", &Kpis::complaints)
      .def_readonly("policies_in_force", &Kpis::policies_in_force)
      .def_readonly("complaints_per_10000_policies", &Kpis::complaints_per_10000_policies)
      .def_property_readonly("mean_time_to_resolve",
                             [](const Kpis& k) {
                               return k.mean_time_to_resolve ? from_duration(*k.mean_time_to_resolve) : py::object(py::none());
                             })
      .def_readonly("sla_acknowledge_compliance", &Kpis::sla_acknowledge_compliance)
      .def_readonly("sla_resolve_compliance", &Kpis::sla_resolve_compliance)
      .def_readonly("churn", &Kpis::churn)
      .def_property_readonly("tier_distribution",
                             [](const Kpis& k) {
                               py::dict out;
                               for (const auto& [tier, n] : k.tier_distribution) out[py::str(tier)] = n;
                               return out;
                             })
      .def_readonly("campaign_roi", &Kpis::campaign_roi)
      .def("__repr__", [](const Kpis& k) {
        return "Kpis(start=" + to_string(k.from) + ", end=" + to_string(k.to) + ", renewal=" + repr_rate(k.renewal) +
               ", churn=" + repr_rate(k.churn) + ", complaints=" + std::to_string(k.complaints) + ", nps=" +
               py::repr(py::float_(k.nps.score)).cast<std::string>() + ")";
      });
}

}  // namespace inscrm::python
