#include <inscrm/crm.hpp>

#include <inscrm/version.hpp>

#include "crm/engine.hpp"
#include "crm/policy_steps.hpp"
#include "crm/service_steps.hpp"
#include "crm/stages.hpp"

#include <fmt/format.h>

#include <unordered_map>

namespace inscrm {

using detail::Engine;

Result<Crm> Crm::open(std::string_view uri, OpenOptions options) {
  INSCRM_TRY(auto store, storage::open_store(uri, options.keys));
  return open(std::move(store), std::move(options));
}

Result<Crm> Crm::open(std::unique_ptr<storage::Store> store, OpenOptions options) {
  if (!store) return Error::invalid_argument("store", "no storage adapter given");
  if (auto v = validate_service_settings(options.service); !v) return std::move(v.error().within("service"));
  if (auto v = validate_loyalty_settings(options.loyalty); !v) return std::move(v.error().within("loyalty"));
  if (auto v = validate_care_settings(options.care); !v) return std::move(v.error().within("care"));
  auto engine = std::make_shared<Engine>();
  engine->store = std::move(store);
  engine->clock = options.clock ? std::move(options.clock) : system_clock();
  engine->stage_thresholds = options.stage_thresholds;
  engine->loyalty = std::move(options.loyalty);
  engine->care = std::move(options.care);
  engine->change_service_settings([&](ServiceSettings& s) { s = std::move(options.service); });
  return Crm{std::move(engine)};
}

CustomerService Crm::customers() const noexcept { return CustomerService{engine_}; }
ProductService Crm::products() const noexcept { return ProductService{engine_}; }
OrganisationService Crm::organisation() const noexcept { return OrganisationService{engine_}; }
PolicyService Crm::policies() const noexcept { return PolicyService{engine_}; }
EventService Crm::events() const noexcept { return EventService{engine_}; }
InteractionService Crm::interactions() const noexcept { return InteractionService{engine_}; }
ComplaintService Crm::complaints() const noexcept { return ComplaintService{engine_}; }
ClaimService Crm::claims() const noexcept { return ClaimService{engine_}; }
ServiceRequestService Crm::service_requests() const noexcept { return ServiceRequestService{engine_}; }
SurveyService Crm::surveys() const noexcept { return SurveyService{engine_}; }
SegmentService Crm::segments() const noexcept { return SegmentService{engine_}; }
LoyaltyService Crm::loyalty() const noexcept { return LoyaltyService{engine_}; }
ConsentService Crm::consents() const noexcept { return ConsentService{engine_}; }
CareService Crm::care() const noexcept { return CareService{engine_}; }
CampaignService Crm::campaigns() const noexcept { return CampaignService{engine_}; }
ImportService Crm::imports() const noexcept { return ImportService{engine_}; }
ExportService Crm::exports() const noexcept { return ExportService{engine_}; }
DuplicateService Crm::duplicates() const noexcept { return DuplicateService{engine_}; }

ServiceSettings Crm::service_settings() const { return *engine_->service_settings(); }

Result<void> Crm::set_service_settings(const Actor& actor, ServiceSettings settings) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Settings, Action::Update));
  INSCRM_TRYV(validate_service_settings(settings));
  return detail::change_settings(*engine_, actor, "all", [&](ServiceSettings& s) { s = std::move(settings); });
}

Result<std::int64_t> Crm::rotate_master_key(const Actor& actor, KeyProvider& next) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Settings, Action::Update));
  INSCRM_TRY(const MasterKey key, next.master_key());
  return engine_->write([&](storage::Transaction& tx) -> Result<std::int64_t> {
    INSCRM_TRY(const std::int64_t n, tx.rotate_master_key(key));
    INSCRM_TRYV(engine_->emit(tx, actor, "keys.rotated", "database", 0, fmt::format(R"({{"data_keys":{}}})", n)));
    return n;
  });
}

const Clock& Crm::clock() const noexcept { return *engine_->clock; }
std::string_view Crm::storage_kind() const noexcept { return engine_->store->kind(); }
int Crm::schema_version() const noexcept { return engine_->store->schema_version(); }
std::string_view Crm::library_version() noexcept { return INSCRM_VERSION_STRING; }

namespace {

// Policies the calendar can still act on.
const std::vector<PolicyStatus> kLivePolicyStatuses{PolicyStatus::Issued, PolicyStatus::InForce,
                                                    PolicyStatus::GracePeriod, PolicyStatus::Reinstated,
                                                    PolicyStatus::Renewed};

void count(DailyRunReport& report, PolicyEvent event) {
  switch (event) {
    case PolicyEvent::TakeEffect: ++report.took_effect; break;
    case PolicyEvent::MissPremium: ++report.entered_grace; break;
    case PolicyEvent::Lapse: ++report.lapsed; break;
    case PolicyEvent::Mature: ++report.matured; break;
    case PolicyEvent::Expire: ++report.expired; break;
    default: break;
  }
}

constexpr std::size_t kPage = 1000;

}  // namespace

Result<DailyRunReport> Crm::run_daily(const Actor& actor) const { return run_daily(actor, engine_->clock->today()); }

