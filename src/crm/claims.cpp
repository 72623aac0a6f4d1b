#include <inscrm/crm/claims.hpp>

#include <inscrm/core/validation.hpp>
#include <inscrm/domain/policy.hpp>
#include <inscrm/domain/policy_lifecycle.hpp>

#include "crm/engine.hpp"
#include "crm/json.hpp"
#include "crm/policy_steps.hpp"
#include "crm/references.hpp"
#include "crm/scoped_pages.hpp"
#include "crm/stages.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace inscrm {
namespace {

using detail::Engine;

// What happened, in the past tense, one per ClaimEvent in enum order.
constexpr std::array<std::string_view, 7> kClaimEventTypes{
    "claim.documents_requested", "claim.assessment_started", "claim.approved", "claim.declined",
    "claim.paid",                "claim.closed",             "claim.reopened"};
static_assert(kClaimEventTypes.size() == enum_count<ClaimEvent>());

std::string money_json(const std::optional<Money>& m) { return m ? std::to_string(m->minor) : std::string{"null"}; }

std::string claim_payload(const Claim& c, std::string_view extra) {
  return fmt::format(R"({{"claim_id":{},"number":{},"policy_id":{},"claimant_id":{},"type":"{}","status":"{}",)"
                     R"("claimed_amount":{},"approved_amount":{},"paid_amount":{},"currency":"{}"{}}})",
                     c.id.value, detail::json_string(c.number), c.policy.value, c.claimant.value, to_string(c.type),
                     to_string(c.status), c.claimed_amount.minor, money_json(c.approved_amount),
                     money_json(c.paid_amount), c.claimed_amount.currency.view(), extra);
}

// The transition's history record and its event.
Result<void> record(const Engine& engine, storage::Transaction& tx, const Actor& actor, const Claim& c,
                    ClaimTransition& t) {
  t.claim = c.id;
  INSCRM_TRYV(tx.service().append_claim_transition(t));
  return engine.emit(tx, actor, std::string{kClaimEventTypes[static_cast<std::size_t>(t.event)]}, "claim", c.id.value,
                     claim_payload(c, fmt::format(R"(,"event":"{}","from":"{}","to":"{}","reason":{})",
                                                  to_string(t.event), to_string(t.from), to_string(t.to),
                                                  detail::json_string(t.reason))));
}

// domain.md C4: a claim is for an incident the policy covered. Cover starts at the effective date
// and ends when the policy leaves force; a policy that never was in force covers nothing.
Result<void> check_cover(const Policy& p, Date incident) {
  if (!was_issued(p.status) || p.status == PolicyStatus::Cancelled)
    return Error::invalid_argument("policy", fmt::format("policy {} is {}: it never covered anything", p.number,
                                                         to_string(p.status)));
  if (!p.effective_date || incident < *p.effective_date)
    return Error::invalid_argument("incident_date",
                                   fmt::format("the incident on {} is before policy {} took effect{}",
                                               to_string(incident), p.number,
                                               p.effective_date ? " (" + to_string(*p.effective_date) + ")" : ""));
  const bool ended = !in_force(p.status) && p.status != PolicyStatus::Issued;
  if (ended && incident >= p.status_since)
    return Error::invalid_argument("incident_date",
                                   fmt::format("policy {} is {} since {}: the incident on {} is after its cover ended",
                                               p.number, to_string(p.status), to_string(p.status_since),
                                               to_string(incident)));
  return ok();
}

// The claimant is a party to the policy; after a death with no named beneficiary, the statutory
// heirs claim, and the library cannot know who they are.
Result<void> check_claimant(const Policy& p, const Claim& c) {
  const auto& insured = p.insured;
  const bool party = c.claimant == p.holder || std::find(insured.begin(), insured.end(), c.claimant) != insured.end() ||
                     std::any_of(p.beneficiaries.begin(), p.beneficiaries.end(),
                                 [&](const Beneficiary& b) { return b.customer == c.claimant; });
  if (party || (c.type == ClaimType::Death && p.beneficiaries.empty())) return ok();
  return Error::invalid_argument("claimant", fmt::format("customer {} is not the holder, an insured or a beneficiary "
                                                         "of policy {}",
                                                         c.claimant.value, p.number));
}

Result<void> insert_numbered(storage::ServiceRecords& records, Claim& c) {
  const bool generate = c.number.empty();
  // A provisional unique number, replaced by one derived from the id in the same transaction.
  if (generate) c.number = fmt::format("~pending-{}", to_epoch_micros(c.created_at));
  INSCRM_TRYV(records.insert_claim(c));
  if (generate) {
    c.number = fmt::format("C{:010}", c.id.value);
    INSCRM_TRYV(records.update_claim(c));
  }
  return ok();
}

}  // namespace

