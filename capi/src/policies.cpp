// Policies module: quote, issue, the lifecycle, reads, history and bulk import.

#include "policies.hpp"

#include "guard.hpp"
#include "handle.hpp"
#include "input.hpp"
#include "output.hpp"

#include <inscrm/crm.hpp>

#include <fmt/format.h>

using namespace inscrm;

namespace {

static_assert(INSCRM_POLICY_EVENT_APPLY == static_cast<int>(PolicyEvent::Apply));
static_assert(INSCRM_POLICY_EVENT_START_UNDERWRITING == static_cast<int>(PolicyEvent::StartUnderwriting));
static_assert(INSCRM_POLICY_EVENT_DECLINE == static_cast<int>(PolicyEvent::Decline));
static_assert(INSCRM_POLICY_EVENT_ISSUE == static_cast<int>(PolicyEvent::Issue));
static_assert(INSCRM_POLICY_EVENT_TAKE_EFFECT == static_cast<int>(PolicyEvent::TakeEffect));
static_assert(INSCRM_POLICY_EVENT_MISS_PREMIUM == static_cast<int>(PolicyEvent::MissPremium));
static_assert(INSCRM_POLICY_EVENT_PAY_ARREARS == static_cast<int>(PolicyEvent::PayArrears));
static_assert(INSCRM_POLICY_EVENT_LAPSE == static_cast<int>(PolicyEvent::Lapse));
static_assert(INSCRM_POLICY_EVENT_REINSTATE == static_cast<int>(PolicyEvent::Reinstate));
static_assert(INSCRM_POLICY_EVENT_CANCEL_FREE_LOOK == static_cast<int>(PolicyEvent::CancelFreeLook));
static_assert(INSCRM_POLICY_EVENT_SURRENDER == static_cast<int>(PolicyEvent::Surrender));
static_assert(INSCRM_POLICY_EVENT_MATURE == static_cast<int>(PolicyEvent::Mature));
static_assert(INSCRM_POLICY_EVENT_EXPIRE == static_cast<int>(PolicyEvent::Expire));
static_assert(INSCRM_POLICY_EVENT_RENEW == static_cast<int>(PolicyEvent::Renew));
static_assert(INSCRM_POLICY_EVENT_TERMINATE == static_cast<int>(PolicyEvent::Terminate));
static_assert(enum_count<PolicyEvent>() == 15, "a new PolicyEvent needs its INSCRM_POLICY_EVENT_ value");

// A C enum value from the caller, which may hold any int.
template <class E>
std::optional<E> enum_value(int value) {
  if (value < 0 || value >= static_cast<int>(enum_count<E>())) return std::nullopt;
  return static_cast<E>(value);
}

template <class E>
const char* name_or_unknown(int value) {
  auto e = enum_value<E>(value);
  return e ? capi::name_of(*e) : "unknown";
}

Result<PolicyApplication> to_application(const inscrm_policy_application& in) {
  PolicyApplication app;
  INSCRM_TRY(app.product, capi::text(in.product, "product"));
  app.holder = CustomerId{in.holder};
  INSCRM_TRYV(capi::check_array(in.insured, in.insured_count, "insured"));
  for (std::size_t i = 0; i < in.insured_count; ++i) app.insured.push_back(CustomerId{in.insured[i]});
  INSCRM_TRYV(capi::check_array(in.beneficiaries, in.beneficiary_count, "beneficiaries"));
  for (std::size_t i = 0; i < in.beneficiary_count; ++i)
    app.beneficiaries.push_back({CustomerId{in.beneficiaries[i].customer}, in.beneficiaries[i].share_percent});
  INSCRM_TRY(app.sum_insured, capi::money(in.sum_insured, "sum_insured"));
  INSCRM_TRY(app.premium, capi::money(in.premium, "premium"));
  INSCRM_TRY(app.frequency, capi::enum_named(in.frequency, Frequency::Annual, "frequency"));
  if (in.premium_years != 0) app.premium_years = in.premium_years;
  app.agent = capi::opt_id<AgentId>(in.agent);
  app.org_unit = OrgUnitId{in.org_unit};
  INSCRM_TRY(app.application_date, capi::opt_date(in.application_date, "application_date"));
  INSCRM_TRY(app.effective_date, capi::opt_date(in.effective_date, "effective_date"));
  INSCRM_TRY(app.expiry_date, capi::opt_date(in.expiry_date, "expiry_date"));
  app.number = capi::text_or_empty(in.number);
  app.external_ref = capi::opt_text(in.external_ref);
  app.whole_life = in.whole_life != 0;
  return app;
}

void fill_policy(inscrm_policy& o, capi::Arena& a, const Policy& p) {
  o.id = p.id.value;
  o.version = p.version;
  o.external_ref = a.opt_str(p.external_ref);
  o.number = a.str(p.number);
  o.product = p.product.value;
  o.holder = p.holder.value;
  auto* insured = a.array<int64_t>(p.insured.size());
  for (std::size_t i = 0; i < p.insured.size(); ++i) insured[i] = p.insured[i].value;
  o.insured = insured;
  o.insured_count = p.insured.size();
  auto* beneficiaries = a.array<inscrm_beneficiary>(p.beneficiaries.size());
  for (std::size_t i = 0; i < p.beneficiaries.size(); ++i)
    beneficiaries[i] = {p.beneficiaries[i].customer.value, p.beneficiaries[i].share_percent};
  o.beneficiaries = beneficiaries;
  o.beneficiary_count = p.beneficiaries.size();
  o.agent = p.agent ? p.agent->value : 0;
  o.org_unit = p.org_unit.value;
  o.sum_insured = capi::to_c(p.sum_insured);
  o.premium = capi::to_c(p.premium);
  o.frequency = capi::name_of(p.frequency);
  o.premium_years = p.premium_years;
  o.application_date = a.date(p.application_date);
  o.issue_date = a.opt_date(p.issue_date);
  o.effective_date = a.opt_date(p.effective_date);
  o.expiry_date = a.opt_date(p.expiry_date);
  o.term_start = a.opt_date(p.term_start);
  o.renewals = p.renewals;
  o.status = static_cast<inscrm_policy_status>(p.status);
  o.status_since = a.date(p.status_since);
  o.created_at_unix_micros = capi::to_c(p.created_at);
  o.updated_at_unix_micros = capi::to_c(p.updated_at);
}

inscrm_policy* policy_output(const Policy& p) {
  return capi::make_output<inscrm_policy>([&](inscrm_policy& o, capi::Arena& a) { fill_policy(o, a, p); });
}

void fill_transition(inscrm_transition& o, capi::Arena& a, const PolicyTransition& t) {
  o.id = t.id.value;
  o.policy = t.policy.value;
  o.from = static_cast<inscrm_policy_status>(t.from);
  o.to = static_cast<inscrm_policy_status>(t.to);
  o.event = static_cast<inscrm_policy_event>(t.event);
  o.effective_on = a.date(t.effective_on);
  o.at_unix_micros = capi::to_c(t.at);
  o.actor = a.str(t.actor);
  o.reason = a.str(t.reason);
}

// quote and issue differ only in the service call.
template <class Call>
inscrm_status submit(inscrm_db* db, const inscrm_actor* actor, const inscrm_policy_application* application,
                     inscrm_policy** out, Call&& call) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto in, capi::read_struct(application, "application"));
    INSCRM_TRY(auto app, to_application(in));
    INSCRM_TRY(auto policy, call(capi::from_handle(db).crm.policies(), who, app));
    if (out) *out = policy_output(policy);
    return ok();
  });
}

}  // namespace

