#include <inscrm/crm/policies.hpp>

#include <inscrm/core/validation.hpp>

#include "crm/engine.hpp"
#include "crm/import_steps.hpp"
#include "crm/json.hpp"
#include "crm/loyalty_steps.hpp"
#include "crm/policy_steps.hpp"
#include "crm/scoped_pages.hpp"
#include "crm/stages.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace inscrm {
namespace {

using detail::Engine;

// Statuses in which the insurer still collects premium.
bool accepts_premium(PolicyStatus s) {
  return s == PolicyStatus::Issued || s == PolicyStatus::InForce || s == PolicyStatus::GracePeriod ||
         s == PolicyStatus::Reinstated || s == PolicyStatus::Renewed;
}

Result<void> exists(storage::Transaction& tx, CustomerId id, const std::string& field) {
  auto c = tx.customer(id);
  if (c) return ok();
  if (c.error().is_not_found()) return Error::not_found(field, fmt::format("customer {} does not exist", id.value));
  return c.error();
}

Result<Product> product_for(storage::Transaction& tx, std::string_view code) {
  INSCRM_TRY(auto product, tx.product_by_code(code));
  if (!product) return Error::not_found("product", fmt::format("no product with code '{}'", code));
  if (!product->active) return Error::invalid_argument("product", fmt::format("product '{}' is no longer sold", code));
  return std::move(*product);
}

// Checks every reference of an application against storage.
Result<Customer> check_parties(storage::Transaction& tx, const PolicyApplication& app) {
  auto holder = tx.customer(app.holder);
  if (!holder)
    return holder.error().is_not_found()
               ? Error::not_found("holder", fmt::format("customer {} does not exist", app.holder.value))
               : holder.error();
  for (std::size_t i = 0; i < app.insured.size(); ++i) {
    INSCRM_TRYV(exists(tx, app.insured[i], fmt::format("insured[{}]", i)));
  }
  for (std::size_t i = 0; i < app.beneficiaries.size(); ++i) {
    INSCRM_TRYV(exists(tx, app.beneficiaries[i].customer, fmt::format("beneficiaries[{}].customer", i)));
  }
  if (app.agent) {
    if (auto a = tx.agent(*app.agent); !a)
      return a.error().is_not_found()
                 ? Error::not_found("agent", fmt::format("agent {} does not exist", app.agent->value))
                 : a.error();
  }
  if (app.org_unit.valid()) {
    if (auto u = tx.org_unit(app.org_unit); !u)
      return u.error().is_not_found()
                 ? Error::not_found("org_unit", fmt::format("org unit {} does not exist", app.org_unit.value))
                 : u.error();
  }
  return std::move(holder).value();
}

Policy build_policy(const PolicyApplication& app, const Product& product, const Customer& holder, Date today,
                    Instant now) {
  Policy p;
  p.external_ref = app.external_ref;
  p.number = std::string{trim(app.number)};
  p.product = product.id;
  p.holder = app.holder;
  p.insured = app.insured.empty() ? std::vector<CustomerId>{app.holder} : app.insured;
  p.beneficiaries = app.beneficiaries;
  p.agent = app.agent ? app.agent : holder.agent;
  p.org_unit = app.org_unit.valid() ? app.org_unit : holder.org_unit;
  p.sum_insured = app.sum_insured;
  p.premium = app.premium;
  p.frequency = app.frequency;
  p.premium_years = app.frequency == Frequency::Single ? 0 : app.premium_years.value_or(product.term_years);
  p.application_date = app.application_date.value_or(today);
  p.effective_date = app.effective_date;
  if (!app.whole_life) {
    p.expiry_date = app.expiry_date;
    if (!p.expiry_date && p.effective_date) p.expiry_date = add_years(*p.effective_date, product.term_years);
  }
  p.status = PolicyStatus::Quoted;
  p.status_since = p.application_date;
  p.created_at = now;
  p.updated_at = now;
  return p;
}

Result<Policy> insert_numbered(storage::Transaction& tx, Policy p) {
  const bool generate = p.number.empty();
  // A provisional unique number, replaced by one derived from the id in the same transaction.
  if (generate) p.number = fmt::format("~pending-{}", to_epoch_micros(p.created_at));
  INSCRM_TRYV(tx.insert_policy(p));
  if (generate) {
    p.number = fmt::format("P{:010}", p.id.value);
    INSCRM_TRYV(tx.update_policy(p));
  }
  return p;
}

struct Loaded {
  Policy policy;
  Product product;
  std::vector<Payment> payments;
};

Result<Loaded> load(storage::Transaction& tx, PolicyId id) {
  INSCRM_TRY(auto policy, tx.policy(id));
  INSCRM_TRY(auto product, tx.product(policy.product));
  INSCRM_TRY(auto payments, tx.payments(id));
  return Loaded{std::move(policy), std::move(product), std::move(payments)};
}

// Runs the automatic steps a fresh policy is due for (taking effect on its effective date).
Result<void> settle(Engine& engine, storage::Transaction& tx, const Actor& actor, Loaded& l, Date today) {
  for (int guard = 0; guard < 8; ++guard) {
    auto ctx = detail::context_for(engine, actor, today, "scheduled", l.policy, l.payments);
    auto due = due_event(l.policy, l.product, ctx);
    if (!due) return ok();
    ctx.on = due->effective_on;
    INSCRM_TRYV(detail::step(engine, tx, actor, l.policy, l.product, due->event, ctx));
  }
  return ok();
}

// A list with the records outside the actor's row-level scope left out (their policy's holder
// decides, Engine::in_scope). `policy_of(rec)` names the record's policy; each policy's holder is
// checked once.
template <class Rec, class PolicyOf>
Result<std::vector<Rec>> in_scope_only(detail::Engine& engine, storage::Transaction& tx, const Actor& actor,
                                       std::vector<Rec> found, PolicyOf&& policy_of) {
  if (sees_everything(actor)) return found;
  std::map<std::int64_t, bool> visible;  // policy id → in scope
  std::vector<Rec> out;
  for (Rec& rec : found) {
    const PolicyId id = policy_of(rec);
    auto it = visible.find(id.value);
    if (it == visible.end()) {
      INSCRM_TRY(const auto policy, tx.policy(id));
      auto scoped = engine.in_scope(tx, actor, policy.holder, "policy");
      if (!scoped && scoped.error().code() != Errc::PermissionDenied) return scoped.error();
      it = visible.emplace(id.value, static_cast<bool>(scoped)).first;
    }
    if (it->second) out.push_back(std::move(rec));
  }
  return out;
}

}  // namespace