Result<Claim> ClaimService::report(const Actor& actor, Claim draft) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Claim, Action::Create));
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  Claim c = std::move(draft);
  c.id = ClaimId{};
  c.version = 0;
  if (c.reported_at == Instant{}) c.reported_at = now;
  c.number = std::string{trim(c.number)};
  if (!c.number.empty() && c.number.front() == '~')
    return Error::invalid_argument("number", "claim numbers may not start with '~'");
  if (c.external_ref) {
    c.external_ref = std::string{trim(*c.external_ref)};
    if (c.external_ref->empty()) return Error::invalid_argument("external_ref", "external_ref, when given, must not be blank");
  }
  // Documents already in (a claim migrated from a core system) keep their time; new ones are now.
  for (std::size_t i = 0; i < c.documents.size(); ++i) {
    auto& doc = c.documents[i];
    doc.name = std::string{trim(doc.name)};
    if (doc.name.empty()) return Error::invalid_argument(fmt::format("documents[{}].name", i), "a document needs a name");
    if (doc.received_at == Instant{}) doc.received_at = now;
  }
  // The type's checklist, plus whatever the host adds for this claim.
  auto checklist = required_documents(c.type);
  for (auto& name : c.required_documents) {
    std::string key{trim(name)};
    if (!key.empty() && std::find(checklist.begin(), checklist.end(), key) == checklist.end())
      checklist.push_back(std::move(key));
  }
  c.required_documents = std::move(checklist);
  INSCRM_TRYV(validate_claim(c, now));

  return engine.write([&](storage::Transaction& tx) -> Result<Claim> {
    INSCRM_TRY(auto policy, detail::referenced(tx.policy(c.policy), "policy", "policy", c.policy.value));
    INSCRM_TRYV(check_cover(policy, c.incident_date));
    INSCRM_TRYV(detail::referenced(tx.customer(c.claimant), "claimant", "customer", c.claimant.value));
    INSCRM_TRYV(check_claimant(policy, c));
    if (c.claimed_amount.currency != policy.sum_insured.currency)
      return Error::invalid_argument("claimed_amount", fmt::format("policy {} is in {}, not {}", policy.number,
                                                                   policy.sum_insured.currency.view(),
                                                                   c.claimed_amount.currency.view()));
    if (!c.org_unit) c.org_unit = policy.org_unit;
    if (c.org_unit) INSCRM_TRYV(detail::referenced(tx.org_unit(c.org_unit), "org_unit", "org unit", c.org_unit.value));

    ClaimContext ctx;
    ctx.on = date_of(c.reported_at);
    ctx.now = now;
    ctx.actor = actor.user;
    INSCRM_TRYV(report_claim(c, ctx));
    auto& records = tx.service();
    INSCRM_TRYV(insert_numbered(records, c));
    INSCRM_TRYV(engine.emit(tx, actor, "claim.reported", "claim", c.id.value,
                            claim_payload(c, fmt::format(R"(,"incident_date":"{}")", to_string(c.incident_date)))));
    // The customer is told at once what to send (domain.md C4: progress answerable at any time).
    if (!missing_documents(c).empty()) {
      ctx.reason = "documents missing at report";
      INSCRM_TRY(auto t, inscrm::apply_event(c, ClaimEvent::RequestDocuments, ctx));
      INSCRM_TRYV(records.update_claim(c));
      INSCRM_TRYV(record(engine, tx, actor, c, t));
    }
    return c;
  });
}

Result<Claim> ClaimService::receive_document(const Actor& actor, ClaimId id, std::string name) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Claim, Action::Update));
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  return engine.write([&](storage::Transaction& tx) -> Result<Claim> {
    auto& records = tx.service();
    INSCRM_TRY(auto c, records.claim(id));
    INSCRM_TRYV(inscrm::receive_document(c, std::move(name), now));
    INSCRM_TRYV(records.update_claim(c));
    std::string missing;
    for (const auto& m : missing_documents(c)) missing += (missing.empty() ? "" : ",") + detail::json_string(m);
    INSCRM_TRYV(engine.emit(tx, actor, "claim.document_received", "claim", c.id.value,
                            claim_payload(c, fmt::format(R"(,"document":{},"missing":[{}])",
                                                         detail::json_string(c.documents.back().name), missing))));
    return c;
  });
}

Result<Claim> ClaimService::apply_event(const Actor& actor, ClaimId id, ClaimEvent event, ClaimContext ctx) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Claim, Action::Update));
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  const auto today = date_of(now);
  ctx.now = now;
  ctx.actor = actor.user;
  if (ctx.on == Date{}) ctx.on = today;
  if (!ctx.on.ok()) return Error::invalid_argument("on", "not a calendar date");
  return engine.write([&](storage::Transaction& tx) -> Result<Claim> {
    auto& records = tx.service();
    INSCRM_TRY(auto c, records.claim(id));
    INSCRM_TRY(auto policy, tx.policy(c.policy));
    ctx.sum_insured = policy.sum_insured;  // no approval exceeds the cover, whatever the caller says
    INSCRM_TRY(auto t, inscrm::apply_event(c, event, ctx));
    INSCRM_TRYV(records.update_claim(c));
    INSCRM_TRYV(record(engine, tx, actor, c, t));

    // domain.md C2: a paid death claim ends the policy (Terminated), through its own lifecycle so
    // that the policy's history says who, when and why. A policy that already left force (lapsed,
    // expired, matured) has no Terminate row and keeps the status it has.
    if (event == ClaimEvent::Pay && c.type == ClaimType::Death &&
        transition_target(policy.status, PolicyEvent::Terminate)) {
      INSCRM_TRY(auto product, tx.product(policy.product));
      INSCRM_TRY(auto payments, tx.payments(policy.id));
      auto pctx = detail::context_for(engine, actor, ctx.on, "death claim paid", policy, payments);
      INSCRM_TRYV(detail::step(engine, tx, actor, policy, product, PolicyEvent::Terminate, pctx));
      policy.updated_at = now;
      INSCRM_TRYV(tx.update_policy(policy));
      INSCRM_TRYV(detail::refresh_stage(engine, tx, actor, policy.holder, today));
    }
    return c;
  });
}

