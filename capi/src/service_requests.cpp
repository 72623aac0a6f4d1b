// Service requests module (domain.md C4: 保全 and value-added services): submit, the steps,
// completion with its effect, reads, history and deadlines.

#include "contacts.hpp"
#include "guard.hpp"
#include "handle.hpp"
#include "input.hpp"
#include "output.hpp"
#include "sla.hpp"

#include <inscrm/crm.hpp>

#include <fmt/format.h>

#include <string>

using namespace inscrm;

namespace {

// Which of the input's payload fields a kind reads; any other given is a mistake worth naming.
enum class PayloadFields { None, Contacts, Address, Beneficiaries, PaymentMethod };

PayloadFields fields_of(ServiceKind kind) noexcept {
  switch (kind) {
    case ServiceKind::ChangeContact: return PayloadFields::Contacts;
    case ServiceKind::ChangeAddress: return PayloadFields::Address;
    case ServiceKind::ChangeBeneficiary: return PayloadFields::Beneficiaries;
    case ServiceKind::ChangePaymentMethod: return PayloadFields::PaymentMethod;
    default: return PayloadFields::None;
  }
}

Result<void> only_fields_of(const inscrm_service_request_input& in, ServiceKind kind) {
  const PayloadFields wanted = fields_of(kind);
  const auto given = [&](PayloadFields f, bool present) -> Result<void> {
    if (present && f != wanted)
      return Error::invalid_argument("payload", fmt::format("a {} request carries no such change", to_string(kind)));
    return ok();
  };
  INSCRM_TRYV(given(PayloadFields::Contacts, in.phone_count > 0 || in.email_count > 0));
  INSCRM_TRYV(given(PayloadFields::Address, in.address != nullptr));
  INSCRM_TRYV(given(PayloadFields::Beneficiaries, in.beneficiary_count > 0));
  INSCRM_TRYV(given(PayloadFields::PaymentMethod, in.payment_channel != nullptr || in.account != nullptr));
  return ok();
}

Result<ServicePayload> payload_in(const inscrm_service_request_input& in, ServiceKind kind) {
  INSCRM_TRYV(only_fields_of(in, kind));
  switch (fields_of(kind)) {
    case PayloadFields::Contacts: {
      ContactChange change;
      INSCRM_TRYV(capi::check_array(in.phones, in.phone_count, "payload.phones"));
      for (std::size_t i = 0; i < in.phone_count; ++i) {
        INSCRM_TRY(auto phone, capi::phone_in(in.phones[i], fmt::format("payload.phones[{}]", i)));
        change.phones.push_back(std::move(phone));
      }
      INSCRM_TRYV(capi::check_array(in.emails, in.email_count, "payload.emails"));
      for (std::size_t i = 0; i < in.email_count; ++i) {
        INSCRM_TRY(auto email, capi::email_in(in.emails[i], fmt::format("payload.emails[{}]", i)));
        change.emails.push_back(std::move(email));
      }
      return ServicePayload{std::move(change)};
    }
    case PayloadFields::Address: {
      if (in.address == nullptr) return ServicePayload{};  // the facade says what is missing
      INSCRM_TRY(auto address, capi::address_in(*in.address, "payload.address"));
      return ServicePayload{AddressChange{std::move(address)}};
    }
    case PayloadFields::Beneficiaries: {
      BeneficiaryChange change;
      INSCRM_TRYV(capi::check_array(in.beneficiaries, in.beneficiary_count, "payload.beneficiaries"));
      for (std::size_t i = 0; i < in.beneficiary_count; ++i)
        change.beneficiaries.push_back({CustomerId{in.beneficiaries[i].customer}, in.beneficiaries[i].share_percent});
      return ServicePayload{std::move(change)};
    }
    case PayloadFields::PaymentMethod: {
      PaymentMethodChange change;
      INSCRM_TRY(change.channel, capi::enum_named(in.payment_channel, PayChannel::AutoDebit, "payload.channel"));
      change.account = capi::text_or_empty(in.account);
      return ServicePayload{std::move(change)};
    }
    case PayloadFields::None: break;
  }
  return ServicePayload{};
}

Result<ServiceRequest> to_request(const inscrm_service_request_input& in) {
  ServiceRequest r;
  r.external_ref = capi::opt_text(in.external_ref);
  INSCRM_TRY(auto kind_name, capi::text(in.kind, "kind"));
  INSCRM_TRY(r.kind, capi::enum_named(kind_name.c_str(), ServiceKind::ChangeContact, "kind"));
  r.customer = CustomerId{in.customer};
  r.policy = capi::opt_id<PolicyId>(in.policy);
  INSCRM_TRY(r.channel, capi::enum_named(in.channel, Channel::CallCentre, "channel"));
  INSCRM_TRY(r.payload, payload_in(in, r.kind));
  INSCRM_TRY(r.amount, capi::opt_money(in.amount, "amount"));
  r.requested_at = from_epoch_micros(in.requested_at_unix_micros);  // the epoch: the facade's "now"
  r.org_unit = OrgUnitId{in.org_unit};
  r.agent = capi::opt_id<AgentId>(in.agent);
  return r;
}

void fill_payload(inscrm_service_request& o, capi::Arena& a, const ServicePayload& payload) {
  if (const auto* contacts = std::get_if<ContactChange>(&payload)) {
    auto* phones = a.array<inscrm_phone>(contacts->phones.size());
    for (std::size_t i = 0; i < contacts->phones.size(); ++i) phones[i] = capi::phone_out(a, contacts->phones[i]);
    o.phones = phones;
    o.phone_count = contacts->phones.size();
    auto* emails = a.array<inscrm_email>(contacts->emails.size());
    for (std::size_t i = 0; i < contacts->emails.size(); ++i) emails[i] = capi::email_out(a, contacts->emails[i]);
    o.emails = emails;
    o.email_count = contacts->emails.size();
  } else if (const auto* address = std::get_if<AddressChange>(&payload)) {
    auto* out = a.one<inscrm_address>();
    *out = capi::address_out(a, address->address);
    o.address = out;
  } else if (const auto* change = std::get_if<BeneficiaryChange>(&payload)) {
    auto* beneficiaries = a.array<inscrm_beneficiary>(change->beneficiaries.size());
    for (std::size_t i = 0; i < change->beneficiaries.size(); ++i)
      beneficiaries[i] = {change->beneficiaries[i].customer.value, change->beneficiaries[i].share_percent};
    o.beneficiaries = beneficiaries;
    o.beneficiary_count = change->beneficiaries.size();
  } else if (const auto* method = std::get_if<PaymentMethodChange>(&payload)) {
    o.payment_channel = capi::name_of(method->channel);
    o.account = a.str(method->account);
  }
}

void fill_request(inscrm_service_request& o, capi::Arena& a, const ServiceRequest& r) {
  o.id = r.id.value;
  o.version = r.version;
  o.external_ref = a.opt_str(r.external_ref);
  o.kind = capi::name_of(r.kind);
  o.customer = r.customer.value;
  o.policy = r.policy ? r.policy->value : 0;
  o.channel = capi::name_of(r.channel);
  o.amount = capi::money_out(a, r.amount);
  fill_payload(o, a, r.payload);
  o.status = capi::name_of(r.status);
  o.assignee = a.str(r.assignee);
  o.requested_at_unix_micros = capi::to_c(r.requested_at);
  o.completed_at_unix_micros = capi::to_c(r.completed_at);
  o.result = a.str(r.result);
  o.sla = capi::sla_clock_out(a, r.sla);
  o.org_unit = r.org_unit.value;
  o.agent = r.agent ? r.agent->value : 0;
  o.created_at_unix_micros = capi::to_c(r.created_at);
  o.updated_at_unix_micros = capi::to_c(r.updated_at);
}

inscrm_service_request* request_output(const ServiceRequest& r) {
  return capi::make_output<inscrm_service_request>(
      [&](inscrm_service_request& o, capi::Arena& a) { fill_request(o, a, r); });
}

void fill_step(inscrm_service_request_step& o, capi::Arena& a, const ServiceRequestStep& s) {
  o.id = s.id.value;
  o.request = s.request.value;
  o.from = capi::name_of(s.from);
  o.to = capi::name_of(s.to);
  o.event = capi::name_of(s.event);
  o.at_unix_micros = capi::to_c(s.at);
  o.actor = a.str(s.actor);
  o.note = a.str(s.note);
}

// Every step has the same frame; `call` reads its own arguments, then calls the service.
template <class Call>
inscrm_status step(inscrm_db* db, const inscrm_actor* actor, inscrm_service_request** out, Call&& call) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto request, call(capi::from_handle(db).crm.service_requests(), who));
    if (out) *out = request_output(request);
    return ok();
  });
}

}  // namespace

