#include <inscrm/crm/complaints.hpp>

#include <inscrm/core/validation.hpp>

#include "crm/engine.hpp"
#include "crm/references.hpp"
#include "crm/service_steps.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <iterator>
#include <optional>
#include <tuple>

namespace inscrm {
namespace {

using detail::Engine;

constexpr std::size_t kPage = 1000;

std::vector<ComplaintStatus> open_statuses() {
  std::vector<ComplaintStatus> out;
  for (auto s : enum_values<ComplaintStatus>())
    if (is_open(s)) out.push_back(s);
  return out;
}

// Checks that everything the complaint names exists; fills the answerable org unit.
Result<void> check_references(storage::Transaction& tx, Complaint& c, const Actor& actor) {
  INSCRM_TRY(auto customer, detail::referenced(tx.customer(c.customer), "customer", "customer", c.customer.value));
  if (c.policy) INSCRM_TRYV(detail::referenced(tx.policy(*c.policy), "policy", "policy", c.policy->value));
  if (c.agent) INSCRM_TRYV(detail::referenced(tx.agent(*c.agent), "agent", "agent", c.agent->value));
  // domain.md C5 "by branch": the branch answerable is the customer's unless the host says otherwise.
  if (!c.org_unit) c.org_unit = customer.org_unit ? customer.org_unit : actor.org_unit;
  if (c.org_unit) INSCRM_TRYV(detail::referenced(tx.org_unit(c.org_unit), "org_unit", "org unit", c.org_unit.value));
  return ok();
}

// The handler of the department's most recently received complaint that has one: where the
// rotation continues. Looks back a month, then a year, then over everything, so that a busy
// department costs a month's complaints and a quiet one still rotates.
Result<std::string> last_assignee(storage::ServiceRecords& records, const std::string& department, Instant now) {
  using namespace std::chrono;
  const std::array<std::optional<Instant>, 3> windows{now - days{31}, now - days{366}, std::nullopt};
  for (const auto& since : windows) {
    storage::ComplaintQuery q;
    q.department = department;
    q.received_from = since;
    q.limit = kPage;
    std::optional<std::tuple<Instant, ComplaintId, std::string>> best;
    for (;;) {
      INSCRM_TRY(auto page, records.complaints(q));
      for (auto& c : page) {
        if (c.assignee.empty()) continue;
        if (!best || std::tie(c.received_at, c.id) > std::tie(std::get<0>(*best), std::get<1>(*best)))
          best.emplace(c.received_at, c.id, std::move(c.assignee));
      }
      if (page.size() < kPage) break;
      q.after = page.back().id;
    }
    if (best) return std::get<2>(std::move(*best));
  }
  return std::string{};
}

Result<std::string> pick_assignee(storage::ServiceRecords& records, const AssignmentRule& rule, Instant now) {
  INSCRM_TRY(auto last, last_assignee(records, rule.department, now));
  std::vector<HandlerLoad> loads;
  if (rule.mode == AssignmentMode::LeastBusy) {
    // Open complaints per handler, whichever department they came through.
    for (const auto& handler : rule.handlers) {
      storage::ComplaintQuery q;
      q.assignee = handler;
      q.statuses = open_statuses();
      q.limit = kPage;
      int open = 0;
      for (;;) {
        INSCRM_TRY(auto page, records.complaints(q));
        open += static_cast<int>(page.size());
        if (page.size() < kPage) break;
        q.after = page.back().id;
      }
      loads.push_back({handler, open});
    }
  }
  return choose_assignee(rule, loads, last);
}

const AssignmentRule* rule_for(const ServiceSettings& settings, std::string_view department) {
  const auto it = std::find_if(settings.assignment.begin(), settings.assignment.end(),
                               [&](const AssignmentRule& r) { return r.department == department; });
  return it == settings.assignment.end() ? nullptr : &*it;
}

}  // namespace

Result<Complaint> ComplaintService::receive(const Actor& actor, Complaint draft) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Complaint, Action::Create));
  auto& engine = *engine_;
  const auto settings = engine.service_settings();
  const auto now = engine.clock->now();
  return engine.write([&](storage::Transaction& tx) -> Result<Complaint> {
    Complaint c = draft;
    c.id = ComplaintId{};
    c.version = 0;
    if (c.received_at == Instant{}) c.received_at = now;
    c.department = std::string{trim(c.department)};
    const std::string assignee{trim(c.assignee)};
    c.assignee.clear();  // a handler is given by the Assign step, never typed in
    INSCRM_TRYV(check_references(tx, c, actor));

    ComplaintContext ctx;
    ctx.at = now;
    ctx.actor = actor.user;
    INSCRM_TRY(auto received, receive_complaint(c, ctx));
    auto& records = tx.service();
    INSCRM_TRYV(records.insert_complaint(c));
    INSCRM_TRYV(detail::record_complaint_step(engine, tx, actor, c, received));

    bool moved = false;
    if (escalates_at_intake(c.severity, settings->escalate_at_intake_from)) {
      ComplaintContext why = ctx;
      why.note = fmt::format("{} severity: escalated at intake", to_string(c.severity));
      INSCRM_TRYV(detail::complaint_step(engine, tx, actor, c, ComplaintEvent::Escalate, why));
      moved = true;
    }
    if (!assignee.empty() || !c.department.empty()) {
      ComplaintContext to = ctx;
      to.department = c.department;
      to.assignee = assignee;
      const AssignmentRule* rule = assignee.empty() ? rule_for(*settings, c.department) : nullptr;
      if (rule) {
        INSCRM_TRY(auto chosen, pick_assignee(records, *rule, now));
        to.assignee = std::move(chosen);
        to.note = fmt::format("assigned at intake ({})", to_string(rule->mode));
      }
      if (!to.assignee.empty()) {
        INSCRM_TRYV(detail::complaint_step(engine, tx, actor, c, ComplaintEvent::Assign, to));
        moved = true;
      }
    }
    if (moved) INSCRM_TRYV(records.update_complaint(c));
    return c;
  });
}

