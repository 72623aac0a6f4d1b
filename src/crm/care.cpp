#include <inscrm/crm/care.hpp>

#include <inscrm/domain/payment.hpp>

#include "crm/engine.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace inscrm {
namespace {

constexpr std::size_t kPage = 1000;

bool is_leap(std::chrono::year y) { return y.is_leap(); }

// The occasion a task is about, as its unique key: the same occasion gives the same key on every
// run, which is what makes the calendar produce each task once.
std::string key_of(CareKind kind, const storage::CareCandidate& c, Date day, const std::string& holiday) {
  const auto k = to_string(kind);
  switch (kind) {
    case CareKind::Birthday: return fmt::format("{}:{}:{}", k, c.customer.value, static_cast<int>(day.year()));
    case CareKind::Holiday: return fmt::format("{}:{}:{}:{}", k, c.customer.value, to_string(day), holiday);
    case CareKind::PolicyAnniversary:
      return fmt::format("{}:{}:{}", k, c.policy ? c.policy->value : 0, static_cast<int>(day.year()));
    case CareKind::PremiumDue:
    case CareKind::GraceWarning:
    case CareKind::Maturity: return fmt::format("{}:{}:{}", k, c.policy ? c.policy->value : 0, to_string(c.about));
    case CareKind::FollowUpPolicy: return fmt::format("{}:{}", k, c.policy ? c.policy->value : 0);
    case CareKind::FollowUpClaim:
    case CareKind::FollowUpComplaint: return fmt::format("{}:{}", k, c.subject);
  }
  return fmt::format("{}:{}", k, c.customer.value);
}

// Turns the candidates of one kind into tasks for the customers who consented to care by the
// kind's channel, and stores those whose occasion has no task yet.
Result<void> produce(detail::Engine& engine, storage::Transaction& tx, CareRun& run, CareKind kind, Date day,
                     const std::vector<storage::CareCandidate>& candidates, const std::string& holiday = {}) {
  if (candidates.empty()) return ok();
  const auto& setting = engine.care[kind];
  std::vector<CustomerId> customers;
  customers.reserve(candidates.size());
  for (const auto& c : candidates) customers.push_back(c.customer);
  std::sort(customers.begin(), customers.end());
  customers.erase(std::unique(customers.begin(), customers.end()), customers.end());
  INSCRM_TRY(auto consenting, tx.care().consenting(ConsentPurpose::Care, setting.channel, customers));
  const auto now = engine.clock->now();
  std::vector<CareTask> tasks;
  tasks.reserve(candidates.size());
  for (const auto& c : candidates) {
    if (!std::binary_search(consenting.begin(), consenting.end(), c.customer)) {
      ++run.without_consent;
      continue;
    }
    CareTask t;
    t.kind = kind;
    t.customer = c.customer;
    t.agent = c.agent;
    t.channel = setting.channel;
    t.due = day;
    t.about = c.about.ok() ? c.about : day;
    t.policy = c.policy;
    t.subject = c.subject;
    t.holiday = holiday;
    t.key = key_of(kind, c, day, holiday);
    t.created_at = now;
    t.updated_at = now;
    tasks.push_back(std::move(t));
  }
  INSCRM_TRY(const std::size_t stored, tx.care().insert_care_tasks(tasks));
  run.produced += stored;
  run.already_produced += tasks.size() - stored;
  run.by_kind[static_cast<std::size_t>(kind)] += stored;
  return ok();
}

// An agent works his own queue (domain.md C12 row-level scope): an actor who is an agent and
// neither an administrator nor a service representative sees and completes only his tasks.
std::optional<AgentId> own_queue(const Actor& actor) {
  if (!actor.agent || actor.has(Role::Administrator) || actor.has(Role::ServiceRep) || actor.has(Role::System))
    return std::nullopt;
  return actor.agent;
}

}  // namespace

