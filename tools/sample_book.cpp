#include "sample_book.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace inscrm::sample {

namespace {

constexpr SampleSegment kSegments[] = {
    {"young_adults", SegmentKind::Demographic, "age between 25 and 39"},
    {"tier_one_cities", SegmentKind::Geographic, "region in ('310000', '110000')"},
    {"life_and_health", SegmentKind::Needs, "has_line('life') and has_line('health')"},
    {"at_risk", SegmentKind::Behavioural,
     "has_lapsed_policy or days_since_last_payment > 400 or open_complaints > 0 or nps <= 6"},
};

void add(DailyRunReport& total, const DailyRunReport& day) {
  total.complaints_escalated += day.complaints_escalated;
  total.service_requests_breached += day.service_requests_breached;
  total.took_effect += day.took_effect;
  total.entered_grace += day.entered_grace;
  total.lapsed += day.lapsed;
  total.matured += day.matured;
  total.expired += day.expired;
  total.renewed_terms_started += day.renewed_terms_started;
  total.stage_changes += day.stage_changes;
}

}  // namespace

std::span<const SampleSegment> sample_segments() { return kSegments; }

Result<BookRun> load_sample_book(const Crm& crm, const Actor& admin, const std::shared_ptr<ManualClock>& clock,
                                 const Options& options, const std::function<void(Date)>& progress) {
  if (options.customers == 0) return Error::invalid_argument("customers", "need at least one customer");
  clock->set(options.as_of);
  BookRun run;
  INSCRM_TRY(const auto org, create_organisation(crm, admin));
  auto generated = generate_customers(options, org);
  ServiceBook book;
  for (const auto& c : generated) book.agents.push_back(c.agent);
  INSCRM_TRY(auto customers, crm.customers().import(admin, std::move(generated)));
  if (!customers.errors.empty()) return customers.errors.front().error;
  run.customers = customers.imported;
  book.customers = customers.ids;

  // Payments paid by the load date come with the book; the later ones arrive day by day below.
  auto rows = generate_policies(options, customers.ids);
  struct Arrival {
    std::size_t row;
    PaymentInput payment;
  };
  std::vector<Arrival> arrivals;
  std::vector<CustomerId> holders;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto& paid = rows[i].payments;
    auto later = std::stable_partition(paid.begin(), paid.end(), [&](const auto& p) { return *p.paid <= options.as_of; });
    for (auto it = later; it != paid.end(); ++it) arrivals.push_back({i, *it});
    paid.erase(later, paid.end());
    run.payments += paid.size();
    holders.push_back(rows[i].application.holder);
    book.policies.push_back({{}, rows[i].application.holder, rows[i].application.product,
                             rows[i].application.sum_insured});
  }
  std::stable_sort(arrivals.begin(), arrivals.end(),
                   [](const Arrival& a, const Arrival& b) { return *a.payment.paid < *b.payment.paid; });
  INSCRM_TRY(const auto policies, crm.policies().import(admin, std::move(rows)));
  for (std::size_t i = 0; i < policies.size(); ++i) book.policies[i].id = policies[i];
  run.policies = policies.size();

  // domain.md C7: one point per 10 yuan of premium paid.
  EarningRule premium_points;
  premium_points.name = "premium_paid";
  premium_points.event = EarnEventType::PremiumPaid;
  premium_points.points_per_unit = 1;
  premium_points.unit_minor = 10'00;
  premium_points.valid_from = options.as_of;
  INSCRM_TRYV(crm.loyalty().add_rule(admin, premium_points));

  ServiceDesk desk(crm, admin, clock, std::move(book), options.seed ^ 0x5e41ce);
  auto next = arrivals.begin();
  for (auto day = options.as_of; day <= options.horizon; day = add_days(day, 1)) {
    clock->set(day);
    for (; next != arrivals.end() && *next->payment.paid <= day; ++next) {
      // A payment for a policy that lapsed in the meantime is refused, as the library should.
      auto paid = crm.policies().record_payment(admin, policies[next->row], next->payment);
      if (!paid) continue;
      ++run.payments;
      INSCRM_TRYV(crm.loyalty().earn(admin, {.customer = holders[next->row],
                                             .type = EarnEventType::PremiumPaid,
                                             .on = paid.value().paid_on,
                                             .amount = paid.value().amount,
                                             .policy = paid.value().policy,
                                             .source = fmt::format("payment:{}", paid.value().id.value)}));
    }
    INSCRM_TRYV(desk.work(day));
    INSCRM_TRY(const auto daily, crm.run_daily(admin, day));
    add(run.daily, daily);
    if (progress) progress(day);
  }
  run.service = desk.tally();

  for (const auto& s : kSegments) {
    INSCRM_TRYV(crm.segments().define(admin, {s.name, s.kind, "", s.rule}));
    INSCRM_TRYV(crm.segments().run(admin, s.name, options.horizon));
  }
  INSCRM_TRYV(crm.loyalty().evaluate_tiers(admin, options.horizon));
  return run;
}

}  // namespace inscrm::sample
