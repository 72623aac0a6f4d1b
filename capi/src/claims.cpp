// Claims module (domain.md C4, 理赔): report, documents, assessment, decision, payment, close,
// reopen, reads, history and progress.

#include "guard.hpp"
#include "handle.hpp"
#include "input.hpp"
#include "output.hpp"

#include <inscrm/crm.hpp>

using namespace inscrm;

namespace {

Result<Claim> to_claim(const inscrm_claim_input& in) {
  Claim c;
  c.external_ref = capi::opt_text(in.external_ref);
  c.number = capi::text_or_empty(in.number);
  c.policy = PolicyId{in.policy};
  c.claimant = CustomerId{in.claimant};
  INSCRM_TRY(c.type, capi::enum_named(in.type, ClaimType::Medical, "type"));
  INSCRM_TRY(c.incident_date, capi::date(in.incident_date, "incident_date"));
  c.reported_at = from_epoch_micros(in.reported_at_unix_micros);  // the epoch: the facade's "now"
  INSCRM_TRY(c.claimed_amount, capi::money(in.claimed_amount, "claimed_amount"));
  // The facade adds the type's checklist to whatever names the draft brings.
  INSCRM_TRY(c.required_documents, capi::texts(in.extra_documents, in.extra_document_count, "extra_documents"));
  INSCRM_TRY(auto documents, capi::texts(in.documents, in.document_count, "documents"));
  for (auto& name : documents) c.documents.push_back({std::move(name), Instant{}});  // received now
  c.org_unit = OrgUnitId{in.org_unit};
  return c;
}

void fill_claim(inscrm_claim& o, capi::Arena& a, const Claim& c) {
  o.id = c.id.value;
  o.version = c.version;
  o.external_ref = a.opt_str(c.external_ref);
  o.number = a.str(c.number);
  o.policy = c.policy.value;
  o.claimant = c.claimant.value;
  o.type = capi::name_of(c.type);
  o.incident_date = a.date(c.incident_date);
  o.reported_at_unix_micros = capi::to_c(c.reported_at);
  o.status = capi::name_of(c.status);
  o.status_since = a.date(c.status_since);
  o.claimed_amount = capi::to_c(c.claimed_amount);
  o.approved_amount = capi::money_out(a, c.approved_amount);
  o.paid_amount = capi::money_out(a, c.paid_amount);
  o.paid_on = a.opt_date(c.paid_on);
  o.required_documents = capi::strings_out(a, c.required_documents);
  o.required_document_count = c.required_documents.size();
  auto* documents = a.array<inscrm_claim_document>(c.documents.size());
  for (std::size_t i = 0; i < c.documents.size(); ++i)
    documents[i] = {a.str(c.documents[i].name), capi::to_c(c.documents[i].received_at)};
  o.documents = documents;
  o.document_count = c.documents.size();
  o.decline_reason = a.str(c.decline_reason);
  o.reopen_count = c.reopen_count;
  o.org_unit = c.org_unit.value;
  o.created_at_unix_micros = capi::to_c(c.created_at);
  o.updated_at_unix_micros = capi::to_c(c.updated_at);
}

inscrm_claim* claim_output(const Claim& c) {
  return capi::make_output<inscrm_claim>([&](inscrm_claim& o, capi::Arena& a) { fill_claim(o, a, c); });
}

void fill_transition(inscrm_claim_transition& o, capi::Arena& a, const ClaimTransition& t) {
  o.id = t.id.value;
  o.claim = t.claim.value;
  o.from = capi::name_of(t.from);
  o.to = capi::name_of(t.to);
  o.event = capi::name_of(t.event);
  o.effective_on = a.date(t.effective_on);
  o.at_unix_micros = capi::to_c(t.at);
  o.actor = a.str(t.actor);
  o.reason = a.str(t.reason);
}

// Every claim step has the same frame; `call` reads its own arguments, then calls the service.
template <class Call>
inscrm_status step(inscrm_db* db, const inscrm_actor* actor, inscrm_claim** out, Call&& call) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto claim, call(capi::from_handle(db).crm.claims(), who));
    if (out) *out = claim_output(claim);
    return ok();
  });
}

// The reads: `out` is required, and checked before the service is asked.
template <class Call>
inscrm_status read(inscrm_db* db, const inscrm_actor* actor, inscrm_claim** out, Call&& call) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto claim, call(capi::from_handle(db).crm.claims(), who));
    *out = claim_output(claim);
    return ok();
  });
}

}  // namespace

inscrm_status inscrm_claim_input_init(inscrm_claim_input* input, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(input, version, "input"); });
}

inscrm_status inscrm_claim_query_init(inscrm_claim_query* query, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(query, version, "query"); });
}

inscrm_status inscrm_claim_report(inscrm_db* db, const inscrm_actor* actor, const inscrm_claim_input* input,
                                  inscrm_claim** out) {
  return step(db, actor, out, [&](const ClaimService& s, const Actor& who) -> Result<Claim> {
    INSCRM_TRY(auto in, capi::read_struct(input, "input"));
    INSCRM_TRY(auto draft, to_claim(in));
    return s.report(who, std::move(draft));
  });
}

inscrm_status inscrm_claim_receive_document(inscrm_db* db, const inscrm_actor* actor, int64_t id, const char* name,
                                            inscrm_claim** out) {
  return step(db, actor, out, [&](const ClaimService& s, const Actor& who) -> Result<Claim> {
    INSCRM_TRY(auto document, capi::text(name, "name"));
    return s.receive_document(who, ClaimId{id}, std::move(document));
  });
}