inscrm_status inscrm_service_request_input_init(inscrm_service_request_input* input, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(input, version, "input"); });
}

inscrm_status inscrm_service_request_query_init(inscrm_service_request_query* query, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(query, version, "query"); });
}

inscrm_status inscrm_service_request_submit(inscrm_db* db, const inscrm_actor* actor,
                                            const inscrm_service_request_input* input, inscrm_service_request** out) {
  return step(db, actor, out, [&](const ServiceRequestService& s, const Actor& who) -> Result<ServiceRequest> {
    INSCRM_TRY(auto in, capi::read_struct(input, "input"));
    INSCRM_TRY(auto draft, to_request(in));
    return s.submit(who, std::move(draft));
  });
}

inscrm_status inscrm_service_request_start(inscrm_db* db, const inscrm_actor* actor, int64_t id, const char* assignee,
                                           inscrm_service_request** out) {
  return step(db, actor, out, [&](const ServiceRequestService& s, const Actor& who) {
    return s.start(who, ServiceRequestId{id}, capi::text_or_empty(assignee));
  });
}

inscrm_status inscrm_service_request_wait_on_customer(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                      const char* reason, inscrm_service_request** out) {
  return step(db, actor, out, [&](const ServiceRequestService& s, const Actor& who) -> Result<ServiceRequest> {
    INSCRM_TRY(auto why, capi::text(reason, "reason"));
    return s.wait_on_customer(who, ServiceRequestId{id}, std::move(why));
  });
}