Result<DailyRunReport> Crm::run_daily(const Actor& actor, Date day) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::DailyRun, Action::Update));
  auto& engine = *engine_;
  return engine.write([&](storage::Transaction& tx) -> Result<DailyRunReport> {
    DailyRunReport report;
    report.day = day;
    std::unordered_map<std::int64_t, Product> products;
    INSCRM_TRY(auto all_products, tx.products());
    for (auto& p : all_products) products.emplace(p.id.value, std::move(p));

    // 1. Policies: page through the live ones, with their payments read a page at a time.
    storage::PolicyQuery live;
    live.statuses = kLivePolicyStatuses;
    live.limit = kPage;
    std::vector<Policy> changed;
    for (;;) {
      INSCRM_TRY(auto page, tx.policies(live));
      if (page.empty()) break;
      INSCRM_TRY(auto payments, tx.payments_in_range(page.front().id, page.back().id));
      std::size_t pay_at = 0;
      for (auto& policy : page) {
        while (pay_at < payments.size() && payments[pay_at].policy < policy.id) ++pay_at;
        std::size_t pay_end = pay_at;
        while (pay_end < payments.size() && payments[pay_end].policy == policy.id) ++pay_end;
        const std::span<const Payment> own{payments.data() + pay_at, pay_end - pay_at};
        const Product& product = products.at(policy.product.value);
        ++report.policies_checked;
        bool moved = false;
        // Catching up over a long gap may need several steps (missed → grace → lapse); each
        // takes effect on the date it was due, never twice: the table refuses a repeat.
        for (int steps = 0; steps < 8; ++steps) {
          auto ctx = detail::context_for(engine, actor, day, "scheduled", policy, own);
          auto due = due_event(policy, product, ctx);
          if (!due) break;
          if (policy.status == PolicyStatus::Renewed && due->event == PolicyEvent::TakeEffect)
            ++report.renewed_terms_started;
          else
            count(report, due->event);
          ctx.on = due->effective_on;
          INSCRM_TRYV(detail::step(engine, tx, actor, policy, product, due->event, ctx));
          moved = true;
        }
        if (moved) {
          policy.updated_at = engine.clock->now();
          changed.push_back(policy);
        }
      }
      if (page.size() < kPage) break;
      live.after = page.back().id;
    }
    for (auto& policy : changed) {
      INSCRM_TRYV(tx.update_policy(policy));
    }

    // 2. Customer stages: time alone moves them (New → Active), so every customer is looked at.
    std::unordered_map<std::int64_t, CustomerFacts> facts;
    storage::PolicyQuery all;
    all.limit = kPage;
    for (;;) {
      INSCRM_TRY(auto page, tx.policies(all));
      for (const auto& p : page) detail::add_policy_facts(facts[p.holder.value], p);
      if (page.size() < kPage) break;
      all.after = page.back().id;
    }
    storage::CustomerQuery customers;
    customers.limit = kPage;
    for (;;) {
      INSCRM_TRY(auto page, tx.customers(customers));
      for (auto& c : page) {
        auto it = facts.find(c.id.value);
        INSCRM_TRY(bool moved, detail::apply_stage(engine, tx, actor, c, it == facts.end() ? CustomerFacts{} : it->second, day));
        report.stage_changes += moved ? 1 : 0;
      }
      if (page.size() < kPage) break;
      customers.after = page.back().id;
    }

    // 3. The SLA watchdog: deadlines are instants, so it looks at the clock's now.
    INSCRM_TRY(auto watchdog, detail::run_sla_watchdog(engine, tx, actor, engine.clock->now()));
    report.complaints_escalated = watchdog.complaints_escalated;
    report.service_requests_breached = watchdog.service_requests_breached;
    return report;
  });
}

Result<PortfolioSummary> Crm::summary(const Actor& actor) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Analytics, Action::Read));
  return engine_->read([&](storage::Transaction& tx) -> Result<PortfolioSummary> {
    PortfolioSummary s;
    storage::CustomerQuery cq;
    cq.limit = kPage;
    for (;;) {
      INSCRM_TRY(auto page, tx.customers(cq));
      for (const auto& c : page) {
        ++s.customers;
        ++s.customers_by_stage[static_cast<std::size_t>(c.stage)];
      }
      if (page.size() < kPage) break;
      cq.after = page.back().id;
    }
    storage::PolicyQuery pq;
    pq.limit = kPage;
    for (;;) {
      INSCRM_TRY(auto page, tx.policies(pq));
      if (page.empty()) break;
      for (const auto& p : page) {
        ++s.policies;
        ++s.policies_by_status[static_cast<std::size_t>(p.status)];
        const int months = months_between_instalments(p.frequency);
        if (in_force(p.status) && months > 0 && p.premium.currency == Currency::cny())
          s.annualised_premium_in_force += p.premium * (12 / months);
      }
      INSCRM_TRY(auto payments, tx.payments_in_range(page.front().id, page.back().id));
      for (const auto& pay : payments) {
        if (pay.amount.currency != Currency::cny()) continue;  // the summary reports CNY books
        ++s.payments;
        (pay.kind() == PremiumKind::FirstYear ? s.first_year_premium : s.renewal_premium) += pay.amount;
      }
      if (page.size() < kPage) break;
      pq.after = page.back().id;
    }
    return s;
  });
}

}  // namespace inscrm