Result<Complaint> ComplaintService::apply_event(const Actor& actor, ComplaintId id, ComplaintEvent event,
                                                ComplaintContext ctx) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Complaint, Action::Update));
  if (event == ComplaintEvent::Receive)
    return Error::illegal_transition("a complaint is received once, by receive()", "event");
  auto& engine = *engine_;
  ctx.at = engine.clock->now();
  ctx.actor = actor.user;
  return engine.write([&](storage::Transaction& tx) -> Result<Complaint> {
    auto& records = tx.service();
    INSCRM_TRY(auto c, records.complaint(id));
    INSCRM_TRY(auto step, inscrm::apply_event(c, event, ctx));
    INSCRM_TRYV(records.update_complaint(c));
    INSCRM_TRYV(detail::record_complaint_step(engine, tx, actor, c, step));
    return c;
  });
}

Result<Complaint> ComplaintService::assign(const Actor& actor, ComplaintId id, std::string department,
                                           std::string assignee, std::string note) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Complaint, Action::Update));
  ComplaintContext ctx;
  ctx.department = std::move(department);
  ctx.assignee = std::move(assignee);
  ctx.note = std::move(note);
  return apply_event(actor, id, ComplaintEvent::Assign, std::move(ctx));
}

Result<Complaint> ComplaintService::reassign(const Actor& actor, ComplaintId id, std::string department,
                                             std::string assignee, std::string note) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Complaint, Action::Update));
  ComplaintContext ctx;
  ctx.department = std::move(department);
  ctx.assignee = std::move(assignee);
  ctx.note = std::move(note);
  return apply_event(actor, id, ComplaintEvent::Reassign, std::move(ctx));
}

Result<Complaint> ComplaintService::start_investigation(const Actor& actor, ComplaintId id, std::string note) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Complaint, Action::Update));
  ComplaintContext ctx;
  ctx.note = std::move(note);
  return apply_event(actor, id, ComplaintEvent::StartInvestigation, std::move(ctx));
}

Result<Complaint> ComplaintService::propose_solution(const Actor& actor, ComplaintId id, std::string resolution) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Complaint, Action::Update));
  ComplaintContext ctx;
  ctx.resolution = std::move(resolution);
  return apply_event(actor, id, ComplaintEvent::ProposeSolution, std::move(ctx));
}

Result<Complaint> ComplaintService::inform_customer(const Actor& actor, ComplaintId id, std::string note) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Complaint, Action::Update));
  ComplaintContext ctx;
  ctx.note = std::move(note);
  return apply_event(actor, id, ComplaintEvent::InformCustomer, std::move(ctx));
}

Result<Complaint> ComplaintService::close(const Actor& actor, ComplaintId id, std::optional<RootCause> root_cause,
                                          std::optional<int> customer_satisfaction, std::string note) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Complaint, Action::Update));
  ComplaintContext ctx;
  ctx.root_cause = root_cause;
  ctx.customer_satisfaction = customer_satisfaction;
  ctx.note = std::move(note);
  return apply_event(actor, id, ComplaintEvent::Close, std::move(ctx));
}

