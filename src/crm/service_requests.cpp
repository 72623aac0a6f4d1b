#include <inscrm/crm/service_requests.hpp>

#include <inscrm/core/validation.hpp>
#include <inscrm/crm/customers.hpp>  // validate_customer

#include "crm/engine.hpp"
#include "crm/json.hpp"
#include "crm/policy_steps.hpp"
#include "crm/references.hpp"
#include "crm/service_steps.hpp"
#include "crm/stages.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <variant>

namespace inscrm {
namespace {

using detail::Engine;

Result<void> check_beneficiaries_exist(storage::Transaction& tx, const std::vector<Beneficiary>& list,
                                       std::string_view prefix) {
  for (std::size_t i = 0; i < list.size(); ++i)
    INSCRM_TRYV(detail::referenced(tx.customer(list[i].customer),
                                   fmt::format("{}beneficiaries[{}].customer", prefix, i), "customer",
                                   list[i].customer.value));
  return ok();
}

// Checks everything the request names exists and belongs together; fills the org unit.
Result<void> check_references(storage::Transaction& tx, ServiceRequest& r, const Actor& actor) {
  INSCRM_TRY(auto customer, detail::referenced(tx.customer(r.customer), "customer", "customer", r.customer.value));
  if (r.policy) {
    INSCRM_TRY(auto policy, detail::referenced(tx.policy(*r.policy), "policy", "policy", r.policy->value));
    // 保全 is the policyholder's to ask for: the contract is theirs.
    if (is_policy_bound(r.kind) && policy.holder != r.customer)
      return Error::invalid_argument("policy", fmt::format("customer {} does not hold policy {}", r.customer.value,
                                                           policy.number));
  }
  if (const auto* change = std::get_if<BeneficiaryChange>(&r.payload))
    INSCRM_TRYV(check_beneficiaries_exist(tx, change->beneficiaries, "payload."));
  if (r.agent) INSCRM_TRYV(detail::referenced(tx.agent(*r.agent), "agent", "agent", r.agent->value));
  if (!r.org_unit) r.org_unit = customer.org_unit ? customer.org_unit : actor.org_unit;
  if (r.org_unit) INSCRM_TRYV(detail::referenced(tx.org_unit(r.org_unit), "org_unit", "org unit", r.org_unit.value));
  return ok();
}

Result<void> save_customer(const Engine& engine, storage::Transaction& tx, const Actor& actor, Customer& c,
                           const ServiceRequest& r, Instant now) {
  // The same checks and normalisation as CustomerService::update; errors point into the payload.
  if (auto v = validate_customer(c, date_of(now)); !v) return std::move(v.error().within("payload"));
  c.updated_at = now;
  INSCRM_TRYV(tx.update_customer(c));
  return engine.emit(tx, actor, "customer.updated", "customer", c.id.value,
                     fmt::format(R"({{"customer_id":{},"version":{},"service_request_id":{},"change":"{}"}})",
                                 c.id.value, c.version, r.id.value, to_string(r.kind)));
}

Result<void> move_policy(Engine& engine, storage::Transaction& tx, const Actor& actor, const ServiceRequest& r,
                         PolicyEvent event, Instant now) {
  const Date today = date_of(now);
  INSCRM_TRY(auto policy, tx.policy(*r.policy));
  INSCRM_TRY(auto product, tx.product(policy.product));
  INSCRM_TRY(auto payments, tx.payments(policy.id));
  auto ctx = detail::context_for(engine, actor, today,
                                 fmt::format("service request {}: {}", r.id.value, to_string(r.kind)), policy, payments);
  if (auto moved = detail::step(engine, tx, actor, policy, product, event, ctx); !moved)
    return std::move(moved.error().within("policy"));
  policy.updated_at = now;
  INSCRM_TRYV(tx.update_policy(policy));
  INSCRM_TRY(bool stage_moved, detail::refresh_stage(engine, tx, actor, policy.holder, today));
  (void)stage_moved;
  return ok();
}

// What completing the request does to the customer or the policy (service_requests.hpp). Runs in
// the completing transaction: if it fails, the request is not completed either.
Result<void> apply_effect(Engine& engine, storage::Transaction& tx, const Actor& actor, const ServiceRequest& r,
                          Instant now) {
  if (auto event = policy_effect(r.kind)) return move_policy(engine, tx, actor, r, *event, now);

  if (const auto* change = std::get_if<ContactChange>(&r.payload)) {
    INSCRM_TRY(auto c, tx.customer(r.customer));
    if (!change->phones.empty()) c.phones = change->phones;
    if (!change->emails.empty()) c.emails = change->emails;
    return save_customer(engine, tx, actor, c, r, now);
  }
  if (const auto* change = std::get_if<AddressChange>(&r.payload)) {
    INSCRM_TRY(auto c, tx.customer(r.customer));
    Address next = change->address;
    next.primary = true;
    auto primary = std::find_if(c.addresses.begin(), c.addresses.end(), [](const Address& a) { return a.primary; });
    if (primary != c.addresses.end())
      *primary = std::move(next);
    else
      c.addresses.insert(c.addresses.begin(), std::move(next));
    return save_customer(engine, tx, actor, c, r, now);
  }
  if (const auto* change = std::get_if<BeneficiaryChange>(&r.payload)) {
    INSCRM_TRY(auto policy, tx.policy(*r.policy));
    if (is_final(policy.status))
      return Error::invalid_argument("policy", fmt::format("policy {} is {}: its beneficiaries no longer change",
                                                           policy.number, to_string(policy.status)));
    // Checked again at completion: a beneficiary may have been merged away since submission.
    INSCRM_TRYV(check_beneficiaries_exist(tx, change->beneficiaries, "payload."));
    policy.beneficiaries = change->beneficiaries;
    policy.updated_at = now;
    INSCRM_TRYV(tx.update_policy(policy));
    std::string list;
    for (const auto& b : change->beneficiaries)
      list += fmt::format(R"({}{{"customer_id":{},"share_percent":{}}})", list.empty() ? "" : ",", b.customer.value,
                          b.share_percent);
    return engine.emit(tx, actor, "policy.beneficiaries_changed", "policy", policy.id.value,
                       fmt::format(R"({{"policy_id":{},"number":{},"service_request_id":{},"beneficiaries":[{}]}})",
                                   policy.id.value, detail::json_string(policy.number), r.id.value, list));
  }
  return ok();
}

}  // namespace

Result<ServiceRequest> ServiceRequestService::submit(const Actor& actor, ServiceRequest draft) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::ServiceRequest, Action::Create));
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  ServiceRequest r = std::move(draft);
  r.id = ServiceRequestId{};
  r.version = 0;
  if (r.requested_at == Instant{}) r.requested_at = now;
  if (r.external_ref) {
    r.external_ref = std::string{trim(*r.external_ref)};
    if (r.external_ref->empty()) return Error::invalid_argument("external_ref", "external_ref, when given, must not be blank");
  }
  INSCRM_TRYV(validate_service_request(r, now));
  return engine.write([&](storage::Transaction& tx) -> Result<ServiceRequest> {
    INSCRM_TRYV(check_references(tx, r, actor));
    ServiceRequestContext ctx;
    ctx.at = now;
    ctx.actor = actor.user;
    INSCRM_TRY(auto step, submit_request(r, ctx));
    INSCRM_TRYV(tx.service().insert_service_request(r));
    INSCRM_TRYV(detail::record_service_step(engine, tx, actor, r, step));
    return r;
  });
}

