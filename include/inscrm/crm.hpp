#pragma once
// The facade: Crm::open(uri, options) and its services. A service call is one transaction
// (load → pure domain rule → save with version check + history + outbox), so it all happens or
// none of it does. A Crm is cheap to copy (it shares one engine) and safe to use from many threads.

#include <inscrm/analytics/kpis.hpp>
#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/core/clock.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/crm/campaigns.hpp>
#include <inscrm/crm/care.hpp>
#include <inscrm/crm/claims.hpp>
#include <inscrm/crm/complaints.hpp>
#include <inscrm/crm/consents.hpp>
#include <inscrm/crm/customers.hpp>
#include <inscrm/crm/daily_run.hpp>
#include <inscrm/crm/duplicates.hpp>
#include <inscrm/crm/events.hpp>
#include <inscrm/crm/exports.hpp>
#include <inscrm/crm/imports.hpp>
#include <inscrm/crm/interactions.hpp>
#include <inscrm/crm/loyalty.hpp>
#include <inscrm/crm/organisation.hpp>
#include <inscrm/crm/policies.hpp>
#include <inscrm/crm/portfolio_summary.hpp>
#include <inscrm/crm/products.hpp>
#include <inscrm/crm/segments.hpp>
#include <inscrm/crm/service_requests.hpp>
#include <inscrm/crm/service_settings.hpp>
#include <inscrm/crm/surveys.hpp>
#include <inscrm/domain/customer_stage.hpp>
#include <inscrm/security/actor.hpp>
#include <inscrm/security/audit.hpp>
#include <inscrm/security/key_provider.hpp>
#include <inscrm/storage/store.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace inscrm {

struct OpenOptions {
  std::shared_ptr<Clock> clock;  // default: the system clock
  StageThresholds stage_thresholds{};
  // Service and complaints: business calendar, SLA policies, assignment rules (checked by
  // validate_service_settings at open: InvalidArgument "service.…").
  ServiceSettings service{};
  // Loyalty programme (domain.md C7): tiers and the value of a point (validate_loyalty_settings at
  // open: InvalidArgument "loyalty.…").
  LoyaltySettings loyalty{};
  // Care calendar (domain.md C7): holidays, lead days, which kinds are on and their channels
  // (validate_care_settings at open: InvalidArgument "care.…").
  CareSettings care{};
  // Personal data (domain.md C12): the master key's source — the host's KeyProvider, a key file,
  // or the default for the store (storage/store.hpp KeyOptions). Ignored by open(store, …): an
  // adapter the host brings has its keys already.
  storage::KeyOptions keys{};
};

namespace detail {
struct Engine;
}

class Crm {
 public:
  // "memory:", "sqlite:path/file.db" or "postgresql://user@host:port/db". Unknown schemes and
  // unreachable databases are errors, never exceptions.
  static Result<Crm> open(std::string_view uri, OpenOptions options = {});
  // For hosts that bring their own storage adapter (and for tests that wrap one).
  static Result<Crm> open(std::unique_ptr<storage::Store> store, OpenOptions options = {});

  CustomerService customers() const noexcept;
  ProductService products() const noexcept;
  OrganisationService organisation() const noexcept;
  PolicyService policies() const noexcept;
  EventService events() const noexcept;
  // Service and complaints (domain.md C4–C6).
  InteractionService interactions() const noexcept;
  ComplaintService complaints() const noexcept;
  ClaimService claims() const noexcept;
  ServiceRequestService service_requests() const noexcept;
  SurveyService surveys() const noexcept;
  // Segmentation (domain.md C8): segment definitions, dated membership snapshots, movement.
  SegmentService segments() const noexcept;
  // Loyalty programme (domain.md C7): points ledger, earning rules, tiers.
  LoyaltyService loyalty() const noexcept;
  // Consent per purpose and channel (domain.md C12), the care calendar and campaigns (C7).
  ConsentService consents() const noexcept;
  CareService care() const noexcept;
  CampaignService campaigns() const noexcept;
  // Data quality (domain.md C13): bulk import of CSV / JSON files with a per-row report, and
  // export of customers (masked for roles without the right to personal data).
  ImportService imports() const noexcept;
  ExportService exports() const noexcept;
  // Duplicate detection (domain.md C13): candidate pairs with the reasons they matched.
  DuplicateService duplicates() const noexcept;

  // The service settings in force, and their replacement while the Crm is in use (validated
  // whole; recorded as a settings.changed event). Safe to call from any thread.
  ServiceSettings service_settings() const;
  Result<void> set_service_settings(const Actor& actor, ServiceSettings settings) const;

  // Fires every calendar rule due on `day` (policies taking effect, premiums missed, grace
  // expired, maturity, expiry) and refreshes customer stages. Catching up over a long gap applies
  // each rule once, at the date it was due. Idempotent: a second run for the same day changes nothing.
  // Also the SLA watchdog, at the clock's now (an SLA deadline is an instant, not a day): open
  // complaints past a deadline are escalated and open service requests past one are marked
  // breached — each missed deadline once, since the breach is recorded on the case.
  Result<DailyRunReport> run_daily(const Actor& actor, Date day) const;
  Result<DailyRunReport> run_daily(const Actor& actor) const;  // today, by the injected clock

  Result<PortfolioSummary> summary(const Actor& actor) const;

  // The columnar snapshot of the whole book as of a day (analytics/portfolio.hpp): the standard
  // facts from customers, policies, payments and products, plus open_complaints, nps and
  // last_contact from the service records (analytics/service_facts.hpp). One read transaction;
  // bulk paged reads. InvalidArgument "as_of" for a day that is not a calendar date.
  Result<Portfolio> portfolio(const Actor& actor, Date as_of) const;

  // domain.md C11: the KPIs of a period (analytics/kpis.hpp for the definitions and the scope), as
  // of the clock's now, read from the store in one read transaction. InvalidArgument "to" for a
  // period ending before it starts; NotFound "org_unit" / "agent" for an unknown unit or agent.
  Result<Kpis> kpis(const Actor& actor, const KpiQuery& query) const;

  // domain.md C12: walks the audit chain (security/audit.hpp) from its first record in one read
  // transaction and reports the first broken link — an altered record, or a missing one — or ok.
  // Needs the right to read the audit log (auditor, administrator): else PermissionDenied.
  Result<AuditVerification> verify_audit(const Actor& actor) const;

  // Key rotation (domain.md C12): re-wraps every customer's data key and the blind-index key under
  // the master key `next` gives, in one transaction, without rewriting any personal data; from then
  // on only the new key opens the database (the old one is PermissionDenied "master_key" at open).
  // Other processes using the database must re-open with the new key. Administrator only (the
  // Settings update right). Returns the number of data keys re-wrapped; emits keys.rotated.
  Result<std::int64_t> rotate_master_key(const Actor& actor, KeyProvider& next) const;

  const Clock& clock() const noexcept;
  std::string_view storage_kind() const noexcept;
  int schema_version() const noexcept;
  static std::string_view library_version() noexcept;

 private:
  explicit Crm(std::shared_ptr<detail::Engine> engine) noexcept : engine_(std::move(engine)) {}
  std::shared_ptr<detail::Engine> engine_;
};

}  // namespace inscrm
