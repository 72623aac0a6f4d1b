// crm.service_requests: policy servicing (保全) and value-added services — submit one from keyword
// arguments (the change it asks for among them), take it through its flow (or any step by its event
// name), its SLA deadlines and history, and the service SLA policy in force.

#include "common.hpp"
#include "values.hpp"

#include <inscrm/crm/service_requests.hpp>

namespace inscrm::python {
namespace {

using TextStep = Result<ServiceRequest> (ServiceRequestService::*)(const Actor&, ServiceRequestId, std::string) const;
struct NamedStep {
  const char* name;
  TextStep step;
  const char* text;
  bool text_required;
  const char* doc;
};
const NamedStep kSteps[] = {
    {"start", &ServiceRequestService::start, "assignee", false, "Submitted → in progress (acknowledges the SLA), taken by assignee."},
    {"wait_on_customer", &ServiceRequestService::wait_on_customer, "reason", true,
     "In progress → waiting on the customer; the SLA clock stops."},
    {"customer_responded", &ServiceRequestService::customer_responded, "note", false,
     "Waiting on the customer → in progress; the SLA clock runs again."},
    {"reject", &ServiceRequestService::reject, "reason", true, "An open request → rejected, with the reason."},
    {"cancel", &ServiceRequestService::cancel, "note", false, "An open request → cancelled: the customer withdrew."},
};

// The change a request asks for, from the keyword arguments that describe it. Which kind of change
// fits which request kind is the library's to check ("payload"); two kinds of change at once are
// refused here, since one request carries one.
ServicePayload payload_from(py::handle phones, py::handle emails, py::handle address, py::handle beneficiaries,
                            py::handle pay_channel, py::handle account) {
  std::vector<ServicePayload> given;
  if (!is_missing(phones) || !is_missing(emails))
    given.emplace_back(ContactChange{list_from<Phone>(phones, "phones", phone_from), list_from<Email>(emails, "emails", email_from)});
  if (!is_missing(address)) given.emplace_back(AddressChange{address_from(address, "address")});
  if (!is_missing(beneficiaries))
    given.emplace_back(BeneficiaryChange{list_from<Beneficiary>(beneficiaries, "beneficiaries", beneficiary_from)});
  if (!is_missing(pay_channel) || !is_missing(account)) {
    PaymentMethodChange change;
    if (!is_missing(pay_channel)) change.channel = to_enum<PayChannel>(pay_channel, "pay_channel");
    if (!is_missing(account)) change.account = to_text(account, "account");
    given.emplace_back(std::move(change));
  }
  if (given.size() > 1)
    raise_invalid("payload", "one request carries one change: phones/emails, address, beneficiaries or pay_channel/account");
  return given.empty() ? ServicePayload{} : std::move(given.front());
}

}  // namespace

void register_service_requests(py::module_& m) {
  const ServiceRequest defaults{};
  py::class_<ServiceRequestsHandle> cls(m, "ServiceRequestService",
                                        "crm.service_requests: servicing requests (保全) and value-added services, each with\n"
                                        "its SLA. Completing one applies its effect (a surrender moves the policy, a contact\n"
                                        "change updates the customer) in the same transaction.");
  cls.def(
      "submit",
      [](const ServiceRequestsHandle& h, py::object kind, py::object customer, py::object policy, py::object channel,
         py::object amount, py::object currency, py::object phones, py::object emails, py::object address,
         py::object beneficiaries, py::object pay_channel, py::object account, py::object requested_at, py::object org_unit,
         py::object agent, py::object external_ref, py::object actor) {
        ServiceRequest r;
        r.kind = to_enum<ServiceKind>(kind, "kind");
        r.customer = to_id<CustomerId>(customer, "customer");
        r.policy = to_optional_id<PolicyId>(policy, "policy");
        r.channel = to_enum<Channel>(channel, "channel");
        if (!is_missing(amount)) r.amount = to_money(amount, to_currency(currency, "currency"), "amount");
        r.payload = payload_from(phones, emails, address, beneficiaries, pay_channel, account);
        if (!is_missing(requested_at)) r.requested_at = to_instant(requested_at, "requested_at");
        if (!is_missing(org_unit)) r.org_unit = to_id<OrgUnitId>(org_unit, "org_unit");
        r.agent = to_optional_id<AgentId>(agent, "agent");
        r.external_ref = to_optional_text(external_ref, "external_ref");
        return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
          return crm.service_requests().submit(who, std::move(r));
        });
      },
      py::arg("kind"), py::arg("customer"), py::kw_only(), py::arg("policy") = py::none(),
      py::arg("channel") = from_enum(defaults.channel), py::arg("amount") = py::none(), py::arg("currency") = "CNY",
      py::arg("phones") = py::none(), py::arg("emails") = py::none(), py::arg("address") = py::none(),
      py::arg("beneficiaries") = py::none(), py::arg("pay_channel") = py::none(), py::arg("account") = py::none(),
      py::arg("requested_at") = py::none(), py::arg("org_unit") = py::none(), py::arg("agent") = py::none(),
      py::arg("external_ref") = py::none(), py::arg("actor") = py::none(),
      "Submits a request and starts its SLA clock. kind: ENUMS['service_kind']. The change it asks for:\n"
      "phones=/emails= (change_contact), address= (change_address), beneficiaries=[(customer, share)]\n"
      "(change_beneficiary; [] = statutory heirs), pay_channel=/account= (change_payment_method).\n"
      "amount (int fen or Decimal yuan) for a policy loan or a repayment.");
  for (const auto& s : kSteps) {
    const TextStep action = s.step;
    auto run = [action](const ServiceRequestsHandle& h, py::object id, std::string text, py::object actor) {
      const auto rid = to_id<ServiceRequestId>(id, "id");
      return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
        return (crm.service_requests().*action)(who, rid, std::move(text));
      });
    };
    if (s.text_required)
      cls.def(s.name, run, py::arg("id"), py::arg(s.text), py::kw_only(), py::arg("actor") = py::none(), s.doc);
    else
      cls.def(s.name, run, py::arg("id"), py::arg(s.text) = "", py::kw_only(), py::arg("actor") = py::none(), s.doc);
  }
  cls.def(
         "complete",
         [](const ServiceRequestsHandle& h, py::object id, std::string result, py::object amount, py::object currency,
            py::object actor) {
           const auto rid = to_id<ServiceRequestId>(id, "id");
           std::optional<Money> money;
           if (!is_missing(amount)) money = to_money(amount, to_currency(currency, "currency"), "amount");
           return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
             return crm.service_requests().complete(who, rid, std::move(result), money);
           });
         },
         py::arg("id"), py::arg("result"), py::kw_only(), py::arg("amount") = py::none(), py::arg("currency") = "CNY",
         py::arg("actor") = py::none(),
         "In progress → completed with what was done, applying the request's effect in the same call (if the\n"
         "effect fails nothing is written). A surrender needs the amount paid out.")
      .def(
          "apply_event",
          [](const ServiceRequestsHandle& h, py::object id, py::object event, std::string note, std::string result,
             py::object amount, py::object currency, std::string assignee, py::object actor) {
            const auto rid = to_id<ServiceRequestId>(id, "id");
            const auto ev = to_enum<ServiceEvent>(event, "event");
            ServiceRequestContext ctx;
            ctx.note = std::move(note);
            ctx.result = std::move(result);
            if (!is_missing(amount)) ctx.amount = to_money(amount, to_currency(currency, "currency"), "amount");
            ctx.assignee = std::move(assignee);
            return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
              return crm.service_requests().apply_event(who, rid, ev, std::move(ctx));
            });
          },
          py::arg("id"), py::arg("event"), py::kw_only(), py::arg("note") = "", py::arg("result") = "",
          py::arg("amount") = py::none(), py::arg("currency") = "CNY", py::arg("assignee") = "", py::arg("actor") = py::none(),
          "Any step by its event name ('start', 'complete', …; see ENUMS['service_event']).")
      .def(
          "get",
          [](const ServiceRequestsHandle& h, py::object id, py::object actor) {
            const auto rid = to_id<ServiceRequestId>(id, "id");
            return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.service_requests().get(who, rid); });
          },
          py::arg("id"), py::kw_only(), py::arg("actor") = py::none())
      .def(
          "list",
          [](const ServiceRequestsHandle& h, py::object customer, py::object policy, py::object status, std::int64_t after,
             std::size_t limit, py::object actor) {
            storage::ServiceRequestQuery q;
            q.customer = to_optional_id<CustomerId>(customer, "customer");
            q.policy = to_optional_id<PolicyId>(policy, "policy");
            q.statuses = to_enum_list<ServiceStatus>(status, "status");
            q.after = ServiceRequestId{after};
            q.limit = limit;
            return to_list(call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.service_requests().list(who, q); }));
          },
          py::kw_only(), py::arg("customer") = py::none(), py::arg("policy") = py::none(), py::arg("status") = py::none(),
          py::arg("after") = 0, py::arg("limit") = 1000, py::arg("actor") = py::none(),
          "One page of requests in id order; status is a name or a list of names.")
      .def(
          "history",
          [](const ServiceRequestsHandle& h, py::object id, py::object actor) {
            const auto rid = to_id<ServiceRequestId>(id, "id");
            return to_list(call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.service_requests().history(who, rid); }));
          },
          py::arg("id"), py::kw_only(), py::arg("actor") = py::none(), "Every step with actor and time, oldest first.")
      .def(
          "deadlines",
          [](const ServiceRequestsHandle& h, py::object id, py::object actor) {
            const auto rid = to_id<ServiceRequestId>(id, "id");
            return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.service_requests().deadlines(who, rid); });
          },
          py::arg("id"), py::kw_only(), py::arg("actor") = py::none(), "The request's SLA deadlines as of now.")
      .def(
          "set_sla_policy",
          [](const ServiceRequestsHandle& h, const SlaPolicy& policy, py::object actor) {
            call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.service_requests().set_sla_policy(who, policy); });
          },
          py::arg("policy"), py::kw_only(), py::arg("actor") = py::none(),
          "Replaces the service-request SLA policy (rows keyed by kind names, no severity).")
      .def(
          "sla_policy", [](const ServiceRequestsHandle& h) { return h.state->live().service_requests().sla_policy(); },
          "The service-request SLA policy in force.")
      .def("__repr__", [](const ServiceRequestsHandle& h) { return "<inscrm.ServiceRequestService of " + repr_text(h.state->uri) + ">"; });
}

}  // namespace inscrm::python
