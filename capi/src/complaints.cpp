// Complaints module (domain.md C5): intake, every handling step, reads, history, deadlines,
// statistics.

#include "guard.hpp"
#include "handle.hpp"
#include "input.hpp"
#include "output.hpp"
#include "sla.hpp"

#include <inscrm/crm.hpp>

#include <map>

using namespace inscrm;

namespace {

Result<Complaint> to_complaint(const inscrm_complaint_input& in) {
  Complaint c;
  c.external_ref = capi::opt_text(in.external_ref);
  c.customer = CustomerId{in.customer};
  c.policy = capi::opt_id<PolicyId>(in.policy);
  INSCRM_TRY(c.channel, capi::enum_named(in.channel, Channel::CallCentre, "channel"));
  INSCRM_TRY(c.matter, capi::text(in.matter, "matter"));
  c.received_at = from_epoch_micros(in.received_at_unix_micros);  // the epoch: the facade's "now"
  INSCRM_TRY(c.category, capi::enum_named(in.category, ComplaintCategory::Service, "category"));
  INSCRM_TRY(c.subcategory, capi::text(in.subcategory, "subcategory"));
  INSCRM_TRY(c.severity, capi::enum_named(in.severity, ComplaintSeverity::Medium, "severity"));
  c.department = capi::text_or_empty(in.department);
  c.org_unit = OrgUnitId{in.org_unit};
  c.agent = capi::opt_id<AgentId>(in.agent);
  return c;
}

void fill_complaint(inscrm_complaint& o, capi::Arena& a, const Complaint& c) {
  o.id = c.id.value;
  o.version = c.version;
  o.external_ref = a.opt_str(c.external_ref);
  o.customer = c.customer.value;
  o.policy = c.policy ? c.policy->value : 0;
  o.channel = capi::name_of(c.channel);
  o.matter = a.str(c.matter);
  o.received_at_unix_micros = capi::to_c(c.received_at);
  o.category = capi::name_of(c.category);
  o.subcategory = a.str(c.subcategory);
  o.severity = capi::name_of(c.severity);
  o.status = capi::name_of(c.status);
  o.department = a.str(c.department);
  o.assignee = a.str(c.assignee);
  o.root_cause = c.root_cause ? capi::name_of(*c.root_cause) : nullptr;
  o.resolution = a.str(c.resolution);
  o.customer_satisfaction = c.customer_satisfaction.value_or(0);
  o.reopen_count = c.reopen_count;
  o.escalation_level = c.escalation_level;
  o.sla = capi::sla_clock_out(a, c.sla);
  o.org_unit = c.org_unit.value;
  o.agent = c.agent ? c.agent->value : 0;
  o.closed_at_unix_micros = capi::to_c(c.closed_at);
  o.created_at_unix_micros = capi::to_c(c.created_at);
  o.updated_at_unix_micros = capi::to_c(c.updated_at);
}

inscrm_complaint* complaint_output(const Complaint& c) {
  return capi::make_output<inscrm_complaint>([&](inscrm_complaint& o, capi::Arena& a) { fill_complaint(o, a, c); });
}

void fill_step(inscrm_complaint_step& o, capi::Arena& a, const ComplaintStep& s) {
  o.id = s.id.value;
  o.complaint = s.complaint.value;
  o.from = capi::name_of(s.from);
  o.to = capi::name_of(s.to);
  o.event = capi::name_of(s.event);
  o.at_unix_micros = capi::to_c(s.at);
  o.actor = a.str(s.actor);
  o.note = a.str(s.note);
}

// Every handling step has the same frame; `call` reads its own arguments, then calls the service.
template <class Call>
inscrm_status step(inscrm_db* db, const inscrm_actor* actor, inscrm_complaint** out, Call&& call) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto complaint, call(capi::from_handle(db).crm.complaints(), who));
    if (out) *out = complaint_output(complaint);
    return ok();
  });
}

template <class Key>
const inscrm_name_count* name_counts(capi::Arena& a, const std::map<Key, int>& counts) {
  auto* out = a.array<inscrm_name_count>(counts.size());
  std::size_t i = 0;
  for (const auto& [key, n] : counts) out[i++] = {capi::name_of(key), n};
  return out;
}

template <class Id>
const inscrm_id_count* id_counts(capi::Arena& a, const std::map<Id, int>& counts) {
  auto* out = a.array<inscrm_id_count>(counts.size());
  std::size_t i = 0;
  for (const auto& [id, n] : counts) out[i++] = {id.value, n};
  return out;
}

const std::int64_t* minutes_out(capi::Arena& a, const std::optional<std::chrono::minutes>& m) {
  if (!m) return nullptr;
  auto* out = a.one<std::int64_t>();
  *out = m->count();
  return out;
}

inscrm_duration_stats duration_out(capi::Arena& a, const DurationStats& d) {
  return {d.count, minutes_out(a, d.mean), minutes_out(a, d.median)};
}