Result<ServiceRequest> ServiceRequestService::apply_event(const Actor& actor, ServiceRequestId id, ServiceEvent event,
                                                          ServiceRequestContext ctx) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::ServiceRequest, Action::Update));
  if (event == ServiceEvent::Submit)
    return Error::illegal_transition("a service request is submitted once, by submit()", "event");
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  ctx.at = now;
  ctx.actor = actor.user;
  return engine.write([&](storage::Transaction& tx) -> Result<ServiceRequest> {
    auto& records = tx.service();
    INSCRM_TRY(auto r, records.service_request(id));
    INSCRM_TRY(auto step, inscrm::apply_event(r, event, ctx));
    if (event == ServiceEvent::Complete) INSCRM_TRYV(apply_effect(engine, tx, actor, r, now));
    INSCRM_TRYV(records.update_service_request(r));
    INSCRM_TRYV(detail::record_service_step(engine, tx, actor, r, step));
    return r;
  });
}

Result<ServiceRequest> ServiceRequestService::start(const Actor& actor, ServiceRequestId id, std::string assignee) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::ServiceRequest, Action::Update));
  ServiceRequestContext ctx;
  ctx.assignee = std::move(assignee);
  return apply_event(actor, id, ServiceEvent::Start, std::move(ctx));
}