const char* inscrm_policy_status_name(inscrm_policy_status status) { return name_or_unknown<PolicyStatus>(capi::raw_enum(status)); }

const char* inscrm_policy_event_name(inscrm_policy_event event) { return name_or_unknown<PolicyEvent>(capi::raw_enum(event)); }

const char* inscrm_customer_stage_name(inscrm_customer_stage stage) { return name_or_unknown<CustomerStage>(capi::raw_enum(stage)); }

inscrm_status inscrm_policy_event_from_name(const char* name, inscrm_policy_event* out_event) {
  return capi::guard([&]() -> Result<void> {
    INSCRM_TRYV(capi::require(name, "name"));
    INSCRM_TRYV(capi::require(out_event, "out_event"));
    INSCRM_TRY(auto event, capi::enum_named(name, PolicyEvent::Apply, "event"));
    *out_event = static_cast<inscrm_policy_event>(event);
    return ok();
  });
}

inscrm_status inscrm_policy_application_init(inscrm_policy_application* application, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(application, version, "application"); });
}

inscrm_status inscrm_policy_quote(inscrm_db* db, const inscrm_actor* actor, const inscrm_policy_application* application,
                                  inscrm_policy** out) {
  return submit(db, actor, application, out, [](const PolicyService& s, const Actor& who, const PolicyApplication& app) {
    return s.quote(who, app);
  });
}