void fill_stats(inscrm_complaint_stats& o, capi::Arena& a, const ComplaintStats& s) {
  o.received = s.received;
  o.open = s.open;
  o.closed = s.closed;
  o.escalated = s.escalated;
  o.by_category = name_counts(a, s.by_category);
  o.by_category_count = s.by_category.size();
  o.by_severity = name_counts(a, s.by_severity);
  o.by_severity_count = s.by_severity.size();
  o.by_channel = name_counts(a, s.by_channel);
  o.by_channel_count = s.by_channel.size();
  o.by_org_unit = id_counts(a, s.by_org_unit);
  o.by_org_unit_count = s.by_org_unit.size();
  o.by_agent = id_counts(a, s.by_agent);
  o.by_agent_count = s.by_agent.size();
  o.by_root_cause = name_counts(a, s.by_root_cause);
  o.by_root_cause_count = s.by_root_cause.size();
  o.wall_time_to_resolve = duration_out(a, s.wall_time_to_resolve);
  o.sla_time_to_resolve = duration_out(a, s.sla_time_to_resolve);
  o.acknowledge_decided = s.acknowledge_decided;
  o.acknowledged_in_time = s.acknowledged_in_time;
  o.resolve_decided = s.resolve_decided;
  o.resolved_in_time = s.resolved_in_time;
  o.acknowledge_compliance = capi::double_out(a, s.acknowledge_compliance);
  o.resolve_compliance = capi::double_out(a, s.resolve_compliance);
  o.answered = s.answered;
  o.reopened = s.reopened;
  o.reopen_rate = capi::double_out(a, s.reopen_rate);
  o.satisfaction_responses = s.satisfaction_responses;
  o.mean_satisfaction = capi::double_out(a, s.mean_satisfaction);
}

}  // namespace

inscrm_status inscrm_complaint_input_init(inscrm_complaint_input* input, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(input, version, "input"); });
}

inscrm_status inscrm_complaint_query_init(inscrm_complaint_query* query, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(query, version, "query"); });
}

inscrm_status inscrm_complaint_receive(inscrm_db* db, const inscrm_actor* actor, const inscrm_complaint_input* input,
                                       inscrm_complaint** out) {
  return step(db, actor, out, [&](const ComplaintService& s, const Actor& who) -> Result<Complaint> {
    INSCRM_TRY(auto in, capi::read_struct(input, "input"));
    INSCRM_TRY(auto draft, to_complaint(in));
    return s.receive(who, std::move(draft));
  });
}

inscrm_status inscrm_complaint_assign(inscrm_db* db, const inscrm_actor* actor, int64_t id, const char* department,
                                      const char* assignee, const char* note, inscrm_complaint** out) {
  return step(db, actor, out, [&](const ComplaintService& s, const Actor& who) -> Result<Complaint> {
    INSCRM_TRY(auto dept, capi::text(department, "department"));
    INSCRM_TRY(auto handler, capi::text(assignee, "assignee"));
    return s.assign(who, ComplaintId{id}, std::move(dept), std::move(handler), capi::text_or_empty(note));
  });
}

inscrm_status inscrm_complaint_reassign(inscrm_db* db, const inscrm_actor* actor, int64_t id, const char* department,
                                        const char* assignee, const char* note, inscrm_complaint** out) {
  return step(db, actor, out, [&](const ComplaintService& s, const Actor& who) -> Result<Complaint> {
    INSCRM_TRY(auto dept, capi::text(department, "department"));
    INSCRM_TRY(auto handler, capi::text(assignee, "assignee"));
    return s.reassign(who, ComplaintId{id}, std::move(dept), std::move(handler), capi::text_or_empty(note));
  });
}

inscrm_status inscrm_complaint_start_investigation(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                   const char* note, inscrm_complaint** out) {
  return step(db, actor, out, [&](const ComplaintService& s, const Actor& who) {
    return s.start_investigation(who, ComplaintId{id}, capi::text_or_empty(note));
  });
}

inscrm_status inscrm_complaint_propose_solution(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                const char* resolution, inscrm_complaint** out) {
  return step(db, actor, out, [&](const ComplaintService& s, const Actor& who) -> Result<Complaint> {
    INSCRM_TRY(auto text, capi::text(resolution, "resolution"));
    return s.propose_solution(who, ComplaintId{id}, std::move(text));
  });
}

inscrm_status inscrm_complaint_inform_customer(inscrm_db* db, const inscrm_actor* actor, int64_t id, const char* note,
                                               inscrm_complaint** out) {
  return step(db, actor, out, [&](const ComplaintService& s, const Actor& who) {
    return s.inform_customer(who, ComplaintId{id}, capi::text_or_empty(note));
  });
}

inscrm_status inscrm_complaint_close(inscrm_db* db, const inscrm_actor* actor, int64_t id, const char* root_cause,
                                     int customer_satisfaction, const char* note, inscrm_complaint** out) {
  return step(db, actor, out, [&](const ComplaintService& s, const Actor& who) -> Result<Complaint> {
    std::optional<RootCause> cause;
    if (root_cause != nullptr) {
      INSCRM_TRY(cause, capi::enum_named(root_cause, RootCause::Other, "root_cause"));
    }
    const auto satisfaction = customer_satisfaction != 0 ? std::optional<int>{customer_satisfaction} : std::nullopt;
    return s.close(who, ComplaintId{id}, cause, satisfaction, capi::text_or_empty(note));
  });
}