Result<Complaint> ComplaintService::reopen(const Actor& actor, ComplaintId id, std::string objection) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Complaint, Action::Update));
  ComplaintContext ctx;
  ctx.note = std::move(objection);
  return apply_event(actor, id, ComplaintEvent::Reopen, std::move(ctx));
}

Result<Complaint> ComplaintService::escalate(const Actor& actor, ComplaintId id, std::string reason) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Complaint, Action::Update));
  ComplaintContext ctx;
  ctx.note = std::move(reason);
  return apply_event(actor, id, ComplaintEvent::Escalate, std::move(ctx));
}

Result<Complaint> ComplaintService::wait_on_customer(const Actor& actor, ComplaintId id, std::string reason) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Complaint, Action::Update));
  if (trim(reason).empty()) return Error::invalid_argument("reason", "say what the customer is to provide");
  ComplaintContext ctx;
  ctx.note = std::move(reason);
  return apply_event(actor, id, ComplaintEvent::WaitOnCustomer, std::move(ctx));
}

Result<Complaint> ComplaintService::customer_responded(const Actor& actor, ComplaintId id, std::string note) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Complaint, Action::Update));
  ComplaintContext ctx;
  ctx.note = std::move(note);
  return apply_event(actor, id, ComplaintEvent::CustomerResponded, std::move(ctx));
}

Result<Complaint> ComplaintService::get(const Actor& actor, ComplaintId id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Complaint, Action::Read));
  return engine_->read([&](storage::Transaction& tx) { return tx.service().complaint(id); });
}

Result<std::vector<Complaint>> ComplaintService::list(const Actor& actor, const storage::ComplaintQuery& query) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Complaint, Action::Read));
  return engine_->read([&](storage::Transaction& tx) { return tx.service().complaints(query); });
}

Result<std::vector<ComplaintStep>> ComplaintService::history(const Actor& actor, ComplaintId id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Complaint, Action::Read));
  return engine_->read([&](storage::Transaction& tx) -> Result<std::vector<ComplaintStep>> {
    INSCRM_TRYV(tx.service().complaint(id));  // NotFound for an unknown complaint, not an empty history
    return tx.service().complaint_steps(id);
  });
}

Result<Deadlines> ComplaintService::deadlines(const Actor& actor, ComplaintId id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Complaint, Action::Read));
  auto& engine = *engine_;
  const auto settings = engine.service_settings();
  const auto now = engine.clock->now();
  return engine.read([&](storage::Transaction& tx) -> Result<Deadlines> {
    INSCRM_TRY(auto c, tx.service().complaint(id));
    return detail::deadlines_of(c.sla, sla_row_for(settings->complaint_sla, c), settings->calendar, now);
  });
}

Result<ComplaintStats> ComplaintService::statistics(const Actor& actor, Instant from, Instant to) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Complaint, Action::Read));
  if (to < from) return Error::invalid_argument("to", "the period ends before it starts");
  auto& engine = *engine_;
  const auto settings = engine.service_settings();
  const auto now = engine.clock->now();
  return engine.read([&](storage::Transaction& tx) -> Result<ComplaintStats> {
    storage::ComplaintQuery q;
    q.received_from = from;
    q.received_to = to;
    q.limit = kPage;
    std::vector<Complaint> cohort;
    for (;;) {
      INSCRM_TRY(auto page, tx.service().complaints(q));
      const bool last = page.size() < kPage;
      if (!page.empty()) q.after = page.back().id;
      std::move(page.begin(), page.end(), std::back_inserter(cohort));
      if (last) break;
    }
    return complaint_stats(cohort, settings->complaint_sla, settings->calendar, from, to, now);
  });
}

Result<void> ComplaintService::set_sla_policy(const Actor& actor, SlaPolicy policy) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Settings, Action::Update));
  INSCRM_TRYV(validate_complaint_sla_policy(policy));
  return detail::change_settings(*engine_, actor, "complaint_sla",
                                 [&](ServiceSettings& s) { s.complaint_sla = std::move(policy); });
}

Result<void> ComplaintService::set_assignment_rules(const Actor& actor, std::vector<AssignmentRule> rules) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Settings, Action::Update));
  INSCRM_TRYV(validate_assignment_rules(rules));
  return detail::change_settings(*engine_, actor, "assignment",
                                 [&](ServiceSettings& s) { s.assignment = std::move(rules); });
}

SlaPolicy ComplaintService::sla_policy() const { return engine_->service_settings()->complaint_sla; }

}  // namespace inscrm