inscrm_status inscrm_policy_issue(inscrm_db* db, const inscrm_actor* actor, const inscrm_policy_application* application,
                                  inscrm_policy** out) {
  return submit(db, actor, application, out, [](const PolicyService& s, const Actor& who, const PolicyApplication& app) {
    return s.issue(who, app);
  });
}

inscrm_status inscrm_policy_apply_event(inscrm_db* db, const inscrm_actor* actor, int64_t policy_id,
                                        inscrm_policy_event event, const char* reason, const char* on,
                                        inscrm_policy** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    const int raw_event = capi::raw_enum(event);
    const auto e = enum_value<PolicyEvent>(raw_event);
    if (!e) return Error::invalid_argument("event", fmt::format("{} is not an inscrm_policy_event", raw_event));
    INSCRM_TRY(auto day, capi::opt_date(on, "on"));
    INSCRM_TRY(auto policy, capi::from_handle(db).crm.policies().apply_event(who, PolicyId{policy_id}, *e, capi::text_or_empty(reason), day));
    if (out) *out = policy_output(policy);
    return ok();
  });
}

inscrm_status inscrm_policy_get(inscrm_db* db, const inscrm_actor* actor, int64_t id, inscrm_policy** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto policy, capi::from_handle(db).crm.policies().get(who, PolicyId{id}));
    *out = policy_output(policy);
    return ok();
  });
}

inscrm_status inscrm_policy_get_by_number(inscrm_db* db, const inscrm_actor* actor, const char* number,
                                          inscrm_policy** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(number, "number"));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto policy, capi::from_handle(db).crm.policies().by_number(who, number));
    *out = policy_output(policy);
    return ok();
  });
}

void inscrm_policy_free(inscrm_policy** policy) {
  capi::guard_void([&] { capi::free_output(policy); });
}

inscrm_status inscrm_policy_query_init(inscrm_policy_query* query, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(query, version, "query"); });
}

inscrm_status inscrm_policies_list(inscrm_db* db, const inscrm_actor* actor, const inscrm_policy_query* query,
                                   inscrm_policy_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    inscrm_policy_query q = capi::Versioned<inscrm_policy_query>::defaults;  // NULL: the first page
    if (query) {
      INSCRM_TRY(q, capi::read_struct(query, "query"));
    }
    INSCRM_TRYV(capi::require(out, "out"));
    storage::PolicyQuery pq;
    pq.holder = capi::opt_id<CustomerId>(q.holder);
    INSCRM_TRYV(capi::check_array(q.statuses, q.status_count, "query.statuses"));
    for (std::size_t i = 0; i < q.status_count; ++i) {
      const int raw_status = capi::raw_enum(q.statuses[i]);
      const auto s = enum_value<PolicyStatus>(raw_status);
      if (!s)
        return Error::invalid_argument(fmt::format("query.statuses[{}]", i),
                                       fmt::format("{} is not an inscrm_policy_status", raw_status));
      pq.statuses.push_back(*s);
    }
    pq.after = PolicyId{q.after};
    pq.limit = q.limit;
    INSCRM_TRY(auto policies, capi::from_handle(db).crm.policies().list(who, pq));
    *out = capi::make_output<inscrm_policy_list>([&](inscrm_policy_list& l, capi::Arena& a) {
      capi::fill_list<inscrm_policy_list, inscrm_policy>(l, a, policies, fill_policy);
    });
    return ok();
  });
}