Result<void> validate_application(const PolicyApplication& app, const Product& product) {
  if (!app.holder.valid()) return Error::invalid_argument("holder", "a policy needs a holder");
  if (app.sum_insured.minor <= 0) return Error::invalid_argument("sum_insured", "sum insured must be positive");
  if (app.premium.minor <= 0) return Error::invalid_argument("premium", "premium must be positive");
  if (app.sum_insured.currency != product.currency)
    return Error::invalid_argument("sum_insured", fmt::format("product '{}' is sold in {}, not {}", product.code,
                                                              product.currency.view(), app.sum_insured.currency.view()));
  if (app.premium.currency != product.currency)
    return Error::invalid_argument("premium", fmt::format("product '{}' is sold in {}, not {}", product.code,
                                                          product.currency.view(), app.premium.currency.view()));
  if (app.frequency == Frequency::Single && app.premium_years && *app.premium_years > 1)
    return Error::invalid_argument("premium_years", "a single premium is paid once");
  if (app.frequency != Frequency::Single && app.premium_years && *app.premium_years < 1)
    return Error::invalid_argument("premium_years", "the payment term must be at least one year");

  std::set<CustomerId> seen;
  int total = 0;
  for (std::size_t i = 0; i < app.beneficiaries.size(); ++i) {
    const auto& b = app.beneficiaries[i];
    if (b.share_percent < 1 || b.share_percent > 100)
      return Error::invalid_argument(fmt::format("beneficiaries[{}].share_percent", i),
                                     fmt::format("a share must be between 1 and 100 %, not {}", b.share_percent));
    if (!seen.insert(b.customer).second)
      return Error::invalid_argument(fmt::format("beneficiaries[{}].customer", i), "beneficiary listed twice");
    total += b.share_percent;
  }
  if (!app.beneficiaries.empty() && total != 100)
    return Error::invalid_argument("beneficiaries", fmt::format("beneficiary shares sum to {} %, not 100 %", total));

  if (app.effective_date && app.application_date && *app.effective_date < *app.application_date)
    return Error::invalid_argument("effective_date", "cover cannot start before the application date");
  if (app.whole_life && app.expiry_date)
    return Error::invalid_argument("expiry_date", "whole-life cover has no expiry date");
  if (app.expiry_date && app.effective_date && *app.expiry_date <= *app.effective_date)
    return Error::invalid_argument("expiry_date", "expiry must come after the effective date");
  if (!trim(app.number).empty() && trim(app.number).front() == '~')
    return Error::invalid_argument("number", "policy numbers may not start with '~'");
  return ok();
}