std::array<CareKindSetting, kCareKinds> CareSettings::standard_kinds() noexcept {
  std::array<CareKindSetting, kCareKinds> k{};
  for (auto& s : k) s = {true, Channel::Sms};
  k[static_cast<std::size_t>(CareKind::GraceWarning)].channel = Channel::CallCentre;
  k[static_cast<std::size_t>(CareKind::Maturity)].channel = Channel::AgentVisit;
  k[static_cast<std::size_t>(CareKind::FollowUpPolicy)].channel = Channel::CallCentre;
  k[static_cast<std::size_t>(CareKind::FollowUpClaim)].channel = Channel::CallCentre;
  k[static_cast<std::size_t>(CareKind::FollowUpComplaint)].channel = Channel::CallCentre;
  return k;
}

Result<void> validate_care_settings(const CareSettings& s) {
  if (s.premium_due_lead_days < 0) return Error::invalid_argument("premium_due_lead_days", "must not be negative");
  if (s.grace_warning_lead_days < 0)
    return Error::invalid_argument("grace_warning_lead_days", "must not be negative");
  if (s.maturity_lead_days < 0) return Error::invalid_argument("maturity_lead_days", "must not be negative");
  if (s.follow_up_after_days < 0) return Error::invalid_argument("follow_up_after_days", "must not be negative");
  if (s.long_term_min_days < 0) return Error::invalid_argument("long_term_min_days", "must not be negative");
  for (const auto& h : s.holidays) {
    if (!h.on.ok()) return Error::invalid_argument("holidays", "a holiday's date is not a calendar date");
    if (h.name.empty()) return Error::invalid_argument("holidays", "a holiday needs a name");
  }
  return ok();
}

const CareSettings& CareService::settings() const noexcept { return engine_->care; }

Result<CareRun> CareService::run(const Actor& actor) const { return run(actor, engine_->clock->today()); }

Result<CareRun> CareService::run(const Actor& actor, Date day) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::DailyRun, Action::Update));
  if (!day.ok()) return Error::invalid_argument("day", "not a calendar date");
  auto& engine = *engine_;
  const auto& s = engine.care;
  return engine.write([&](storage::Transaction& tx) -> Result<CareRun> {
    CareRun run;
    run.day = day;
    auto& care = tx.care();
    // 29 February's birthdays and anniversaries fall on 28 February in other years.
    const bool and_feb29 = day.month() == std::chrono::February && day.day() == std::chrono::day{28} &&
                           !is_leap(day.year());
    if (s[CareKind::Birthday].enabled) {
      INSCRM_TRY(auto c, care.born_on(static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()), and_feb29));
      INSCRM_TRYV(produce(engine, tx, run, CareKind::Birthday, day, c));
    }
    if (s[CareKind::Holiday].enabled) {
      for (const auto& h : s.holidays) {
        if (h.on != day) continue;
        CustomerId after;
        for (;;) {
          INSCRM_TRY(auto page, care.customers_page(after, kPage));
          for (auto& c : page) c.about = day;
          INSCRM_TRYV(produce(engine, tx, run, CareKind::Holiday, day, page, h.name));
          if (page.size() < kPage) break;
          after = page.back().customer;
        }
      }
    }
    if (s[CareKind::PolicyAnniversary].enabled) {
      INSCRM_TRY(auto c, care.anniversaries(day, and_feb29));
      INSCRM_TRYV(produce(engine, tx, run, CareKind::PolicyAnniversary, day, c));
    }
    if (s[CareKind::PremiumDue].enabled) {
      const Date due = add_days(day, s.premium_due_lead_days);
      INSCRM_TRY(auto rows, care.instalments_due(due));
      std::vector<storage::CareCandidate> c;
      for (const auto& r : rows) {
        // The store's answer is a superset (same day of the month); the schedule decides.
        Policy p;
        p.frequency = r.frequency;
        p.premium_years = r.premium_years;
        p.effective_date = r.effective;
        p.expiry_date = r.expiry;
        if (is_scheduled_due(p, due)) c.push_back({r.holder, r.agent, r.policy, 0, due});
      }
      INSCRM_TRYV(produce(engine, tx, run, CareKind::PremiumDue, day, c));
    }
    if (s[CareKind::GraceWarning].enabled) {
      INSCRM_TRY(auto c, care.grace_ending(add_days(day, s.grace_warning_lead_days)));
      INSCRM_TRYV(produce(engine, tx, run, CareKind::GraceWarning, day, c));
    }
    if (s[CareKind::Maturity].enabled) {
      INSCRM_TRY(auto c, care.maturing(add_days(day, s.maturity_lead_days)));
      INSCRM_TRYV(produce(engine, tx, run, CareKind::Maturity, day, c));
    }
    const Date event_day = add_days(day, -s.follow_up_after_days);
    if (s[CareKind::FollowUpPolicy].enabled) {
      INSCRM_TRY(auto c, care.issued_long_term(event_day, s.long_term_min_days));
      INSCRM_TRYV(produce(engine, tx, run, CareKind::FollowUpPolicy, day, c));
    }
    if (s[CareKind::FollowUpClaim].enabled) {
      INSCRM_TRY(auto c, care.claims_settled(event_day));
      INSCRM_TRYV(produce(engine, tx, run, CareKind::FollowUpClaim, day, c));
    }
    if (s[CareKind::FollowUpComplaint].enabled) {
      INSCRM_TRY(auto c, care.complaints_closed(event_day));
      INSCRM_TRYV(produce(engine, tx, run, CareKind::FollowUpComplaint, day, c));
    }
    // One event per run that produced something (not one per task: a holiday greets the book).
    if (run.produced > 0) {
      std::string kinds;
      for (int k = 0; k < kCareKinds; ++k)
        kinds += fmt::format(R"({}"{}":{})", k == 0 ? "" : ",", to_string(static_cast<CareKind>(k)),
                             run.by_kind[static_cast<std::size_t>(k)]);
      INSCRM_TRYV(engine.emit(tx, actor, "care.tasks_produced", "care_run", to_epoch_days(day),
                              fmt::format(R"({{"day":"{}","produced":{},"without_consent":{},"by_kind":{{{}}}}})",
                                          to_string(day), run.produced, run.without_consent, kinds)));
    }
    return run;
  });
}

