// Database module: open and close, the clock, the daily run and the portfolio summary.

#include "customer_output.hpp"
#include "guard.hpp"
#include "handle.hpp"
#include "input.hpp"
#include "output.hpp"
#include "service_settings.hpp"

#include <inscrm/crm.hpp>

#include <memory>

using namespace inscrm;

namespace {

// Both enums index the summary's arrays, so their C and C++ numbering must agree.
static_assert(INSCRM_POLICY_STATUS_QUOTED == static_cast<int>(PolicyStatus::Quoted));
static_assert(INSCRM_POLICY_STATUS_APPLIED == static_cast<int>(PolicyStatus::Applied));
static_assert(INSCRM_POLICY_STATUS_UNDERWRITING == static_cast<int>(PolicyStatus::Underwriting));
static_assert(INSCRM_POLICY_STATUS_DECLINED == static_cast<int>(PolicyStatus::Declined));
static_assert(INSCRM_POLICY_STATUS_ISSUED == static_cast<int>(PolicyStatus::Issued));
static_assert(INSCRM_POLICY_STATUS_IN_FORCE == static_cast<int>(PolicyStatus::InForce));
static_assert(INSCRM_POLICY_STATUS_GRACE_PERIOD == static_cast<int>(PolicyStatus::GracePeriod));
static_assert(INSCRM_POLICY_STATUS_LAPSED == static_cast<int>(PolicyStatus::Lapsed));
static_assert(INSCRM_POLICY_STATUS_REINSTATED == static_cast<int>(PolicyStatus::Reinstated));
static_assert(INSCRM_POLICY_STATUS_CANCELLED == static_cast<int>(PolicyStatus::Cancelled));
static_assert(INSCRM_POLICY_STATUS_SURRENDERED == static_cast<int>(PolicyStatus::Surrendered));
static_assert(INSCRM_POLICY_STATUS_MATURED == static_cast<int>(PolicyStatus::Matured));
static_assert(INSCRM_POLICY_STATUS_EXPIRED == static_cast<int>(PolicyStatus::Expired));
static_assert(INSCRM_POLICY_STATUS_TERMINATED == static_cast<int>(PolicyStatus::Terminated));
static_assert(INSCRM_POLICY_STATUS_RENEWED == static_cast<int>(PolicyStatus::Renewed));
static_assert(enum_count<PolicyStatus>() == 15, "a new PolicyStatus needs its INSCRM_POLICY_STATUS_ value");

static_assert(INSCRM_CUSTOMER_STAGE_PROSPECT == static_cast<int>(CustomerStage::Prospect));
static_assert(INSCRM_CUSTOMER_STAGE_NEW == static_cast<int>(CustomerStage::New));
static_assert(INSCRM_CUSTOMER_STAGE_ACTIVE == static_cast<int>(CustomerStage::Active));
static_assert(INSCRM_CUSTOMER_STAGE_AT_RISK == static_cast<int>(CustomerStage::AtRisk));
static_assert(INSCRM_CUSTOMER_STAGE_LAPSED == static_cast<int>(CustomerStage::Lapsed));
static_assert(INSCRM_CUSTOMER_STAGE_WON_BACK == static_cast<int>(CustomerStage::WonBack));
static_assert(enum_count<CustomerStage>() == 6, "a new CustomerStage needs its INSCRM_CUSTOMER_STAGE_ value");

// The INIT macro's thresholds are the library's defaults, written out because a C macro cannot
// ask C++; this keeps the two from drifting apart.
constexpr inscrm_open_options kDefaultOptions = INSCRM_OPEN_OPTIONS_INIT;
constexpr StageThresholds kDefaultThresholds{};
static_assert(kDefaultOptions.stage_new_months == kDefaultThresholds.new_months);
static_assert(kDefaultOptions.stage_won_back_months == kDefaultThresholds.won_back_months);
static_assert(kDefaultOptions.stage_no_contact_months == kDefaultThresholds.no_contact_months);
static_assert(kDefaultOptions.stage_lapse_risk_at_risk == kDefaultThresholds.lapse_risk_at_risk);

Result<std::shared_ptr<ManualClock>> manual_clock(const inscrm_open_options& o) {
  if (o.clock == INSCRM_CLOCK_SYSTEM) return std::shared_ptr<ManualClock>{};
  if (o.clock != INSCRM_CLOCK_MANUAL)
    return Error::invalid_argument("opts.clock", "clock must be INSCRM_CLOCK_SYSTEM or INSCRM_CLOCK_MANUAL");
  if (o.today != nullptr) {
    INSCRM_TRY(auto day, capi::date(o.today, "opts.today"));
    return std::make_shared<ManualClock>(day);
  }
  return std::make_shared<ManualClock>(from_epoch_micros(o.now_unix_micros));
}

Result<void> require_manual(inscrm_db* db) {
  if (!capi::from_handle(db).manual_clock)
    return Error::invalid_argument("db", "the database was opened with the system clock; only a manual clock "
                                         "(INSCRM_CLOCK_MANUAL) can be set");
  return ok();
}

}  // namespace

inscrm_status inscrm_actor_init(inscrm_actor* actor, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(actor, version, "actor"); });
}

inscrm_status inscrm_open_options_init(inscrm_open_options* opts, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(opts, version, "opts"); });
}