Result<ServiceRequest> ServiceRequestService::wait_on_customer(const Actor& actor, ServiceRequestId id,
                                                               std::string reason) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::ServiceRequest, Action::Update));
  if (trim(reason).empty()) return Error::invalid_argument("reason", "say what the customer is to provide");
  ServiceRequestContext ctx;
  ctx.note = std::move(reason);
  return apply_event(actor, id, ServiceEvent::WaitOnCustomer, std::move(ctx));
}

Result<ServiceRequest> ServiceRequestService::customer_responded(const Actor& actor, ServiceRequestId id,
                                                                 std::string note) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::ServiceRequest, Action::Update));
  ServiceRequestContext ctx;
  ctx.note = std::move(note);
  return apply_event(actor, id, ServiceEvent::CustomerResponded, std::move(ctx));
}

Result<ServiceRequest> ServiceRequestService::complete(const Actor& actor, ServiceRequestId id, std::string result,
                                                       std::optional<Money> amount) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::ServiceRequest, Action::Update));
  ServiceRequestContext ctx;
  ctx.result = std::move(result);
  ctx.amount = amount;
  return apply_event(actor, id, ServiceEvent::Complete, std::move(ctx));
}

Result<ServiceRequest> ServiceRequestService::reject(const Actor& actor, ServiceRequestId id, std::string reason) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::ServiceRequest, Action::Update));
  ServiceRequestContext ctx;
  ctx.note = std::move(reason);
  return apply_event(actor, id, ServiceEvent::Reject, std::move(ctx));
}

Result<ServiceRequest> ServiceRequestService::cancel(const Actor& actor, ServiceRequestId id, std::string note) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::ServiceRequest, Action::Update));
  ServiceRequestContext ctx;
  ctx.note = std::move(note);
  return apply_event(actor, id, ServiceEvent::Cancel, std::move(ctx));
}

Result<ServiceRequest> ServiceRequestService::get(const Actor& actor, ServiceRequestId id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::ServiceRequest, Action::Read));
  return engine_->read([&](storage::Transaction& tx) { return tx.service().service_request(id); });
}

Result<std::vector<ServiceRequest>> ServiceRequestService::list(const Actor& actor,
                                                                const storage::ServiceRequestQuery& query) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::ServiceRequest, Action::Read));
  return engine_->read([&](storage::Transaction& tx) { return tx.service().service_requests(query); });
}

Result<std::vector<ServiceRequestStep>> ServiceRequestService::history(const Actor& actor, ServiceRequestId id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::ServiceRequest, Action::Read));
  return engine_->read([&](storage::Transaction& tx) -> Result<std::vector<ServiceRequestStep>> {
    INSCRM_TRYV(tx.service().service_request(id));
    return tx.service().service_steps(id);
  });
}

Result<Deadlines> ServiceRequestService::deadlines(const Actor& actor, ServiceRequestId id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::ServiceRequest, Action::Read));
  auto& engine = *engine_;
  const auto settings = engine.service_settings();
  const auto now = engine.clock->now();
  return engine.read([&](storage::Transaction& tx) -> Result<Deadlines> {
    INSCRM_TRY(auto r, tx.service().service_request(id));
    return detail::deadlines_of(r.sla, sla_row_for(settings->service_sla, r), settings->calendar, now);
  });
}

Result<void> ServiceRequestService::set_sla_policy(const Actor& actor, SlaPolicy policy) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Settings, Action::Update));
  INSCRM_TRYV(validate_service_sla_policy(policy));
  return detail::change_settings(*engine_, actor, "service_sla",
                                 [&](ServiceSettings& s) { s.service_sla = std::move(policy); });
}

SlaPolicy ServiceRequestService::sla_policy() const { return engine_->service_settings()->service_sla; }

}  // namespace inscrm