Result<Policy> PolicyService::quote(const Actor& actor, const PolicyApplication& app) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Policy, Action::Read));
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  return engine.write([&](storage::Transaction& tx) -> Result<Policy> {
    INSCRM_TRY(auto product, product_for(tx, app.product));
    INSCRM_TRYV(validate_application(app, product));
    INSCRM_TRY(auto holder, check_parties(tx, app));
    INSCRM_TRY(auto p, insert_numbered(tx, build_policy(app, product, holder, date_of(now), now)));
    INSCRM_TRYV(engine.emit(tx, actor, "policy.quoted", "policy", p.id.value,
                            fmt::format(R"({{"policy_id":{},"number":{},"holder":{}}})", p.id.value,
                                        detail::json_string(p.number), p.holder.value)));
    return p;
  });
}

Result<Policy> PolicyService::issue(const Actor& actor, const PolicyApplication& app) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Policy, Action::Create));
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  const auto today = date_of(now);
  return engine.write([&](storage::Transaction& tx) -> Result<Policy> {
    INSCRM_TRY(auto product, product_for(tx, app.product));
    INSCRM_TRYV(validate_application(app, product));
    INSCRM_TRY(auto holder, check_parties(tx, app));
    INSCRM_TRY(auto p, insert_numbered(tx, build_policy(app, product, holder, today, now)));
    Loaded l{std::move(p), std::move(product), {}};
    const auto issue_on = std::max(l.policy.application_date, std::min(today, l.policy.effective_date.value_or(today)));
    for (auto event : {PolicyEvent::Apply, PolicyEvent::StartUnderwriting, PolicyEvent::Issue}) {
      auto ctx = detail::context_for(engine, actor, issue_on, "new business", l.policy, l.payments);
      INSCRM_TRYV(detail::step(engine, tx, actor, l.policy, l.product, event, ctx));
    }
    if (!l.policy.expiry_date && !app.whole_life && l.policy.effective_date)
      l.policy.expiry_date = add_years(*l.policy.effective_date, l.product.term_years);
    INSCRM_TRYV(settle(engine, tx, actor, l, today));
    l.policy.updated_at = now;
    INSCRM_TRYV(tx.update_policy(l.policy));
    INSCRM_TRYV(detail::refresh_stage(engine, tx, actor, l.policy.holder, today));
    return l.policy;
  });
}

Result<Policy> PolicyService::apply_event(const Actor& actor, PolicyId id, PolicyEvent event, std::string reason,
                                          std::optional<Date> on) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Policy, Action::Update));
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  const auto day = on.value_or(date_of(now));
  return engine.write([&](storage::Transaction& tx) -> Result<Policy> {
    INSCRM_TRY(auto l, load(tx, id));
    auto ctx = detail::context_for(engine, actor, day, std::move(reason), l.policy, l.payments);
    INSCRM_TRYV(detail::step(engine, tx, actor, l.policy, l.product, event, ctx));
    // domain.md C7: points earned on a policy cancelled in its free-look window are taken back,
    // in the cancellation's transaction.
    if (event == PolicyEvent::CancelFreeLook)
      INSCRM_TRYV(detail::reverse_policy_points(engine, tx, actor, id, day, "free-look cancellation"));
    l.policy.updated_at = now;
    INSCRM_TRYV(tx.update_policy(l.policy));
    INSCRM_TRYV(detail::refresh_stage(engine, tx, actor, l.policy.holder, date_of(now)));
    return l.policy;
  });
}