Result<Claim> ClaimService::start_assessment(const Actor& actor, ClaimId id, std::string note) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Claim, Action::Update));
  ClaimContext ctx;
  ctx.reason = std::move(note);
  return apply_event(actor, id, ClaimEvent::StartAssessment, std::move(ctx));
}

Result<Claim> ClaimService::approve(const Actor& actor, ClaimId id, Money amount, std::string note) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Claim, Action::Update));
  ClaimContext ctx;
  ctx.approved_amount = amount;
  ctx.reason = std::move(note);
  return apply_event(actor, id, ClaimEvent::Approve, std::move(ctx));
}

Result<Claim> ClaimService::decline(const Actor& actor, ClaimId id, std::string reason) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Claim, Action::Update));
  ClaimContext ctx;
  ctx.reason = std::move(reason);
  return apply_event(actor, id, ClaimEvent::Decline, std::move(ctx));
}

Result<Claim> ClaimService::pay(const Actor& actor, ClaimId id, std::optional<Date> on) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Claim, Action::Update));
  ClaimContext ctx;
  if (on) ctx.on = *on;
  return apply_event(actor, id, ClaimEvent::Pay, std::move(ctx));
}

Result<Claim> ClaimService::close(const Actor& actor, ClaimId id, std::string note) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Claim, Action::Update));
  ClaimContext ctx;
  ctx.reason = std::move(note);
  return apply_event(actor, id, ClaimEvent::Close, std::move(ctx));
}

Result<Claim> ClaimService::reopen(const Actor& actor, ClaimId id, std::string reason) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Claim, Action::Update));
  ClaimContext ctx;
  ctx.reason = std::move(reason);
  return apply_event(actor, id, ClaimEvent::Reopen, std::move(ctx));
}

Result<ClaimProgress> ClaimService::progress(const Actor& actor, ClaimId id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Claim, Action::Read));
  const auto now = engine_->clock->now();
  return engine_->recorded(actor, engine_->read([&](storage::Transaction& tx) -> Result<ClaimProgress> {
    INSCRM_TRY(auto c, tx.service().claim(id));
    INSCRM_TRYV(engine_->in_scope(tx, actor, c.claimant, "claim"));
    return inscrm::progress(c, now);
  }));
}

Result<Claim> ClaimService::get(const Actor& actor, ClaimId id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Claim, Action::Read));
  return engine_->recorded(actor, engine_->read([&](storage::Transaction& tx) -> Result<Claim> {
    INSCRM_TRY(auto c, tx.service().claim(id));
    INSCRM_TRYV(engine_->in_scope(tx, actor, c.claimant, "claim"));
    return c;
  }));
}

Result<Claim> ClaimService::by_number(const Actor& actor, std::string_view number) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Claim, Action::Read));
  return engine_->recorded(actor, engine_->read([&](storage::Transaction& tx) -> Result<Claim> {
    INSCRM_TRY(auto id, tx.service().claim_by_number(trim(number)));
    if (!id) return Error::not_found("number", fmt::format("no claim numbered '{}'", number));
    INSCRM_TRY(auto c, tx.service().claim(*id));
    INSCRM_TRYV(engine_->in_scope(tx, actor, c.claimant, "claim"));
    return c;
  }));
}

Result<std::vector<Claim>> ClaimService::list(const Actor& actor, const storage::ClaimQuery& query) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Claim, Action::Read));
  return engine_->read([&](storage::Transaction& tx) -> Result<std::vector<Claim>> {
    if (sees_everything(actor)) return tx.service().claims(query);
    return detail::scoped_page(
        query, [&](const storage::ClaimQuery& q) { return tx.service().claims(q); },
        [&](const Claim& c) { return engine_->in_scope(tx, actor, c.claimant, "claim"); });
  });
}

Result<std::vector<ClaimTransition>> ClaimService::history(const Actor& actor, ClaimId id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Claim, Action::Read));
  return engine_->recorded(actor, engine_->read([&](storage::Transaction& tx) -> Result<std::vector<ClaimTransition>> {
    INSCRM_TRY(auto c, tx.service().claim(id));
    INSCRM_TRYV(engine_->in_scope(tx, actor, c.claimant, "claim"));
    return tx.service().claim_transitions(id);
  }));
}

}  // namespace inscrm
