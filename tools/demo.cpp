// The demo: a deterministic sample portfolio (10,000 customers and 20,000 policies with payment
// histories by default) loaded into the embedded SQLite default, the calendar run forward so that
// lifecycle rules fire while the service desk works (contacts, complaints, claims, servicing
// requests, surveys), and a readable summary of the book, its complaints and its NPS; then the
// book's segments, its golden customers (value x loyalty), the Pareto share of profit, a campaign's
// figures and the KPIs with its return.
//
// Usage: inscrm_demo [--uri URI] [--customers N] [--policies N] [--seed N]

#include "sample_portfolio.hpp"
#include "sample_service.hpp"

#include <inscrm/analytics/pareto.hpp>
#include <inscrm/analytics/profitability.hpp>
#include <inscrm/analytics/value_loyalty.hpp>
#include <inscrm/analytics/value_tier.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <map>
#include <string>
#include <string_view>

using namespace std::chrono_literals;
using inscrm::to_string;

namespace {

int fail(const inscrm::Error& e) {
  std::fprintf(stderr, "inscrm_demo: %s\n", e.to_string().c_str());
  return 1;
}

std::string yuan(const inscrm::Money& m) {
  // Thousands separators make premium totals readable at a glance.
  const auto whole = m.minor / 100;
  const std::string digits = fmt::format("{}", whole < 0 ? -whole : whole);
  std::string out = whole < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return fmt::format("{} {}", out, m.currency.view());
}

struct Stopwatch {
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); }
};

void print_summary(const inscrm::PortfolioSummary& s) {
  fmt::print("\nPortfolio summary\n");
  fmt::print("  customers {:>8}    policies {:>8}    payments {:>8}\n", s.customers, s.policies, s.payments);
  fmt::print("\n  Policies by status\n");
  for (auto status : inscrm::enum_values<inscrm::PolicyStatus>())
    if (s.count(status) > 0)
      fmt::print("    {:<14} {:>8}  {:>5.1f} %\n", to_string(status), s.count(status),
                 100.0 * static_cast<double>(s.count(status)) / static_cast<double>(std::max<std::int64_t>(1, s.policies)));
  fmt::print("\n  Premium collected\n");
  fmt::print("    first-year     {:>22}\n", yuan(s.first_year_premium));
  fmt::print("    renewal        {:>22}\n", yuan(s.renewal_premium));
  fmt::print("    annualised premium in force {:>9}\n", yuan(s.annualised_premium_in_force));
  fmt::print("\n  Customers by lifecycle stage\n");
  for (auto stage : inscrm::enum_values<inscrm::CustomerStage>())
    fmt::print("    {:<14} {:>8}  {:>5.1f} %\n", to_string(stage), s.count(stage),
               100.0 * static_cast<double>(s.count(stage)) / static_cast<double>(std::max<std::int64_t>(1, s.customers)));
}

double percent(int part, int whole) { return whole > 0 ? 100.0 * part / whole : 0.0; }

std::string share(const std::optional<double>& v) { return v ? fmt::format("{:.1f} %", 100.0 * *v) : std::string{"n/a"}; }

std::string duration(const std::optional<std::chrono::minutes>& m) {
  if (!m) return "n/a";
  const auto days = std::chrono::floor<std::chrono::days>(*m);
  const auto hours = std::chrono::floor<std::chrono::hours>(*m - days);
  const auto minutes = *m - days - hours;
  return days.count() > 0 ? fmt::format("{}d {:02}:{:02}", days.count(), hours.count(), minutes.count())
                          : fmt::format("{:02}:{:02}", hours.count(), minutes.count());
}

template <class Key>
void print_counts(const char* title, const std::map<Key, int>& counts, int total) {
  fmt::print("    {}\n", title);
  for (const auto& [key, n] : counts) fmt::print("      {:<26} {:>6}  {:>5.1f} %\n", to_string(key), n, percent(n, total));
}