Result<Policy> PolicyService::reinstate(const Actor& actor, PolicyId id, std::string reason) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Policy, Action::Update));
  return apply_event(actor, id, PolicyEvent::Reinstate, std::move(reason));
}
Result<Policy> PolicyService::surrender(const Actor& actor, PolicyId id, std::string reason) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Policy, Action::Update));
  return apply_event(actor, id, PolicyEvent::Surrender, std::move(reason));
}
Result<Policy> PolicyService::cancel_in_free_look(const Actor& actor, PolicyId id, std::string reason) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Policy, Action::Update));
  return apply_event(actor, id, PolicyEvent::CancelFreeLook, std::move(reason));
}
Result<Policy> PolicyService::renew(const Actor& actor, PolicyId id, std::string reason) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Policy, Action::Update));
  return apply_event(actor, id, PolicyEvent::Renew, std::move(reason));
}
Result<Policy> PolicyService::terminate(const Actor& actor, PolicyId id, std::string reason) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Policy, Action::Update));
  return apply_event(actor, id, PolicyEvent::Terminate, std::move(reason));
}

Result<Payment> PolicyService::record_payment(const Actor& actor, PolicyId id, const PaymentInput& in) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Payment, Action::Create));
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  const auto today = date_of(now);
  return engine.write([&](storage::Transaction& tx) -> Result<Payment> {
    INSCRM_TRY(auto l, load(tx, id));
    if (!accepts_premium(l.policy.status))
      return Error::invalid_argument(
          "policy_id", fmt::format("policy {} is {}; premiums are accepted only while it is issued, in force, in "
                                   "grace, reinstated or renewed",
                                   l.policy.number, to_string(l.policy.status)));
    if (!in.due.ok() || !is_scheduled_due(l.policy, in.due))
      return Error::invalid_argument("due", fmt::format("no instalment of policy {} falls due on {}", l.policy.number,
                                                        in.due.ok() ? to_string(in.due) : "an invalid date"));
    Payment pay;
    pay.policy = id;
    pay.due_date = in.due;
    pay.paid_on = in.paid.value_or(today);
    pay.amount = in.amount.value_or(l.policy.premium);
    pay.channel = in.channel;
    pay.policy_year = policy_year_of(l.policy, in.due);
    pay.recorded_at = now;
    if (!pay.paid_on.ok() || pay.paid_on > today)
      return Error::invalid_argument("paid", "the payment date must not be in the future");
    if (pay.amount.currency != l.policy.premium.currency)
      return Error::invalid_argument("amount", fmt::format("policy {} is paid in {}", l.policy.number,
                                                           l.policy.premium.currency.view()));
    if (pay.amount.minor <= 0) return Error::invalid_argument("amount", "amount must be positive");
    INSCRM_TRYV(tx.insert_payment(pay));
    INSCRM_TRYV(engine.emit(tx, actor, "payment.recorded", "payment", pay.id.value,
                            fmt::format(R"({{"payment_id":{},"policy_id":{},"due":"{}","amount":{},"currency":"{}","kind":"{}"}})",
                                        pay.id.value, id.value, to_string(pay.due_date), pay.amount.minor,
                                        pay.amount.currency.view(), to_string(pay.kind()))));
    l.payments.push_back(pay);

    // Clearing the last arrears brings a policy in grace (or a reinstated one) back in force.
    if (l.policy.status == PolicyStatus::GracePeriod || l.policy.status == PolicyStatus::Reinstated) {
      auto ctx = detail::context_for(engine, actor, today, "arrears paid", l.policy, l.payments);
      if (!ctx.oldest_unpaid) {
        INSCRM_TRYV(detail::step(engine, tx, actor, l.policy, l.product, PolicyEvent::PayArrears, ctx));
        l.policy.updated_at = now;
        INSCRM_TRYV(tx.update_policy(l.policy));
        INSCRM_TRYV(detail::refresh_stage(engine, tx, actor, l.policy.holder, today));
      }
    }
    return pay;
  });
}

Result<Policy> PolicyService::get(const Actor& actor, PolicyId id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Policy, Action::Read));
  return engine_->recorded(actor, engine_->read([&](storage::Transaction& tx) -> Result<Policy> {
    INSCRM_TRY(auto p, tx.policy(id));
    INSCRM_TRYV(engine_->in_scope(tx, actor, p.holder, "policy"));
    return p;
  }));
}