inscrm_status inscrm_service_request_customer_responded(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                        const char* note, inscrm_service_request** out) {
  return step(db, actor, out, [&](const ServiceRequestService& s, const Actor& who) {
    return s.customer_responded(who, ServiceRequestId{id}, capi::text_or_empty(note));
  });
}

inscrm_status inscrm_service_request_complete(inscrm_db* db, const inscrm_actor* actor, int64_t id, const char* result,
                                              const inscrm_money* amount, inscrm_service_request** out) {
  return step(db, actor, out, [&](const ServiceRequestService& s, const Actor& who) -> Result<ServiceRequest> {
    INSCRM_TRY(auto outcome, capi::text(result, "result"));
    INSCRM_TRY(auto money, capi::opt_money(amount, "amount"));
    return s.complete(who, ServiceRequestId{id}, std::move(outcome), money);
  });
}

inscrm_status inscrm_service_request_reject(inscrm_db* db, const inscrm_actor* actor, int64_t id, const char* reason,
                                            inscrm_service_request** out) {
  return step(db, actor, out, [&](const ServiceRequestService& s, const Actor& who) -> Result<ServiceRequest> {
    INSCRM_TRY(auto why, capi::text(reason, "reason"));
    return s.reject(who, ServiceRequestId{id}, std::move(why));
  });
}

inscrm_status inscrm_service_request_cancel(inscrm_db* db, const inscrm_actor* actor, int64_t id, const char* note,
                                            inscrm_service_request** out) {
  return step(db, actor, out, [&](const ServiceRequestService& s, const Actor& who) {
    return s.cancel(who, ServiceRequestId{id}, capi::text_or_empty(note));
  });
}

inscrm_status inscrm_service_request_get(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                         inscrm_service_request** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto request, capi::from_handle(db).crm.service_requests().get(who, ServiceRequestId{id}));
    *out = request_output(request);
    return ok();
  });
}

void inscrm_service_request_free(inscrm_service_request** request) {
  capi::guard_void([&] { capi::free_output(request); });
}

inscrm_status inscrm_service_requests_list(inscrm_db* db, const inscrm_actor* actor,
                                           const inscrm_service_request_query* query,
                                           inscrm_service_request_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    inscrm_service_request_query q = capi::Versioned<inscrm_service_request_query>::defaults;  // NULL: the first page
    if (query) {
      INSCRM_TRY(q, capi::read_struct(query, "query"));
    }
    INSCRM_TRYV(capi::require(out, "out"));
    storage::ServiceRequestQuery sq;
    sq.customer = capi::opt_id<CustomerId>(q.customer);
    sq.policy = capi::opt_id<PolicyId>(q.policy);
    INSCRM_TRY(sq.statuses, capi::enums_named<ServiceStatus>(q.statuses, q.status_count, "query.statuses"));
    sq.after = ServiceRequestId{q.after};
    sq.limit = q.limit;
    INSCRM_TRY(auto requests, capi::from_handle(db).crm.service_requests().list(who, sq));
    *out = capi::make_output<inscrm_service_request_list>([&](inscrm_service_request_list& l, capi::Arena& a) {
      capi::fill_list<inscrm_service_request_list, inscrm_service_request>(l, a, requests, fill_request);
    });
    return ok();
  });
}

void inscrm_service_request_list_free(inscrm_service_request_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}

inscrm_status inscrm_service_request_history(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                             inscrm_service_request_step_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto steps, capi::from_handle(db).crm.service_requests().history(who, ServiceRequestId{id}));
    *out = capi::make_output<inscrm_service_request_step_list>(
        [&](inscrm_service_request_step_list& l, capi::Arena& a) {
          capi::fill_list<inscrm_service_request_step_list, inscrm_service_request_step>(l, a, steps, fill_step);
        });
    return ok();
  });
}

void inscrm_service_request_step_list_free(inscrm_service_request_step_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}

inscrm_status inscrm_service_request_deadlines(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                               inscrm_deadlines** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto deadlines, capi::from_handle(db).crm.service_requests().deadlines(who, ServiceRequestId{id}));
    *out = capi::deadlines_output(deadlines);
    return ok();
  });
}