void print_service(const inscrm::sample::ServiceTally& t, const inscrm::ComplaintStats& s, const inscrm::NpsSummary& nps,
                   const inscrm::SatisfactionReport& satisfaction, const inscrm::DailyRunReport& watchdog) {
  fmt::print("\nService and complaints\n");
  fmt::print("  interactions {:>6}    surveys answered {:>6}\n", t.interactions, t.surveys);
  fmt::print("  claims reported {:>5}    paid {:>5}    declined {:>5}    refused at report {:>4}\n", t.claims_reported,
             t.claims_paid, t.claims_declined, t.claims_refused);
  fmt::print("  service requests {:>4}    completed {:>5}    rejected {:>5}\n", t.requests_submitted, t.requests_completed,
             t.requests_rejected);
  fmt::print("  SLA watchdog: {} complaint escalations, {} service requests breached\n", watchdog.complaints_escalated,
             watchdog.service_requests_breached);
  fmt::print("\n  Complaints received {}: {} open, {} closed, {} escalated\n", s.received, s.open, s.closed, s.escalated);
  print_counts("by category", s.by_category, s.received);
  print_counts("by severity", s.by_severity, s.received);
  print_counts("by channel", s.by_channel, s.received);
  // Of the complaints with a root cause found: closed ones, and reopened ones that keep theirs.
  int with_cause = 0;
  for (const auto& [cause, n] : s.by_root_cause) with_cause += n;
  print_counts("by root cause", s.by_root_cause, with_cause);
  fmt::print("    SLA compliance      acknowledge {} ({}/{})    resolve {} ({}/{})\n", share(s.acknowledge_compliance),
             s.acknowledged_in_time, s.acknowledge_decided, share(s.resolve_compliance), s.resolved_in_time, s.resolve_decided);
  fmt::print("    time to resolve     wall mean {} median {}    SLA time mean {} median {}  ({} resolved)\n",
             duration(s.wall_time_to_resolve.mean), duration(s.wall_time_to_resolve.median),
             duration(s.sla_time_to_resolve.mean), duration(s.sla_time_to_resolve.median), s.wall_time_to_resolve.count);
  fmt::print("    reopen rate         {} ({} of {} answered)\n", share(s.reopen_rate), s.reopened, s.answered);
  fmt::print("    satisfaction at close {:.2f} / 5 ({} scores)\n", s.mean_satisfaction.value_or(0.0), s.satisfaction_responses);
  fmt::print("\n  NPS {:+.1f}  ({} answers: {} promoters, {} passives, {} detractors)\n", nps.score, nps.responses,
             nps.promoters, nps.passives, nps.detractors);
  fmt::print("  Mean satisfaction\n");
  for (const auto& k : satisfaction.by_kind)
    fmt::print("    {:<24} {:>5.2f}  ({} answers)\n", to_string(k.kind), k.mean, k.responses);
  for (const auto& d : satisfaction.by_dimension)
    if (!d.dimension.empty())
      fmt::print("      {:<22} {:>5.2f}  ({} answers)\n", d.dimension, d.mean, d.responses);
}

// Reads every page of a service's list call (list(query) until a page comes back short).
template <class T, class Query, class List>
inscrm::Result<void> read_all(std::vector<T>& out, Query query, List list) {
  for (;;) {
    auto page = list(query);
    if (!page) return std::move(page).error();
    const bool last = page.value().size() < query.limit;
    if (!page.value().empty()) query.after = page.value().back().id;
    std::move(page.value().begin(), page.value().end(), std::back_inserter(out));
    if (last) return inscrm::ok();
  }
}

// Segments defined on the standard facts and run through the segment service (stored as dated
// snapshots), one of each kind but value: the value tier is not a stored fact, it comes below.
inscrm::Result<void> print_segments(const inscrm::Crm& crm, const inscrm::Actor& admin, inscrm::Date day) {
  struct Definition {
    const char* name;
    inscrm::SegmentKind kind;
    const char* rule;
  };
  const Definition definitions[] = {
      {"young_adults", inscrm::SegmentKind::Demographic, "age between 25 and 39"},
      {"tier_one_cities", inscrm::SegmentKind::Geographic, "region in ('310000', '110000')"},
      {"life_and_health", inscrm::SegmentKind::Needs, "has_line('life') and has_line('health')"},
      {"at_risk", inscrm::SegmentKind::Behavioural,
       "has_lapsed_policy or days_since_last_payment > 400 or open_complaints > 0 or nps <= 6"},
  };
  fmt::print("\nSegments as of {}\n", to_string(day));
  for (const auto& d : definitions) {
    auto defined = crm.segments().define(admin, {d.name, d.kind, "", d.rule});
    // A database kept from an earlier run (--uri) already has them: run the stored definition.
    if (!defined && defined.error().code() != inscrm::Errc::AlreadyExists) return std::move(defined).error();
    auto run = crm.segments().run(admin, d.name, day);
    if (!run) return std::move(run).error();
    fmt::print("  {:<16} {:<12} {:>6}  {}\n", d.name, to_string(d.kind), run.value().member_count, d.rule);
  }
  return inscrm::ok();
}