Result<std::vector<CareTask>> CareService::tasks(const Actor& actor, const storage::CareTaskQuery& query) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::CareTask, Action::Read));
  auto q = query;
  if (auto own = own_queue(actor)) {
    if (q.agent && q.agent != own) return std::vector<CareTask>{};
    q.agent = own;
  }
  return engine_->read([&](storage::Transaction& tx) { return tx.care().care_tasks(q); });
}

Result<CareTask> CareService::task(const Actor& actor, CareTaskId id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::CareTask, Action::Read));
  auto& engine = *engine_;
  return engine.recorded(actor, engine.read([&](storage::Transaction& tx) -> Result<CareTask> {
    INSCRM_TRY(auto t, tx.care().care_task(id));
    if (auto own = own_queue(actor); own && t.agent != own)
      return Error{Errc::PermissionDenied,
                   fmt::format("care task {} is not in agent {}'s queue", id.value, own->value), "care_task"};
    return t;
  }));
}

Result<CareTask> CareService::complete(const Actor& actor, CareTaskId id, std::string outcome,
                                       std::optional<Date> on) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::CareTask, Action::Update));
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  const Date day = on.value_or(date_of(now));
  if (!day.ok()) return Error::invalid_argument("on", "not a calendar date");
  return engine.recorded(actor, engine.write([&](storage::Transaction& tx) -> Result<CareTask> {
    INSCRM_TRY(auto t, tx.care().care_task(id));
    if (auto own = own_queue(actor); own && t.agent != own)
      return Error{Errc::PermissionDenied,
                   fmt::format("care task {} is not in agent {}'s queue", id.value, own->value), "care_task"};
    if (t.status != CareTaskStatus::Open)
      return Error::invalid_argument("status", fmt::format("care task {} is {}, not open", id.value,
                                                           to_string(t.status)));
    t.status = CareTaskStatus::Done;
    t.done_on = day;
    t.outcome = std::move(outcome);
    t.updated_at = now;
    INSCRM_TRYV(tx.care().update_care_task(t));
    INSCRM_TRYV(engine.emit(tx, actor, "care.task_completed", "customer", t.customer.value,
                            fmt::format(R"({{"task_id":{},"kind":"{}","customer_id":{},"done_on":"{}"}})", t.id.value,
                                        to_string(t.kind), t.customer.value, to_string(day))));
    return t;
  }));
}

}  // namespace inscrm