Result<Policy> PolicyService::by_number(const Actor& actor, std::string_view number) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Policy, Action::Read));
  return engine_->recorded(actor, engine_->read([&](storage::Transaction& tx) -> Result<Policy> {
    INSCRM_TRY(auto id, tx.policy_by_number(number));
    if (!id) return Error::not_found("number", fmt::format("no policy numbered '{}'", number));
    INSCRM_TRY(auto p, tx.policy(*id));
    INSCRM_TRYV(engine_->in_scope(tx, actor, p.holder, "policy"));
    return p;
  }));
}

Result<std::vector<Policy>> PolicyService::list(const Actor& actor, const storage::PolicyQuery& query) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Policy, Action::Read));
  return engine_->read([&](storage::Transaction& tx) -> Result<std::vector<Policy>> {
    if (sees_everything(actor)) return tx.policies(query);
    return detail::scoped_page(
        query, [&](const storage::PolicyQuery& q) { return tx.policies(q); },
        [&](const Policy& p) { return engine_->in_scope(tx, actor, p.holder, "policy"); });
  });
}

Result<std::vector<PolicyTransition>> PolicyService::history(const Actor& actor, PolicyId id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Policy, Action::Read));
  return engine_->recorded(actor, engine_->read([&](storage::Transaction& tx) -> Result<std::vector<PolicyTransition>> {
    // NotFound for an unknown policy rather than an empty history
    INSCRM_TRY(auto p, tx.policy(id));
    INSCRM_TRYV(engine_->in_scope(tx, actor, p.holder, "policy"));
    return tx.transitions(id);
  }));
}

Result<std::vector<Payment>> PolicyService::payments(const Actor& actor, PolicyId id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Payment, Action::Read));
  return engine_->recorded(actor, engine_->read([&](storage::Transaction& tx) -> Result<std::vector<Payment>> {
    INSCRM_TRY(auto p, tx.policy(id));
    INSCRM_TRYV(engine_->in_scope(tx, actor, p.holder, "policy"));
    return tx.payments(id);
  }));
}

Result<std::vector<Payment>> PolicyService::payments_in_range(const Actor& actor, PolicyId first, PolicyId last) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Payment, Action::Read));
  if (last.value < first.value)
    return Error::invalid_argument("last", fmt::format("the range ends at policy {} before it starts at {}", last.value,
                                                       first.value));
  return engine_->read([&](storage::Transaction& tx) -> Result<std::vector<Payment>> {
    INSCRM_TRY(auto found, tx.payments_in_range(first, last));
    return in_scope_only(*engine_, tx, actor, std::move(found), [](const Payment& p) { return p.policy; });
  });
}

Result<std::vector<PolicyService::ScheduleLine>> PolicyService::schedule(const Actor& actor, PolicyId id, Date through) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Policy, Action::Read));
  return engine_->recorded(actor, engine_->read([&](storage::Transaction& tx) -> Result<std::vector<ScheduleLine>> {
    INSCRM_TRY(auto l, load(tx, id));
    INSCRM_TRYV(engine_->in_scope(tx, actor, l.policy.holder, "policy"));
    std::vector<ScheduleLine> out;
    for (const auto& inst : instalments_through(l.policy, through)) {
      ScheduleLine line{inst, std::nullopt};
      for (const auto& pay : l.payments)
        if (pay.due_date == inst.due_date) line.payment = pay;
      out.push_back(std::move(line));
    }
    return out;
  }));
}