// Profit of the twelve months to `day` → value tiers → the value x loyalty matrix and the Pareto
// curve, on the portfolio as of `day` and the records behind it.
inscrm::Result<void> print_value(const inscrm::Crm& crm, const inscrm::Actor& admin, inscrm::Date day) {
  auto portfolio = crm.portfolio(admin, day);
  if (!portfolio) return std::move(portfolio).error();
  std::vector<inscrm::Policy> policies;
  std::vector<inscrm::Payment> payments;
  std::vector<inscrm::Claim> claims;
  std::vector<inscrm::Interaction> interactions;
  std::vector<inscrm::Complaint> complaints;
  if (auto r = read_all(policies, inscrm::storage::PolicyQuery{}, [&](const auto& q) { return crm.policies().list(admin, q); }); !r)
    return r;
  if (!policies.empty()) {  // policies come in id order: one bulk read covers them all
    auto paid = crm.policies().payments_in_range(admin, policies.front().id, policies.back().id);
    if (!paid) return std::move(paid).error();
    payments = std::move(paid).value();
  }
  if (auto r = read_all(claims, inscrm::storage::ClaimQuery{}, [&](const auto& q) { return crm.claims().list(admin, q); }); !r)
    return r;
  if (auto r = read_all(interactions, inscrm::storage::InteractionQuery{},
                        [&](const auto& q) { return crm.interactions().list(admin, q); });
      !r)
    return r;
  if (auto r = read_all(complaints, inscrm::storage::ComplaintQuery{},
                        [&](const auto& q) { return crm.complaints().list(admin, q); });
      !r)
    return r;

  // The servicing cost a mid-sized insurer might book per customer, policy, contact and complaint.
  const inscrm::ServicingCostModel costs{.per_customer_year = inscrm::Money::cny(150'00),
                                         .per_policy_year = inscrm::Money::cny(120'00),
                                         .per_interaction = inscrm::Money::cny(30'00),
                                         .per_complaint = inscrm::Money::cny(500'00)};
  const auto after = inscrm::add_days(day, 1);
  auto profit = inscrm::profitability(portfolio.value(), policies, payments, claims, interactions, complaints, costs,
                                      inscrm::add_years(after, -1), after);
  if (!profit) return std::move(profit).error();
  std::vector<std::int64_t> value;
  for (const auto& p : profit.value()) value.push_back(p.profit.minor);
  const auto tiers = inscrm::value_tiers(value);
  const auto loyalty = inscrm::loyalty_scores(portfolio.value(), policies);
  auto matrix = inscrm::value_loyalty_matrix(portfolio.value(), tiers, loyalty);
  if (!matrix) return std::move(matrix).error();
  fmt::print("\nValue x loyalty (profit of the last twelve months; value tier >= 4, loyalty >= 2/3)\n");
  for (auto cell : inscrm::enum_values<inscrm::ValueLoyaltyCell>())
    fmt::print("  {:<24} {:>6}\n", to_string(cell), matrix.value().count(cell));
  fmt::print("  golden customers: {} of {}\n", matrix.value().golden.size(), portfolio.value().size());

  const auto curve = inscrm::pareto_curve(profit.value());
  fmt::print("\nPareto: the top 20 % of customers hold {} of the profit of {} ({} of {} customers lose money)\n",
             share(curve.share_of_top(0.2)), yuan(curve.total_profit), curve.loss_makers, curve.customers);
  return inscrm::ok();
}

std::string rate(const inscrm::KpiRate& r) {
  return r.rate ? fmt::format("{:5.1f} %", 100.0 * *r.rate) : std::string{"  n/a  "};
}

void print_kpi_row(std::string_view name, const inscrm::Kpis& k) {
  fmt::print("  {:<12} {:>8} {:>8} {:>8} {:>8} {:>8} {:>7} {:>8} {:>8}\n", name, rate(k.renewal),
             rate(k.persistency_13th_month), rate(k.persistency_25th_month), rate(k.referral), rate(k.churn),
             k.nps.responses > 0 ? fmt::format("{:+.1f}", k.nps.score) : "n/a",
             k.complaints_per_10000_policies ? fmt::format("{:.1f}", *k.complaints_per_10000_policies) : "n/a",
             share(k.sla_resolve_compliance));
}

// The KPIs of the twelve months to `day`, for the company and each branch.
inscrm::Result<void> print_kpis(const inscrm::Crm& crm, const inscrm::Actor& admin, inscrm::Date day,
                                const inscrm::sample::Organisation& org) {
  const auto after = inscrm::add_days(day, 1);
  const inscrm::KpiQuery year{.from = inscrm::add_years(after, -1), .to = after};
  fmt::print("\nKPIs {} to {}\n", to_string(year.from), to_string(day));
  fmt::print("  {:<12} {:>8} {:>8} {:>8} {:>8} {:>8} {:>7} {:>8} {:>8}\n", "", "renewal", "13th mo", "25th mo",
             "referral", "churn", "NPS", "cmpl/10k", "SLA res.");
  auto company = crm.kpis(admin, year);
  if (!company) return std::move(company).error();
  print_kpi_row("company", company.value());
  for (const auto& unit : org.units) {
    if (unit.kind != inscrm::OrgUnitKind::Branch) continue;
    auto query = year;
    query.org_unit = unit.id;
    auto k = crm.kpis(admin, query);
    if (!k) return std::move(k).error();
    print_kpi_row(unit.code, k.value());
  }
  fmt::print("  tiers:");
  for (const auto& [tier, count] : company.value().tier_distribution) fmt::print(" {} {}", tier, count);
  fmt::print("\n");
  const auto& roi = company.value().campaign_roi;
  fmt::print("  campaigns ended: {}, cost {}, first-year premium of the {} policies they brought {}, ROI {}\n",
             roi.campaigns, yuan(roi.cost), roi.policies, yuan(roi.premium), share(roi.roi));
  return inscrm::ok();
}

// domain.md C7: a cross-selling campaign over the month. One customer in four consented to
// marketing by SMS; the members are those the rule selects less the others. Each is contacted in
// the first week, one in eight responds two days later and one in twenty-four buys critical
// illness cover four days after the contact. Its return is in the KPIs (campaign ROI).
struct DemoCampaign {
  inscrm::CampaignId id;
  std::vector<inscrm::CampaignMember> members;
  inscrm::CampaignMembership membership;
};

inscrm::Result<DemoCampaign> start_campaign(const inscrm::Crm& crm, const inscrm::Actor& admin, inscrm::Date from,
                                            inscrm::Date to) {
  inscrm::storage::CustomerQuery q;
  q.limit = 1000;
  for (;;) {
    INSCRM_TRY(const auto page, crm.customers().list(admin, q));
    for (const auto& c : page)
      if (c.id.value % 4 == 0)
        INSCRM_TRYV(crm.consents().grant(admin, c.id, inscrm::ConsentPurpose::Marketing, inscrm::Channel::Sms, "demo form"));
    if (page.size() < q.limit) break;
    q.after = page.back().id;
  }
  inscrm::Campaign draft;
  draft.name = "Autumn critical illness";
  draft.objective = "cross-sell critical illness cover to holders in mid-life";
  draft.target_rule = "age between 30 and 55 and policies_in_force >= 1";
  draft.channel = inscrm::Channel::Sms;
  draft.starts_on = from;
  draft.ends_on = to;
  draft.budget = inscrm::Money::cny(30'000'00);  // messages, agents' time, the gift for a purchase
  INSCRM_TRY(const auto campaign, crm.campaigns().create(admin, draft));
  DemoCampaign out{.id = campaign.id};
  INSCRM_TRY(out.membership, crm.campaigns().add_members(admin, campaign.id, from));
  INSCRM_TRY(out.members, crm.campaigns().members(admin, campaign.id));
  return out;
}

// What the campaign's members do on `day` (`first` is the campaign's first day).
inscrm::Result<void> work_campaign(const inscrm::Crm& crm, const inscrm::Actor& admin, const DemoCampaign& campaign,
                                   inscrm::Date first, inscrm::Date day) {
  for (std::size_t i = 0; i < campaign.members.size(); ++i) {
    const auto who = campaign.members[i].customer;
    const auto contacted = inscrm::add_days(first, static_cast<int>(i % 5));
    if (day == contacted)
      INSCRM_TRYV(crm.campaigns().record_outcome(admin, campaign.id, who, inscrm::CampaignOutcome::Contacted, day));
    if (i % 8 == 1 && day == inscrm::add_days(contacted, 2))
      INSCRM_TRYV(crm.campaigns().record_outcome(admin, campaign.id, who, inscrm::CampaignOutcome::Responded, day));
    if (i % 24 == 1 && day == inscrm::add_days(contacted, 4)) {
      INSCRM_TRYV(crm.campaigns().record_outcome(admin, campaign.id, who, inscrm::CampaignOutcome::Converted, day));
      INSCRM_TRYV(crm.policies().issue(admin, {.product = "CI-20", .holder = who, .sum_insured = inscrm::Money::cny(300'000'00),
                                               .premium = inscrm::Money::cny(6'000'00)}));
    }
  }
  return inscrm::ok();
}

inscrm::Result<void> print_campaign(const inscrm::Crm& crm, const inscrm::Actor& admin, const DemoCampaign& campaign) {
  INSCRM_TRY(const auto e, crm.campaigns().evaluate(admin, campaign.id));
  fmt::print("\nCampaign \"Autumn critical illness\": the rule selected {}, {} without marketing consent by SMS; "
             "{} members\n  contacted {}, responded {} ({}), converted {} ({}), cost per conversion {}\n",
             campaign.membership.matched, campaign.membership.without_consent, e.members, e.contacted, e.responded,
             share(e.response_rate), e.converted, share(e.conversion_rate),
             e.cost_per_conversion ? yuan(*e.cost_per_conversion) : std::string{"n/a"});
  return inscrm::ok();
}

// domain.md C7: the loyalty programme after the month — tiers evaluated over the rolling window,
// the tier distribution, and the points outstanding, a liability, also as money at the programme's
// point value. The ledger check proves every balance against its entries.
inscrm::Result<void> print_loyalty(const inscrm::Crm& crm, const inscrm::Actor& admin, inscrm::Date day,
                                   std::int64_t earned, std::size_t earning_payments) {
  auto loyalty = crm.loyalty();
  INSCRM_TRY(const auto expired, loyalty.expire(admin, day));
  INSCRM_TRY(const auto tiers, loyalty.evaluate_tiers(admin, day));
  INSCRM_TRY(const auto distribution, loyalty.tier_distribution(admin));
  INSCRM_TRY(const auto check, loyalty.check_balances(admin));
  fmt::print("\nLoyalty as of {}\n", to_string(day));
  fmt::print("  points earned on {} payments this month: {}    expired today: {}\n", earning_payments, earned,
             expired.points_expired);
  fmt::print("  tier evaluation over {} customers: {} upgrades, {} downgrades, {} in downgrade grace\n", tiers.customers,
             tiers.upgrades, tiers.downgrades, tiers.grace_started);
  fmt::print("  Tier distribution\n");
  for (const auto& t : distribution.tiers)
    fmt::print("    {:<10} {:>8}  {:>5.1f} %\n", t.tier, t.customers, percent(static_cast<int>(t.customers),
                                                                          static_cast<int>(tiers.customers)));
  const auto& point = loyalty.settings().point_value;
  fmt::print("  points outstanding {} = {} at {}.{:02} {} per point (liability)\n", distribution.points_outstanding,
             yuan(distribution.outstanding_value), point.minor / 100, point.minor % 100, point.currency.view());
  fmt::print("  ledger check: {} customers, {} entries, {}\n", check.customers, check.entries,
             check.ok() ? "every balance equals the sum of its entries" : "MISMATCHES FOUND");
  if (!check.ok()) return inscrm::Error::internal(check.mismatches.front().problem);
  return inscrm::ok();
}


// domain.md C7, C12: the care calendar for the last day — consent first (two in three customers
// take care by SMS, one in two also by phone; care is opt-in), then the day's run, then today's
// tasks by kind. A second run shows the calendar produces each task once.
inscrm::Result<void> print_care(const inscrm::Crm& crm, const inscrm::Actor& admin, inscrm::Date day) {
  inscrm::storage::CustomerQuery q;
  q.limit = 1000;
  std::size_t consenting = 0;
  for (;;) {
    INSCRM_TRY(const auto page, crm.customers().list(admin, q));
    for (const auto& c : page) {
      if (c.id.value % 3 != 0) {
        INSCRM_TRYV(crm.consents().grant(admin, c.id, inscrm::ConsentPurpose::Care, inscrm::Channel::Sms, "demo form"));
        ++consenting;
      }
      if (c.id.value % 2 == 0)
        INSCRM_TRYV(
            crm.consents().grant(admin, c.id, inscrm::ConsentPurpose::Care, inscrm::Channel::CallCentre, "demo form"));
    }
    if (page.size() < q.limit) break;
    q.after = page.back().id;
  }
  INSCRM_TRY(const auto run, crm.care().run(admin, day));
  INSCRM_TRY(const auto again, crm.care().run(admin, day));
  fmt::print("\nCare calendar for {} ({} customers consent to care by SMS)\n", to_string(day), consenting);
  fmt::print("  produced {} tasks; {} occasions skipped for want of consent; a second run produced {}\n", run.produced,
             run.without_consent, again.produced);
  fmt::print("  Today's care tasks by kind\n");
  std::map<inscrm::CareKind, std::size_t> by_kind;
  std::map<std::string, std::size_t> by_channel;
  inscrm::storage::CareTaskQuery tq;
  tq.due = day;
  for (;;) {
    INSCRM_TRY(const auto page, crm.care().tasks(admin, tq));
    for (const auto& t : page) {
      ++by_kind[t.kind];
      ++by_channel[std::string{to_string(t.channel)}];
    }
    if (page.size() < tq.limit) break;
    tq.after = page.back().id;
  }
  for (int k = 0; k < inscrm::kCareKinds; ++k) {
    const auto kind = static_cast<inscrm::CareKind>(k);
    fmt::print("    {:<20} {:>6}\n", to_string(kind), by_kind[kind]);
  }
  for (const auto& [channel, n] : by_channel) fmt::print("    by {:<17} {:>6}\n", channel, n);
  return inscrm::ok();
}
}  // namespace

int main(int argc, char** argv) {
  inscrm::sample::Options options;
  std::string uri;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    if (arg == "--uri" && value) uri = argv[++i];
    else if (arg == "--customers" && value) options.customers = std::strtoull(argv[++i], nullptr, 10);
    else if (arg == "--policies" && value) options.policies = std::strtoull(argv[++i], nullptr, 10);
    else if (arg == "--seed" && value) options.seed = std::strtoull(argv[++i], nullptr, 10);
    else {
      std::fprintf(stderr, "usage: inscrm_demo [--uri URI] [--customers N] [--policies N] [--seed N]\n");
      return 2;
    }
  }
  if (uri.empty()) {
    const auto path = std::filesystem::temp_directory_path() / "inscrm-demo.db";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    uri = "sqlite:" + path.string();
  }
  if (options.customers == 0) return fail(inscrm::Error::invalid_argument("customers", "need at least one customer"));

  // The book is loaded as of the end of August; the clock then runs forward day by day.
  auto clock = std::make_shared<inscrm::ManualClock>(options.as_of);
  auto crm = inscrm::Crm::open(uri, {.clock = clock, .service = inscrm::sample::service_settings()});
  if (!crm) return fail(crm.error());
  const auto admin = inscrm::Actor{.user = "demo", .roles = {inscrm::Role::Administrator}};
  fmt::print("inscrm {} demo on {} (schema {})\n", inscrm::Crm::library_version(), uri, crm.value().schema_version());

  Stopwatch load;
  auto org = inscrm::sample::create_organisation(crm.value(), admin);
  if (!org) return fail(org.error());
  auto generated = inscrm::sample::generate_customers(options, org.value());
  inscrm::sample::ServiceBook book;
  for (const auto& c : generated) book.agents.push_back(c.agent);
  auto customers = crm.value().customers().import(admin, std::move(generated));
  if (!customers) return fail(customers.error());
  if (!customers.value().errors.empty()) return fail(customers.value().errors.front().error);
  book.customers = customers.value().ids;
  auto rows = inscrm::sample::generate_policies(options, customers.value().ids);
  // Payments that arrive after the load date are recorded day by day below, as a core system would.
  struct Arrival {
    std::size_t row;
    inscrm::PaymentInput payment;
  };
  std::vector<Arrival> arrivals;
  std::size_t payments = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto& paid = rows[i].payments;
    auto later = std::stable_partition(paid.begin(), paid.end(), [&](const auto& p) { return *p.paid <= options.as_of; });
    for (auto it = later; it != paid.end(); ++it) arrivals.push_back({i, *it});
    paid.erase(later, paid.end());
    payments += paid.size();
  }
  std::stable_sort(arrivals.begin(), arrivals.end(),
                   [](const Arrival& a, const Arrival& b) { return *a.payment.paid < *b.payment.paid; });
  std::vector<std::pair<inscrm::Date, bool>> short_terms;  // expiry, and whether the holder renews
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& app = rows[i].application;
    const bool short_term = app.product == "ACC-1" || app.product == "MED-1";
    short_terms.emplace_back(short_term ? inscrm::add_years(*app.effective_date, 1) : inscrm::Date{},
                             short_term && i % 7 != 0);  // six in seven holders renew
  }
  std::vector<inscrm::CustomerId> holders;  // by row: who earns the points on a payment
  for (const auto& row : rows) holders.push_back(row.application.holder);
  std::vector<inscrm::sample::BookPolicy> book_policies;
  for (const auto& row : rows)
    book_policies.push_back({{}, row.application.holder, row.application.product, row.application.sum_insured});
  auto policies = crm.value().policies().import(admin, std::move(rows));
  if (!policies) return fail(policies.error());
  for (std::size_t i = 0; i < book_policies.size(); ++i) book_policies[i].id = policies.value()[i];
  book.policies = std::move(book_policies);
  fmt::print("loaded {} customers, {} policies and {} payments in {:.2f} s\n", customers.value().imported,
             policies.value().size(), payments, load.seconds());

  // Run the calendar day by day to the horizon. Each day: the payments that arrive are recorded,
  // renewing holders renew a week before expiry, the service desk works its cases through office
  // hours, and the daily run fires what is due (the SLA watchdog among it).
  // domain.md C7: one point per 10 yuan of premium paid, kept 24 months; a payment earns once.
  inscrm::EarningRule premium_points;
  premium_points.name = "premium_paid";
  premium_points.event = inscrm::EarnEventType::PremiumPaid;
  premium_points.points_per_unit = 1;
  premium_points.unit_minor = 10'00;
  premium_points.valid_from = options.as_of;
  if (auto added = crm.value().loyalty().add_rule(admin, premium_points); !added) return fail(added.error());
  std::int64_t points_earned = 0;
  std::size_t earning_payments = 0;

  auto campaign = start_campaign(crm.value(), admin, options.as_of, options.horizon);
  if (!campaign) return fail(campaign.error());

  inscrm::sample::ServiceDesk desk(crm.value(), admin, clock, std::move(book), options.seed ^ 0x5e41ce);
  Stopwatch calendar;
  inscrm::DailyRunReport total;
  std::size_t recorded = 0, renewed = 0, refused = 0;
  auto next = arrivals.begin();
  for (auto day = options.as_of; day <= options.horizon; day = inscrm::add_days(day, 1)) {
    clock->set(day);
    for (; next != arrivals.end() && *next->payment.paid <= day; ++next) {
      // A payment for a policy that has lapsed in the meantime is refused, as the library should.
      auto paid = crm.value().policies().record_payment(admin, policies.value()[next->row], next->payment);
      paid ? ++recorded : ++refused;
      if (!paid) continue;
      auto earned = crm.value().loyalty().earn(
          admin, {.customer = holders[next->row], .type = inscrm::EarnEventType::PremiumPaid, .on = paid.value().paid_on,
                  .amount = paid.value().amount, .policy = paid.value().policy,
                  .source = fmt::format("payment:{}", paid.value().id.value)});
      if (!earned) return fail(earned.error());
      for (const auto& e : earned.value().entries) points_earned += e.points;
      ++earning_payments;
    }
    for (std::size_t i = 0; i < short_terms.size(); ++i) {
      if (!short_terms[i].second || short_terms[i].first != inscrm::add_days(day, 7)) continue;
      if (crm.value().policies().renew(admin, policies.value()[i], "annual renewal")) ++renewed;
    }
    if (auto worked = desk.work(day); !worked) return fail(worked.error());
    if (auto worked = work_campaign(crm.value(), admin, campaign.value(), options.as_of, day); !worked)
      return fail(worked.error());
    auto run = crm.value().run_daily(admin, day);
    if (!run) return fail(run.error());
    total.complaints_escalated += run.value().complaints_escalated;
    total.service_requests_breached += run.value().service_requests_breached;
    total.took_effect += run.value().took_effect;
    total.entered_grace += run.value().entered_grace;
    total.lapsed += run.value().lapsed;
    total.matured += run.value().matured;
    total.expired += run.value().expired;
    total.renewed_terms_started += run.value().renewed_terms_started;
    total.stage_changes += run.value().stage_changes;
  }
  fmt::print("ran the calendar from {} to {} in {:.2f} s:\n", to_string(options.as_of), to_string(options.horizon),
             calendar.seconds());
  fmt::print("  {} payments recorded ({} refused), {} renewals, {} renewed terms started\n", recorded, refused,
             renewed, total.renewed_terms_started);
  fmt::print("  {} entered grace, {} lapsed, {} expired, {} matured, {} customer stage changes\n",
             total.entered_grace, total.lapsed, total.expired, total.matured, total.stage_changes);

  auto summary = crm.value().summary(admin);
  if (!summary) return fail(summary.error());
  print_summary(summary.value());

  // The month's complaints (received from the load date to the horizon, as they stand now) and the
  // survey answers of the same month.
  const auto first = options.as_of;
  const auto after = inscrm::add_days(options.horizon, 1);
  auto stats = crm.value().complaints().statistics(admin, inscrm::start_of(first), inscrm::start_of(after));
  if (!stats) return fail(stats.error());
  auto nps = crm.value().surveys().nps(admin, first, after);
  if (!nps) return fail(nps.error());
  auto satisfaction = crm.value().surveys().satisfaction(admin, first, after);
  if (!satisfaction) return fail(satisfaction.error());
  print_service(desk.tally(), stats.value(), nps.value(), satisfaction.value(), total);
  if (auto r = print_campaign(crm.value(), admin, campaign.value()); !r) return fail(r.error());

  Stopwatch analytics;
  if (auto r = print_segments(crm.value(), admin, options.horizon); !r) return fail(r.error());
  if (auto r = print_value(crm.value(), admin, options.horizon); !r) return fail(r.error());
  if (auto r = print_kpis(crm.value(), admin, options.horizon, org.value()); !r) return fail(r.error());
  fmt::print("\nsegments, value and KPIs in {:.2f} s\n", analytics.seconds());
  Stopwatch loyalty;
  if (auto r = print_loyalty(crm.value(), admin, options.horizon, points_earned, earning_payments); !r)
    return fail(r.error());
  fmt::print("loyalty in {:.2f} s\n", loyalty.seconds());
  Stopwatch care;
  if (auto r = print_care(crm.value(), admin, options.horizon); !r) return fail(r.error());
  fmt::print("care calendar in {:.2f} s\n", care.seconds());
  return 0;
}