void inscrm_policy_list_free(inscrm_policy_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}

inscrm_status inscrm_policy_history(inscrm_db* db, const inscrm_actor* actor, int64_t policy_id,
                                    inscrm_transition_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto history, capi::from_handle(db).crm.policies().history(who, PolicyId{policy_id}));
    *out = capi::make_output<inscrm_transition_list>([&](inscrm_transition_list& l, capi::Arena& a) {
      capi::fill_list<inscrm_transition_list, inscrm_transition>(l, a, history, fill_transition);
    });
    return ok();
  });
}

void inscrm_transition_list_free(inscrm_transition_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}

inscrm_status inscrm_policy_import_row_init(inscrm_policy_import_row* row, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(row, version, "row"); });
}

inscrm_status inscrm_policies_import(inscrm_db* db, const inscrm_actor* actor, const inscrm_policy_import_row* rows,
                                     size_t n, int64_t* out_ids) {
  return capi::guard([&]() -> Result<void> {
    if (out_ids)
      for (std::size_t i = 0; i < n; ++i) out_ids[i] = 0;
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::check_array(rows, n, "rows"));
    // As in inscrm_customers_import: the stride comes from row 0's version.
    if (n > 0) INSCRM_TRYV(capi::check_struct(rows, "rows[0]"));
    std::vector<PolicyImportRow> batch;
    batch.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      const auto* row = capi::element(rows, i);
      // Errors carry the facade's path for a row ("[3].number"), under "rows".
      auto in_row = [i](Error e) { return std::move(e.within(fmt::format("[{}]", i)).within("rows")); };
      if (row->version != rows->version)
        return in_row(Error::invalid_argument("version", "all rows of one call must have the same version"));
      INSCRM_TRY(auto r, capi::read_struct(row, "rows"));
      PolicyImportRow out;
      // Read under its full path, so that a NULL here is reported as "rows[1].application".
      INSCRM_TRY(auto application, capi::read_struct(r.application, fmt::format("rows[{}].application", i)));
      auto app = to_application(application);
      if (!app) return in_row(app.error());
      out.application = std::move(app).value();
      const auto status = enum_value<PolicyStatus>(capi::raw_enum(r.status));
      if (!status) return in_row(Error::invalid_argument("status", "not an inscrm_policy_status"));
      out.status = *status;
      if (auto a = capi::check_array(r.payments, r.payment_count, "payments"); !a) return in_row(a.error());
      if (r.payment_count > 0) {
        if (auto v = capi::check_struct(r.payments, "payments[0]"); !v) return in_row(v.error());
      }
      for (std::size_t k = 0; k < r.payment_count; ++k) {
        const auto* p = capi::element(r.payments, k);
        const std::string field = fmt::format("payments[{}]", k);
        if (p->version != r.payments->version)
          return in_row(Error::invalid_argument(field + ".version", "all payments of a row must have the same version"));
        auto payment = capi::read_struct(p, field);
        if (!payment) return in_row(payment.error());
        auto input = capi::payment_input(payment.value());
        if (!input) return in_row(std::move(input.error().within(field)));
        out.payments.push_back(std::move(input).value());
      }
      batch.push_back(std::move(out));
    }
    auto ids = capi::from_handle(db).crm.policies().import(who, std::move(batch));
    if (!ids) {
      Error e = ids.error();
      // The facade names rows "[i]…"; say which array they are in.
      if (!e.field().empty() && e.field().front() == '[') e.within("rows");
      return e;
    }
    if (out_ids)
      for (std::size_t i = 0; i < ids.value().size() && i < n; ++i) out_ids[i] = ids.value()[i].value;
    return ok();
  });
}