Result<std::vector<PolicyId>> PolicyService::import(const Actor& actor, std::vector<PolicyImportRow> rows) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Policy, Action::Create));
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  const auto today = date_of(now);
  return engine.write([&](storage::Transaction& tx) -> Result<std::vector<PolicyId>> {
    std::vector<Policy> policies;
    policies.reserve(rows.size());
    std::unordered_map<std::string, Product> products;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      auto row_error = [i](Error e) { return std::move(e.within(fmt::format("[{}]", i))); };
      const auto& app = rows[i].application;
      auto it = products.find(app.product);
      if (it == products.end()) {
        auto product = product_for(tx, app.product);
        if (!product) return row_error(product.error());
        it = products.emplace(app.product, std::move(product).value()).first;
      }
      if (auto v = validate_application(app, it->second); !v) return row_error(v.error());
      if (!app.effective_date)
        return row_error(Error::invalid_argument("effective_date", "migrated policies need their effective date"));
      if (trim(app.number).empty())
        return row_error(Error::invalid_argument("number", "migrated policies keep their policy number"));
      auto holder = check_parties(tx, app);
      if (!holder) return row_error(holder.error());
      Policy p = build_policy(app, it->second, holder.value(), today, now);
      p.issue_date = app.application_date.value_or(*app.effective_date);
      p.status = rows[i].status;
      p.status_since = today;
      policies.push_back(std::move(p));
    }
    INSCRM_TRYV(tx.insert_policies(policies));

    std::vector<Payment> payments;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Policy& p = policies[i];
      for (std::size_t k = 0; k < rows[i].payments.size(); ++k) {
        const auto& in = rows[i].payments[k];
        if (!is_scheduled_due(p, in.due))
          return Error::invalid_argument(fmt::format("[{}].payments[{}].due", i, k),
                                         fmt::format("no instalment of policy {} falls due on {}", p.number,
                                                     to_string(in.due)));
        Payment pay;
        pay.policy = p.id;
        pay.due_date = in.due;
        pay.paid_on = in.paid.value_or(in.due);
        pay.amount = in.amount.value_or(p.premium);
        pay.channel = in.channel;
        pay.policy_year = policy_year_of(p, in.due);
        pay.recorded_at = now;
        payments.push_back(pay);
      }
    }
    INSCRM_TRYV(tx.insert_payments(payments));

    std::vector<PolicyId> ids;
    ids.reserve(policies.size());
    for (const auto& p : policies) ids.push_back(p.id);
    const auto first = ids.empty() ? 0 : ids.front().value;
    const auto last = ids.empty() ? 0 : ids.back().value;
    INSCRM_TRYV(engine.emit(tx, actor, "policy.imported", "policy", first,
                            fmt::format(R"({{"count":{},"first_id":{},"last_id":{},"payments":{}}})", ids.size(),
                                        first, last, payments.size())));
    return ids;
  });
}

namespace {

// Storage failures end the batch; anything else is the row's own fault.
bool is_storage_failure(const Error& e) {
  return e.code() == Errc::StorageError || e.code() == Errc::StorageUnavailable || e.code() == Errc::Internal;
}

void sort_errors(ImportReport& report) {
  std::stable_sort(report.errors.begin(), report.errors.end(),
                   [](const RowError& a, const RowError& b) { return a.row < b.row; });
}

}  // namespace

namespace {

// "[3].external_ref" → 3 (the bulk insert's index) and "external_ref".
std::optional<std::pair<std::size_t, std::string>> bulk_index(const std::string& field) {
  if (field.size() < 3 || field[0] != '[') return std::nullopt;
  const auto close = field.find(']');
  if (close == std::string::npos || close == 1) return std::nullopt;
  std::size_t i = 0;
  for (std::size_t k = 1; k < close; ++k) {
    if (field[k] < '0' || field[k] > '9') return std::nullopt;
    i = i * 10 + static_cast<std::size_t>(field[k] - '0');
  }
  const auto rest = close + 1 < field.size() && field[close + 1] == '.' ? field.substr(close + 2) : std::string{};
  return std::pair{i, rest};
}

}  // namespace