inscrm_status inscrm_claim_start_assessment(inscrm_db* db, const inscrm_actor* actor, int64_t id, const char* note,
                                            inscrm_claim** out) {
  return step(db, actor, out, [&](const ClaimService& s, const Actor& who) {
    return s.start_assessment(who, ClaimId{id}, capi::text_or_empty(note));
  });
}

inscrm_status inscrm_claim_approve(inscrm_db* db, const inscrm_actor* actor, int64_t id, inscrm_money amount,
                                   const char* note, inscrm_claim** out) {
  return step(db, actor, out, [&](const ClaimService& s, const Actor& who) -> Result<Claim> {
    INSCRM_TRY(auto approved, capi::money(amount, "approved_amount"));
    return s.approve(who, ClaimId{id}, approved, capi::text_or_empty(note));
  });
}

inscrm_status inscrm_claim_decline(inscrm_db* db, const inscrm_actor* actor, int64_t id, const char* reason,
                                   inscrm_claim** out) {
  return step(db, actor, out, [&](const ClaimService& s, const Actor& who) -> Result<Claim> {
    INSCRM_TRY(auto why, capi::text(reason, "reason"));
    return s.decline(who, ClaimId{id}, std::move(why));
  });
}

inscrm_status inscrm_claim_pay(inscrm_db* db, const inscrm_actor* actor, int64_t id, const char* on, inscrm_claim** out) {
  return step(db, actor, out, [&](const ClaimService& s, const Actor& who) -> Result<Claim> {
    INSCRM_TRY(auto day, capi::opt_date(on, "on"));
    return s.pay(who, ClaimId{id}, day);
  });
}

inscrm_status inscrm_claim_close(inscrm_db* db, const inscrm_actor* actor, int64_t id, const char* note,
                                 inscrm_claim** out) {
  return step(db, actor, out, [&](const ClaimService& s, const Actor& who) {
    return s.close(who, ClaimId{id}, capi::text_or_empty(note));
  });
}

inscrm_status inscrm_claim_reopen(inscrm_db* db, const inscrm_actor* actor, int64_t id, const char* reason,
                                  inscrm_claim** out) {
  return step(db, actor, out, [&](const ClaimService& s, const Actor& who) -> Result<Claim> {
    INSCRM_TRY(auto why, capi::text(reason, "reason"));
    return s.reopen(who, ClaimId{id}, std::move(why));
  });
}

inscrm_status inscrm_claim_get(inscrm_db* db, const inscrm_actor* actor, int64_t id, inscrm_claim** out) {
  return read(db, actor, out, [&](const ClaimService& s, const Actor& who) { return s.get(who, ClaimId{id}); });
}

inscrm_status inscrm_claim_get_by_number(inscrm_db* db, const inscrm_actor* actor, const char* number,
                                         inscrm_claim** out) {
  return read(db, actor, out, [&](const ClaimService& s, const Actor& who) -> Result<Claim> {
    INSCRM_TRYV(capi::require(number, "number"));
    return s.by_number(who, number);
  });
}

void inscrm_claim_free(inscrm_claim** claim) {
  capi::guard_void([&] { capi::free_output(claim); });
}

inscrm_status inscrm_claims_list(inscrm_db* db, const inscrm_actor* actor, const inscrm_claim_query* query,
                                 inscrm_claim_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    inscrm_claim_query q = capi::Versioned<inscrm_claim_query>::defaults;  // NULL: the first page
    if (query) {
      INSCRM_TRY(q, capi::read_struct(query, "query"));
    }
    INSCRM_TRYV(capi::require(out, "out"));
    storage::ClaimQuery cq;
    cq.policy = capi::opt_id<PolicyId>(q.policy);
    cq.claimant = capi::opt_id<CustomerId>(q.claimant);
    INSCRM_TRY(cq.statuses, capi::enums_named<ClaimStatus>(q.statuses, q.status_count, "query.statuses"));
    cq.after = ClaimId{q.after};
    cq.limit = q.limit;
    INSCRM_TRY(auto claims, capi::from_handle(db).crm.claims().list(who, cq));
    *out = capi::make_output<inscrm_claim_list>([&](inscrm_claim_list& l, capi::Arena& a) {
      capi::fill_list<inscrm_claim_list, inscrm_claim>(l, a, claims, fill_claim);
    });
    return ok();
  });
}

void inscrm_claim_list_free(inscrm_claim_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}

inscrm_status inscrm_claim_history(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                   inscrm_claim_transition_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto history, capi::from_handle(db).crm.claims().history(who, ClaimId{id}));
    *out = capi::make_output<inscrm_claim_transition_list>([&](inscrm_claim_transition_list& l, capi::Arena& a) {
      capi::fill_list<inscrm_claim_transition_list, inscrm_claim_transition>(l, a, history, fill_transition);
    });
    return ok();
  });
}

void inscrm_claim_transition_list_free(inscrm_claim_transition_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}

inscrm_status inscrm_claim_progress_get(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                        inscrm_claim_progress** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto progress, capi::from_handle(db).crm.claims().progress(who, ClaimId{id}));
    *out = capi::make_output<inscrm_claim_progress>([&](inscrm_claim_progress& o, capi::Arena& a) {
      o.status = capi::name_of(progress.status);
      o.missing_documents = capi::strings_out(a, progress.missing_documents);
      o.missing_document_count = progress.missing_documents.size();
      o.days_since_reported = progress.days_since_reported;
      o.next_step = a.str(progress.next_step);
    });
    return ok();
  });
}

void inscrm_claim_progress_free(inscrm_claim_progress** progress) {
  capi::guard_void([&] { capi::free_output(progress); });
}