inscrm_status inscrm_complaint_reopen(inscrm_db* db, const inscrm_actor* actor, int64_t id, const char* objection,
                                      inscrm_complaint** out) {
  return step(db, actor, out, [&](const ComplaintService& s, const Actor& who) -> Result<Complaint> {
    INSCRM_TRY(auto why, capi::text(objection, "objection"));
    return s.reopen(who, ComplaintId{id}, std::move(why));
  });
}

inscrm_status inscrm_complaint_escalate(inscrm_db* db, const inscrm_actor* actor, int64_t id, const char* reason,
                                        inscrm_complaint** out) {
  return step(db, actor, out, [&](const ComplaintService& s, const Actor& who) -> Result<Complaint> {
    INSCRM_TRY(auto why, capi::text(reason, "reason"));
    return s.escalate(who, ComplaintId{id}, std::move(why));
  });
}

inscrm_status inscrm_complaint_wait_on_customer(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                const char* reason, inscrm_complaint** out) {
  return step(db, actor, out, [&](const ComplaintService& s, const Actor& who) -> Result<Complaint> {
    INSCRM_TRY(auto why, capi::text(reason, "reason"));
    return s.wait_on_customer(who, ComplaintId{id}, std::move(why));
  });
}

inscrm_status inscrm_complaint_customer_responded(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                  const char* note, inscrm_complaint** out) {
  return step(db, actor, out, [&](const ComplaintService& s, const Actor& who) {
    return s.customer_responded(who, ComplaintId{id}, capi::text_or_empty(note));
  });
}

inscrm_status inscrm_complaint_get(inscrm_db* db, const inscrm_actor* actor, int64_t id, inscrm_complaint** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto complaint, capi::from_handle(db).crm.complaints().get(who, ComplaintId{id}));
    *out = complaint_output(complaint);
    return ok();
  });
}

void inscrm_complaint_free(inscrm_complaint** complaint) {
  capi::guard_void([&] { capi::free_output(complaint); });
}

inscrm_status inscrm_complaints_list(inscrm_db* db, const inscrm_actor* actor, const inscrm_complaint_query* query,
                                     inscrm_complaint_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    inscrm_complaint_query q = capi::Versioned<inscrm_complaint_query>::defaults;  // NULL: the first page
    if (query) {
      INSCRM_TRY(q, capi::read_struct(query, "query"));
    }
    INSCRM_TRYV(capi::require(out, "out"));
    storage::ComplaintQuery cq;
    cq.customer = capi::opt_id<CustomerId>(q.customer);
    INSCRM_TRY(cq.statuses, capi::enums_named<ComplaintStatus>(q.statuses, q.status_count, "query.statuses"));
    cq.department = capi::opt_text(q.department);
    cq.assignee = capi::opt_text(q.assignee);
    cq.received_from = capi::opt_instant(q.received_from_unix_micros);
    cq.received_to = capi::opt_instant(q.received_to_unix_micros);
    cq.after = ComplaintId{q.after};
    cq.limit = q.limit;
    INSCRM_TRY(auto complaints, capi::from_handle(db).crm.complaints().list(who, cq));
    *out = capi::make_output<inscrm_complaint_list>([&](inscrm_complaint_list& l, capi::Arena& a) {
      capi::fill_list<inscrm_complaint_list, inscrm_complaint>(l, a, complaints, fill_complaint);
    });
    return ok();
  });
}

void inscrm_complaint_list_free(inscrm_complaint_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}

inscrm_status inscrm_complaint_history(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                       inscrm_complaint_step_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto steps, capi::from_handle(db).crm.complaints().history(who, ComplaintId{id}));
    *out = capi::make_output<inscrm_complaint_step_list>([&](inscrm_complaint_step_list& l, capi::Arena& a) {
      capi::fill_list<inscrm_complaint_step_list, inscrm_complaint_step>(l, a, steps, fill_step);
    });
    return ok();
  });
}

void inscrm_complaint_step_list_free(inscrm_complaint_step_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}

inscrm_status inscrm_complaint_deadlines(inscrm_db* db, const inscrm_actor* actor, int64_t id, inscrm_deadlines** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto deadlines, capi::from_handle(db).crm.complaints().deadlines(who, ComplaintId{id}));
    *out = capi::deadlines_output(deadlines);
    return ok();
  });
}

inscrm_status inscrm_complaint_statistics(inscrm_db* db, const inscrm_actor* actor, int64_t from_unix_micros,
                                          int64_t to_unix_micros, inscrm_complaint_stats** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto stats, capi::from_handle(db).crm.complaints().statistics(who, from_epoch_micros(from_unix_micros),
                                                                             from_epoch_micros(to_unix_micros)));
    *out = capi::make_output<inscrm_complaint_stats>(
        [&](inscrm_complaint_stats& o, capi::Arena& a) { fill_stats(o, a, stats); });
    return ok();
  });
}

void inscrm_complaint_stats_free(inscrm_complaint_stats** stats) {
  capi::guard_void([&] { capi::free_output(stats); });
}