Result<ImportReport> detail::import_policy_rows(Engine& engine, const Actor& actor, std::vector<PolicyFileRow> rows,
                                                ImportMode mode, bool validate_only) {
  const auto now = engine.clock->now();
  const auto today = date_of(now);
  // Rows refused by the store itself (an external_ref already stored: there is no look-up for it
  // on the port) are found by the bulk insert, which names the row; the batch is then redone
  // without it, in a new transaction — at most once per such row.
  std::vector<RowError> refused;
  std::vector<bool> excluded(rows.size(), false);
  for (;;) {
    ImportReport report;
    report.rows = rows.size();
    report.errors = refused;
    std::vector<std::size_t> policy_rows;  // policies[k] came from rows[policy_rows[k]]
    auto result = engine.write([&](storage::Transaction& tx) -> Result<void> {
      std::vector<Policy> policies;
      std::unordered_map<std::string, Product> products;
      std::unordered_set<std::string> numbers_in_batch;
      std::unordered_set<std::string> refs_in_batch;
      // Each check names the row's column; a failed storage read ends the call.
      auto check_row = [&](PolicyFileRow& in) -> Result<Policy> {
        auto& app = in.row.application;
        if (!app.holder.valid()) {
          if (in.holder_ref.empty()) return Error::invalid_argument("holder_ref", "the holder is missing");
          INSCRM_TRY(auto holder, tx.customer_by_external_ref(in.holder_ref));
          if (!holder)
            return Error::not_found("holder_ref", fmt::format("no customer has external_ref '{}'", in.holder_ref));
          app.holder = *holder;
        }
        auto it = products.find(app.product);
        if (it == products.end()) {
          INSCRM_TRY(auto product, product_for(tx, app.product));
          it = products.emplace(app.product, std::move(product)).first;
        }
        INSCRM_TRYV(validate_application(app, it->second));
        if (!app.effective_date)
          return Error::invalid_argument("effective_date", "migrated policies need their effective date");
        const std::string number{trim(app.number)};
        if (number.empty()) return Error::invalid_argument("number", "migrated policies keep their policy number");
        if (!numbers_in_batch.insert(number).second)
          return Error::already_exists("number", fmt::format("policy number '{}' appears twice in the file", number));
        INSCRM_TRY(auto taken, tx.policy_by_number(number));
        if (taken) return Error::already_exists("number", fmt::format("policy number '{}' is taken", number));
        if (app.external_ref && !refs_in_batch.insert(*app.external_ref).second)
          return Error::already_exists("external_ref",
                                       fmt::format("external_ref '{}' appears twice in the file", *app.external_ref));
        INSCRM_TRY(auto holder, check_parties(tx, app));
        INSCRM_TRYV(engine.in_scope(tx, actor, holder, "holder"));
        Policy p = build_policy(app, it->second, holder, today, now);
        p.issue_date = app.application_date.value_or(*app.effective_date);
        p.status = in.row.status;
        p.status_since = today;
        return p;
      };
      for (std::size_t i = 0; i < rows.size(); ++i) {
        if (excluded[i]) continue;
        auto p = check_row(rows[i]);
        if (!p) {
          if (is_storage_failure(p.error())) return p.error();
          report.errors.push_back({i, p.error()});
          continue;
        }
        policies.push_back(std::move(p).value());
        policy_rows.push_back(i);
      }
      if (validate_only || (mode == ImportMode::AllOrNothing && !report.errors.empty())) return ok();
      if (policies.empty()) return ok();
      INSCRM_TRYV(tx.insert_policies(policies));
      report.imported = policies.size();
      const auto first = policies.front().id.value;
      const auto last = policies.back().id.value;
      return engine.emit(tx, actor, "policy.imported", "policy", first,
                         fmt::format(R"({{"count":{},"first_id":{},"last_id":{},"rejected":{}}})", policies.size(),
                                     first, last, report.errors.size()));
    });
    if (!result && result.error().code() == Errc::AlreadyExists) {
      if (auto at = bulk_index(result.error().field()); at && at->first < policy_rows.size()) {
        const auto row = policy_rows[at->first];
        excluded[row] = true;
        refused.push_back({row, Error{Errc::AlreadyExists, result.error().message(), at->second}});
        continue;
      }
    }
    if (!result) return result.error();
    sort_errors(report);
    return report;
  }
}

