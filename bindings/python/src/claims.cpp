// crm.claims: report a claim, take its documents, drive it through assessment to payment (or any
// step by its event name), and answer "where is my claim and what is missing".

#include "common.hpp"
#include "values.hpp"

#include <inscrm/crm/claims.hpp>

namespace inscrm::python {
namespace {

// The steps that take the claim and one text (a note or a reason).
using TextStep = Result<Claim> (ClaimService::*)(const Actor&, ClaimId, std::string) const;
struct NamedStep {
  const char* name;
  TextStep step;
  const char* text;
  bool text_required;
  const char* doc;
};
const NamedStep kSteps[] = {
    {"receive_document", &ClaimService::receive_document, "name", true,
     "Records a document of the checklist as received (any status but closed)."},
    {"start_assessment", &ClaimService::start_assessment, "note", false,
     "Reported or documents pending → under assessment; everything on the checklist must be in."},
    {"decline", &ClaimService::decline, "reason", true, "Under assessment → declined (拒赔), with the reason."},
    {"close", &ClaimService::close, "note", false, "Paid → closed."},
    {"reopen", &ClaimService::reopen, "reason", true, "Declined or closed → under assessment again: new evidence or a dispute."},
};

}  // namespace

void register_claims(py::module_& m) {
  py::class_<ClaimsHandle> cls(m, "ClaimService",
                               "crm.claims: claims (理赔) from report to payment. A step the claim flow does not allow\n"
                               "(paying a declined claim, …) raises inscrm.IllegalTransition.");
  cls.def(
      "report",
      [](const ClaimsHandle& h, py::object policy, py::object claimant, py::object type, py::object incident_date,
         py::object claimed_amount, py::object currency, std::string number, py::object reported_at,
         py::object required_documents, py::object documents, py::object org_unit, py::object external_ref, py::object actor) {
        Claim c;
        c.policy = to_id<PolicyId>(policy, "policy");
        c.claimant = to_id<CustomerId>(claimant, "claimant");
        c.type = to_enum<ClaimType>(type, "type");
        c.incident_date = to_date(incident_date, "incident_date");
        c.claimed_amount = to_money(claimed_amount, to_currency(currency, "currency"), "claimed_amount");
        c.number = std::move(number);
        if (!is_missing(reported_at)) c.reported_at = to_instant(reported_at, "reported_at");
        c.required_documents = list_from<std::string>(required_documents, "required_documents",
                                                      [](py::handle d, const std::string& f) { return to_text(d, f.c_str()); });
        // Documents arriving with the report count as received now.
        for (auto& name : list_from<std::string>(documents, "documents",
                                                 [](py::handle d, const std::string& f) { return to_text(d, f.c_str()); }))
          c.documents.push_back({std::move(name), Instant{}});
        if (!is_missing(org_unit)) c.org_unit = to_id<OrgUnitId>(org_unit, "org_unit");
        c.external_ref = to_optional_text(external_ref, "external_ref");
        return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.claims().report(who, std::move(c)); });
      },
      py::arg("policy"), py::arg("claimant"), py::kw_only(), py::arg("type"), py::arg("incident_date"),
      py::arg("claimed_amount"), py::arg("currency") = "CNY", py::arg("number") = "", py::arg("reported_at") = py::none(),
      py::arg("required_documents") = py::tuple(), py::arg("documents") = py::tuple(), py::arg("org_unit") = py::none(),
      py::arg("external_ref") = py::none(), py::arg("actor") = py::none(),
      "Reports a claim on a policy that covered the incident, by its holder, an insured or a beneficiary.\n"
      "The checklist comes from the claim type plus required_documents; documents are the names already in.\n"
      "A claim reported with documents missing is 'documents_pending' at once.");
  for (const auto& s : kSteps) {
    const TextStep action = s.step;
    auto run = [action](const ClaimsHandle& h, py::object id, std::string text, py::object actor) {
      const auto cid = to_id<ClaimId>(id, "id");
      return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return (crm.claims().*action)(who, cid, std::move(text)); });
    };
    if (s.text_required)
      cls.def(s.name, run, py::arg("id"), py::arg(s.text), py::kw_only(), py::arg("actor") = py::none(), s.doc);
    else
      cls.def(s.name, run, py::arg("id"), py::arg(s.text) = "", py::kw_only(), py::arg("actor") = py::none(), s.doc);
  }
  cls.def(
         "approve",
         [](const ClaimsHandle& h, py::object id, py::object amount, std::string note, py::object currency, py::object actor) {
           const auto cid = to_id<ClaimId>(id, "id");
           const auto money = to_money(amount, to_currency(currency, "currency"), "amount");
           return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
             return crm.claims().approve(who, cid, money, std::move(note));
           });
         },
         py::arg("id"), py::arg("amount"), py::arg("note") = "", py::kw_only(), py::arg("currency") = "CNY",
         py::arg("actor") = py::none(),
         "Under assessment → approved for an amount (int fen or Decimal yuan): more than 0, at most the claimed\n"
         "amount and the policy's sum insured.")
      .def(
          "pay",
          [](const ClaimsHandle& h, py::object id, py::object on, py::object actor) {
            const auto cid = to_id<ClaimId>(id, "id");
            const auto day = to_optional_date(on, "on");
            return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.claims().pay(who, cid, day); });
          },
          py::arg("id"), py::kw_only(), py::arg("on") = py::none(), py::arg("actor") = py::none(),
          "Approved → paid (on `on`, default today). A paid death claim ends the policy in the same call.")
      .def(
          "apply_event",
          [](const ClaimsHandle& h, py::object id, py::object event, std::string reason, py::object approved_amount,
             py::object currency, py::object on, py::object actor) {
            const auto cid = to_id<ClaimId>(id, "id");
            ClaimContext ctx;
            const auto ev = to_enum<ClaimEvent>(event, "event");
            ctx.reason = std::move(reason);
            if (!is_missing(approved_amount))
              ctx.approved_amount = to_money(approved_amount, to_currency(currency, "currency"), "approved_amount");
            if (auto day = to_optional_date(on, "on")) ctx.on = *day;
            return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
              return crm.claims().apply_event(who, cid, ev, std::move(ctx));
            });
          },
          py::arg("id"), py::arg("event"), py::kw_only(), py::arg("reason") = "", py::arg("approved_amount") = py::none(),
          py::arg("currency") = "CNY", py::arg("on") = py::none(), py::arg("actor") = py::none(),
          "Any step by its event name ('approve', 'pay', …; see ENUMS['claim_event']) on `on` (default today).")
      .def(
          "progress",
          [](const ClaimsHandle& h, py::object id, py::object actor) {
            const auto cid = to_id<ClaimId>(id, "id");
            return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.claims().progress(who, cid); });
          },
          py::arg("id"), py::kw_only(), py::arg("actor") = py::none(), "Where the claim is and what is still missing, as of now.")
      .def(
          "get",
          [](const ClaimsHandle& h, py::object id, py::object actor) {
            const auto cid = to_id<ClaimId>(id, "id");
            return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.claims().get(who, cid); });
          },
          py::arg("id"), py::kw_only(), py::arg("actor") = py::none())
      .def(
          "by_number",
          [](const ClaimsHandle& h, std::string number, py::object actor) {
            return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.claims().by_number(who, number); });
          },
          py::arg("number"), py::kw_only(), py::arg("actor") = py::none(), "The claim with this number; inscrm.NotFound if none.")
      .def(
          "list",
          [](const ClaimsHandle& h, py::object policy, py::object claimant, py::object status, std::int64_t after,
             std::size_t limit, py::object actor) {
            storage::ClaimQuery q;
            q.policy = to_optional_id<PolicyId>(policy, "policy");
            q.claimant = to_optional_id<CustomerId>(claimant, "claimant");
            q.statuses = to_enum_list<ClaimStatus>(status, "status");
            q.after = ClaimId{after};
            q.limit = limit;
            return to_list(call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.claims().list(who, q); }));
          },
          py::kw_only(), py::arg("policy") = py::none(), py::arg("claimant") = py::none(), py::arg("status") = py::none(),
          py::arg("after") = 0, py::arg("limit") = 1000, py::arg("actor") = py::none(),
          "One page of claims in id order; status is a name or a list of names.")
      .def(
          "history",
          [](const ClaimsHandle& h, py::object id, py::object actor) {
            const auto cid = to_id<ClaimId>(id, "id");
            return to_list(call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.claims().history(who, cid); }));
          },
          py::arg("id"), py::kw_only(), py::arg("actor") = py::none(), "Every transition, oldest first.")
      .def("__repr__", [](const ClaimsHandle& h) { return "<inscrm.ClaimService of " + repr_text(h.state->uri) + ">"; });
}

}  // namespace inscrm::python
