// Interactions module (domain.md C4): log a contact, list the log.

#include "guard.hpp"
#include "handle.hpp"
#include "input.hpp"
#include "output.hpp"

#include <inscrm/crm.hpp>

using namespace inscrm;

namespace {

Result<Interaction> to_interaction(const inscrm_interaction_input& in) {
  Interaction i;
  i.external_ref = capi::opt_text(in.external_ref);
  i.customer = CustomerId{in.customer};
  INSCRM_TRY(i.channel, capi::enum_named(in.channel, Channel::CallCentre, "channel"));
  INSCRM_TRY(i.direction, capi::enum_named(in.direction, Direction::Inbound, "direction"));
  INSCRM_TRY(i.purpose, capi::enum_named(in.purpose, InteractionPurpose::Inquiry, "purpose"));
  i.agent = capi::opt_id<AgentId>(in.agent);
  i.org_unit = OrgUnitId{in.org_unit};
  i.started_at = from_epoch_micros(in.started_at_unix_micros);  // the epoch: the facade's "now"
  i.duration = std::chrono::seconds{in.duration_seconds};
  INSCRM_TRY(i.outcome, capi::enum_named(in.outcome, InteractionOutcome::Completed, "outcome"));
  if (in.visit_kind != nullptr) {
    INSCRM_TRY(i.visit_kind, capi::enum_named(in.visit_kind, VisitKind::Cold, "visit_kind"));
  }
  i.notes = capi::text_or_empty(in.notes);
  return i;
}

void fill_interaction(inscrm_interaction& o, capi::Arena& a, const Interaction& i) {
  o.id = i.id.value;
  o.version = i.version;
  o.external_ref = a.opt_str(i.external_ref);
  o.customer = i.customer.value;
  o.channel = capi::name_of(i.channel);
  o.direction = capi::name_of(i.direction);
  o.purpose = capi::name_of(i.purpose);
  o.agent = i.agent ? i.agent->value : 0;
  o.org_unit = i.org_unit.value;
  o.started_at_unix_micros = capi::to_c(i.started_at);
  o.duration_seconds = i.duration.count();
  o.outcome = capi::name_of(i.outcome);
  o.visit_kind = i.visit_kind ? capi::name_of(*i.visit_kind) : nullptr;
  o.notes = a.str(i.notes);
  o.created_at_unix_micros = capi::to_c(i.created_at);
}

}  // namespace

inscrm_status inscrm_interaction_input_init(inscrm_interaction_input* input, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(input, version, "input"); });
}

inscrm_status inscrm_interaction_query_init(inscrm_interaction_query* query, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(query, version, "query"); });
}

inscrm_status inscrm_interaction_log(inscrm_db* db, const inscrm_actor* actor, const inscrm_interaction_input* input,
                                     inscrm_interaction** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto in, capi::read_struct(input, "input"));
    INSCRM_TRY(auto draft, to_interaction(in));
    INSCRM_TRY(auto logged, capi::from_handle(db).crm.interactions().log(who, std::move(draft)));
    if (out)
      *out = capi::make_output<inscrm_interaction>(
          [&](inscrm_interaction& o, capi::Arena& a) { fill_interaction(o, a, logged); });
    return ok();
  });
}

void inscrm_interaction_free(inscrm_interaction** interaction) {
  capi::guard_void([&] { capi::free_output(interaction); });
}

inscrm_status inscrm_interactions_list(inscrm_db* db, const inscrm_actor* actor, const inscrm_interaction_query* query,
                                       inscrm_interaction_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    inscrm_interaction_query q = capi::Versioned<inscrm_interaction_query>::defaults;  // NULL: the first page
    if (query) {
      INSCRM_TRY(q, capi::read_struct(query, "query"));
    }
    INSCRM_TRYV(capi::require(out, "out"));
    storage::InteractionQuery iq;
    iq.customer = capi::opt_id<CustomerId>(q.customer);
    iq.agent = capi::opt_id<AgentId>(q.agent);
    iq.from = capi::opt_instant(q.from_unix_micros);
    iq.to = capi::opt_instant(q.to_unix_micros);
    iq.after = InteractionId{q.after};
    iq.limit = q.limit;
    INSCRM_TRY(auto interactions, capi::from_handle(db).crm.interactions().list(who, iq));
    *out = capi::make_output<inscrm_interaction_list>([&](inscrm_interaction_list& l, capi::Arena& a) {
      capi::fill_list<inscrm_interaction_list, inscrm_interaction>(l, a, interactions, fill_interaction);
    });
    return ok();
  });
}

void inscrm_interaction_list_free(inscrm_interaction_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}