Result<ImportReport> detail::import_payment_rows(Engine& engine, const Actor& actor, std::vector<PaymentFileRow> rows,
                                                 ImportMode mode, bool validate_only) {
  const auto now = engine.clock->now();
  const auto today = date_of(now);
  ImportReport report;
  report.rows = rows.size();
  auto result = engine.write([&](storage::Transaction& tx) -> Result<void> {
    std::unordered_map<std::string, Loaded> loaded;  // by policy number
    std::set<std::pair<std::int64_t, int>> dues;     // (policy, epoch day) in the file
    std::vector<Payment> payments;
    auto check_row = [&](const PaymentFileRow& in) -> Result<Payment> {
      const std::string number{trim(in.policy_number)};
      if (number.empty()) return Error::invalid_argument("policy_number", "the policy number is missing");
      auto it = loaded.find(number);
      if (it == loaded.end()) {
        INSCRM_TRY(auto id, tx.policy_by_number(number));
        if (!id) return Error::not_found("policy_number", fmt::format("no policy numbered '{}'", number));
        INSCRM_TRY(auto l, load(tx, *id));
        it = loaded.emplace(number, std::move(l)).first;
      }
      const Policy& policy = it->second.policy;
      INSCRM_TRYV(engine.in_scope(tx, actor, policy.holder, "policy_number"));
      if (!accepts_premium(policy.status))
        return Error::invalid_argument("policy_number", fmt::format("policy {} is {}; it accepts no premium", number,
                                                                    to_string(policy.status)));
      if (!in.input.due.ok() || !is_scheduled_due(policy, in.input.due))
        return Error::invalid_argument("due", fmt::format("no instalment of policy {} falls due on {}", number,
                                                          in.input.due.ok() ? to_string(in.input.due) : "that day"));
      Payment pay;
      pay.policy = policy.id;
      pay.due_date = in.input.due;
      pay.paid_on = in.input.paid.value_or(in.input.due);
      pay.amount = in.input.amount.value_or(policy.premium);
      pay.channel = in.input.channel;
      pay.policy_year = policy_year_of(policy, in.input.due);
      pay.recorded_at = now;
      if (!pay.paid_on.ok() || pay.paid_on > today)
        return Error::invalid_argument("paid", "the payment date must not be in the future");
      if (pay.amount.currency != policy.premium.currency)
        return Error::invalid_argument("amount", fmt::format("policy {} is paid in {}", number,
                                                             policy.premium.currency.view()));
      if (pay.amount.minor <= 0) return Error::invalid_argument("amount", "amount must be positive");
      const auto key = std::pair{policy.id.value, to_epoch_days(pay.due_date)};
      const auto& stored = it->second.payments;
      if (!dues.insert(key).second ||
          std::any_of(stored.begin(), stored.end(), [&](const Payment& p) { return p.due_date == pay.due_date; }))
        return Error::already_exists("due", fmt::format("the instalment of policy {} due {} is paid already", number,
                                                        to_string(pay.due_date)));
      return pay;
    };
    for (std::size_t i = 0; i < rows.size(); ++i) {
      auto pay = check_row(rows[i]);
      if (!pay) {
        if (is_storage_failure(pay.error())) return pay.error();
        report.errors.push_back({i, pay.error()});
        continue;
      }
      payments.push_back(std::move(pay).value());
    }
    if (validate_only || (mode == ImportMode::AllOrNothing && !report.errors.empty())) return ok();
    if (payments.empty()) return ok();
    INSCRM_TRYV(tx.insert_payments(payments));
    report.imported = payments.size();
    // As record_payment: clearing the last arrears brings a policy in grace (or reinstated) back in force.
    for (auto& [number, l] : loaded) {
      bool touched = false;
      for (const Payment& p : payments)
        if (p.policy == l.policy.id) {
          l.payments.push_back(p);
          touched = true;
        }
      if (!touched) continue;
      if (l.policy.status != PolicyStatus::GracePeriod && l.policy.status != PolicyStatus::Reinstated) continue;
      auto ctx = detail::context_for(engine, actor, today, "arrears paid", l.policy, l.payments);
      if (ctx.oldest_unpaid) continue;
      INSCRM_TRYV(detail::step(engine, tx, actor, l.policy, l.product, PolicyEvent::PayArrears, ctx));
      l.policy.updated_at = now;
      INSCRM_TRYV(tx.update_policy(l.policy));
      INSCRM_TRYV(detail::refresh_stage(engine, tx, actor, l.policy.holder, today));
    }
    const auto first = payments.front().id.value;
    return engine.emit(tx, actor, "payment.imported", "payment", first,
                       fmt::format(R"({{"count":{},"rejected":{}}})", payments.size(), report.errors.size()));
  });
  if (!result) return result.error();
  sort_errors(report);
  return report;
}

}  // namespace inscrm