inscrm_status inscrm_open(const char* uri, const inscrm_open_options* opts, inscrm_db** out_db) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out_db);
    INSCRM_TRYV(capi::require(uri, "uri"));
    INSCRM_TRYV(capi::require(out_db, "out_db"));
    inscrm_open_options o = kDefaultOptions;  // NULL options: the defaults
    if (opts) {
      INSCRM_TRY(o, capi::read_struct(opts, "opts"));
    }
    INSCRM_TRY(auto clock, manual_clock(o));
    OpenOptions options;
    options.clock = clock;  // null = the system clock
    options.stage_thresholds.new_months = o.stage_new_months;
    options.stage_thresholds.won_back_months = o.stage_won_back_months;
    options.stage_thresholds.no_contact_months = o.stage_no_contact_months;
    options.stage_thresholds.lapse_risk_at_risk = o.stage_lapse_risk_at_risk;
    if (o.service != nullptr) {
      // The facade names its own checks of the settings "service.…"; so do the C layer's.
      INSCRM_TRY(auto in, capi::read_struct(o.service, "service"));
      auto service = capi::service_settings_in(in);
      if (!service) return std::move(service.error().within("service"));
      options.service = std::move(service).value();
    }
    INSCRM_TRY(options.keys, capi::key_options(o.master_key, o.master_key_len, o.key_file));
    INSCRM_TRY(auto crm, Crm::open(uri, std::move(options)));
    std::string kind{crm.storage_kind()};
    *out_db = capi::to_handle(new capi::Database{std::move(crm), std::move(clock), std::move(kind)});
    return ok();
  });
}

void inscrm_close(inscrm_db** db) {
  capi::guard_void([&] {
    if (db == nullptr) return;
    if (*db != nullptr) delete &capi::from_handle(*db);
    *db = nullptr;
  });
}

inscrm_status inscrm_db_set_time(inscrm_db* db, int64_t unix_micros) {
  return capi::guard([&]() -> Result<void> {
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRYV(require_manual(db));
    capi::from_handle(db).manual_clock->set(from_epoch_micros(unix_micros));
    return ok();
  });
}

inscrm_status inscrm_db_set_date(inscrm_db* db, const char* date) {
  return capi::guard([&]() -> Result<void> {
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto day, capi::date(date, "date"));
    INSCRM_TRYV(require_manual(db));
    capi::from_handle(db).manual_clock->set(day);
    return ok();
  });
}

inscrm_status inscrm_db_now(inscrm_db* db, int64_t* out_unix_micros) {
  return capi::guard([&]() -> Result<void> {
    if (out_unix_micros) *out_unix_micros = 0;
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRYV(capi::require(out_unix_micros, "out_unix_micros"));
    *out_unix_micros = to_epoch_micros(capi::from_handle(db).crm.clock().now());
    return ok();
  });
}

inscrm_status inscrm_db_storage_kind(inscrm_db* db, const char** out_kind) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out_kind);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRYV(capi::require(out_kind, "out_kind"));
    *out_kind = capi::from_handle(db).storage_kind.c_str();
    return ok();
  });
}

inscrm_status inscrm_db_schema_version(inscrm_db* db, int* out_version) {
  return capi::guard([&]() -> Result<void> {
    if (out_version) *out_version = 0;
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRYV(capi::require(out_version, "out_version"));
    *out_version = capi::from_handle(db).crm.schema_version();
    return ok();
  });
}

inscrm_status inscrm_db_run_daily(inscrm_db* db, const inscrm_actor* actor, const char* day,
                                  inscrm_daily_report** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto on, capi::opt_date(day, "day"));
    INSCRM_TRY(auto report, on ? capi::from_handle(db).crm.run_daily(who, *on) : capi::from_handle(db).crm.run_daily(who));
    if (out) {
      *out = capi::make_output<inscrm_daily_report>([&](inscrm_daily_report& r, capi::Arena& a) {
        r.day = a.date(report.day);
        r.policies_checked = report.policies_checked;
        r.took_effect = report.took_effect;
        r.entered_grace = report.entered_grace;
        r.lapsed = report.lapsed;
        r.matured = report.matured;
        r.expired = report.expired;
        r.renewed_terms_started = report.renewed_terms_started;
        r.stage_changes = report.stage_changes;
        r.complaints_escalated = report.complaints_escalated;
        r.service_requests_breached = report.service_requests_breached;
      });
    }
    return ok();
  });
}

void inscrm_daily_report_free(inscrm_daily_report** report) {
  capi::guard_void([&] { capi::free_output(report); });
}

inscrm_status inscrm_db_summary(inscrm_db* db, const inscrm_actor* actor, inscrm_portfolio_summary** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto s, capi::from_handle(db).crm.summary(who));
    *out = capi::make_output<inscrm_portfolio_summary>([&](inscrm_portfolio_summary& o, capi::Arena& a) {
      o.customers = s.customers;
      o.policies = s.policies;
      auto* by_status = a.array<int64_t>(s.policies_by_status.size());
      for (std::size_t i = 0; i < s.policies_by_status.size(); ++i) by_status[i] = s.policies_by_status[i];
      o.policies_by_status = by_status;
      o.policy_status_count = s.policies_by_status.size();
      auto* by_stage = a.array<int64_t>(s.customers_by_stage.size());
      for (std::size_t i = 0; i < s.customers_by_stage.size(); ++i) by_stage[i] = s.customers_by_stage[i];
      o.customers_by_stage = by_stage;
      o.customer_stage_count = s.customers_by_stage.size();
      o.payments = s.payments;
      o.first_year_premium = capi::to_c(s.first_year_premium);
      o.renewal_premium = capi::to_c(s.renewal_premium);
      o.annualised_premium_in_force = capi::to_c(s.annualised_premium_in_force);
    });
    return ok();
  });
}

void inscrm_portfolio_summary_free(inscrm_portfolio_summary** summary) {
  capi::guard_void([&] { capi::free_output(summary); });
}
