// Segments module (domain.md C8): define and change segment rules, evaluate a rule over the
// portfolio, run dated snapshots and compare them. Customer ids leave as one int64 array per
// answer, so a host selecting thousands of customers makes one call, not thousands.

#include "guard.hpp"
#include "handle.hpp"
#include "input.hpp"
#include "output.hpp"

#include <inscrm/crm.hpp>

using namespace inscrm;

namespace {

Result<SegmentDraft> to_draft(const inscrm_segment_input& in) {
  SegmentDraft d;
  INSCRM_TRY(d.name, capi::text(in.name, "name"));
  INSCRM_TRY(d.kind, capi::enum_named(in.kind, SegmentKind::Demographic, "kind"));
  d.description = capi::text_or_empty(in.description);
  INSCRM_TRY(d.rule, capi::text(in.rule, "rule"));
  return d;
}

// Customer ids into the arena: NULL for none, as the header promises for every empty array.
const std::int64_t* ids_out(capi::Arena& a, const std::vector<CustomerId>& ids) {
  auto* out = a.array<std::int64_t>(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) out[i] = ids[i].value;
  return out;
}

void fill_segment(inscrm_segment& o, capi::Arena& a, const Segment& s) {
  o.id = s.id.value;
  o.version = s.version;
  o.name = a.str(s.name);
  o.kind = capi::name_of(s.kind);
  o.description = a.str(s.description);
  o.rule = a.str(s.rule);
  o.rule_version = s.rule_version;
  o.created_at_unix_micros = capi::to_c(s.created_at);
  o.updated_at_unix_micros = capi::to_c(s.updated_at);
}

inscrm_segment* segment_output(const Segment& s) {
  return capi::make_output<inscrm_segment>([&](inscrm_segment& o, capi::Arena& a) { fill_segment(o, a, s); });
}

void fill_rule(inscrm_segment_rule& o, capi::Arena& a, const rules::StoredRule& r) {
  o.version = r.version;
  o.text = a.str(r.text);
  o.created_at_unix_micros = capi::to_c(r.created_at);
}

// Listings carry no members (SegmentService::snapshots leaves them out), so members stays NULL
// there while member_count still says how many the run selected.
void fill_snapshot(inscrm_segment_snapshot& o, capi::Arena& a, const SegmentSnapshot& s) {
  o.id = s.id.value;
  o.segment = s.segment.value;
  o.rule_version = s.rule_version;
  o.as_of = a.date(s.as_of);
  o.taken_at_unix_micros = capi::to_c(s.taken_at);
  o.member_count = static_cast<std::size_t>(s.member_count);
  o.members = ids_out(a, s.members);
}

inscrm_segment_snapshot* snapshot_output(const SegmentSnapshot& s) {
  return capi::make_output<inscrm_segment_snapshot>(
      [&](inscrm_segment_snapshot& o, capi::Arena& a) { fill_snapshot(o, a, s); });
}

inscrm_segment_movement* movement_output(const SegmentMovement& m) {
  return capi::make_output<inscrm_segment_movement>([&](inscrm_segment_movement& o, capi::Arena& a) {
    o.from = m.from.value;
    o.to = m.to.value;
    o.from_day = a.date(m.from_day);
    o.to_day = a.date(m.to_day);
    o.entered_count = m.entered.size();
    o.entered = ids_out(a, m.entered);
    o.left_count = m.left.size();
    o.left = ids_out(a, m.left);
    o.stayed_count = m.stayed.size();
    o.stayed = ids_out(a, m.stayed);
  });
}

}  // namespace

void inscrm_id_array_free(inscrm_id_array** array) {
  capi::guard_void([&] { capi::free_output(array); });
}

inscrm_status inscrm_segment_evaluate(inscrm_db* db, const inscrm_actor* actor, const char* rule, const char* as_of,
                                      inscrm_id_array** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto text, capi::text(rule, "rule"));
    INSCRM_TRY(auto day, capi::date(as_of, "as_of"));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto members, capi::from_handle(db).crm.segments().evaluate(who, text, day));
    *out = capi::make_output<inscrm_id_array>([&](inscrm_id_array& o, capi::Arena& a) {
      o.count = members.size();
      o.ids = ids_out(a, members);
    });
    return ok();
  });
}

inscrm_status inscrm_segment_input_init(inscrm_segment_input* input, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(input, version, "input"); });
}

inscrm_status inscrm_segment_define(inscrm_db* db, const inscrm_actor* actor, const inscrm_segment_input* input,
                                    inscrm_segment** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto in, capi::read_struct(input, "input"));
    INSCRM_TRY(auto draft, to_draft(in));
    INSCRM_TRY(auto segment, capi::from_handle(db).crm.segments().define(who, std::move(draft)));
    if (out) *out = segment_output(segment);
    return ok();
  });
}

inscrm_status inscrm_segment_change_rule(inscrm_db* db, const inscrm_actor* actor, const char* name, const char* rule,
                                         inscrm_segment** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto segment_name, capi::text(name, "name"));
    INSCRM_TRY(auto text, capi::text(rule, "rule"));
    INSCRM_TRY(auto segment, capi::from_handle(db).crm.segments().change_rule(who, segment_name, std::move(text)));
    if (out) *out = segment_output(segment);
    return ok();
  });
}

inscrm_status inscrm_segment_get(inscrm_db* db, const inscrm_actor* actor, const char* name, inscrm_segment** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto segment_name, capi::text(name, "name"));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto segment, capi::from_handle(db).crm.segments().get(who, segment_name));
    *out = segment_output(segment);
    return ok();
  });
}

void inscrm_segment_free(inscrm_segment** segment) {
  capi::guard_void([&] { capi::free_output(segment); });
}

inscrm_status inscrm_segments_list(inscrm_db* db, const inscrm_actor* actor, inscrm_segment_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto segments, capi::from_handle(db).crm.segments().list(who));
    *out = capi::make_output<inscrm_segment_list>([&](inscrm_segment_list& l, capi::Arena& a) {
      capi::fill_list<inscrm_segment_list, inscrm_segment>(l, a, segments, fill_segment);
    });
    return ok();
  });
}

void inscrm_segment_list_free(inscrm_segment_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}

inscrm_status inscrm_segment_rule_history(inscrm_db* db, const inscrm_actor* actor, const char* name,
                                          inscrm_segment_rule_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto segment_name, capi::text(name, "name"));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto history, capi::from_handle(db).crm.segments().rule_history(who, segment_name));
    *out = capi::make_output<inscrm_segment_rule_list>([&](inscrm_segment_rule_list& l, capi::Arena& a) {
      capi::fill_list<inscrm_segment_rule_list, inscrm_segment_rule>(l, a, history, fill_rule);
    });
    return ok();
  });
}

void inscrm_segment_rule_list_free(inscrm_segment_rule_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}

inscrm_status inscrm_segment_run(inscrm_db* db, const inscrm_actor* actor, const char* name, const char* as_of,
                                 inscrm_segment_snapshot** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto segment_name, capi::text(name, "name"));
    INSCRM_TRY(auto day, capi::date(as_of, "as_of"));
    INSCRM_TRY(auto snapshot, capi::from_handle(db).crm.segments().run(who, segment_name, day));
    if (out) *out = snapshot_output(snapshot);
    return ok();
  });
}

inscrm_status inscrm_segment_snapshot_get(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                          inscrm_segment_snapshot** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto snapshot, capi::from_handle(db).crm.segments().snapshot(who, SegmentSnapshotId{id}));
    *out = snapshot_output(snapshot);
    return ok();
  });
}

void inscrm_segment_snapshot_free(inscrm_segment_snapshot** snapshot) {
  capi::guard_void([&] { capi::free_output(snapshot); });
}

inscrm_status inscrm_segment_snapshots(inscrm_db* db, const inscrm_actor* actor, const char* name,
                                       inscrm_segment_snapshot_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto segment_name, capi::text(name, "name"));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto snapshots, capi::from_handle(db).crm.segments().snapshots(who, segment_name));
    *out = capi::make_output<inscrm_segment_snapshot_list>([&](inscrm_segment_snapshot_list& l, capi::Arena& a) {
      capi::fill_list<inscrm_segment_snapshot_list, inscrm_segment_snapshot>(l, a, snapshots, fill_snapshot);
    });
    return ok();
  });
}

void inscrm_segment_snapshot_list_free(inscrm_segment_snapshot_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}

inscrm_status inscrm_segment_movement_between(inscrm_db* db, const inscrm_actor* actor, int64_t from_snapshot,
                                              int64_t to_snapshot, inscrm_segment_movement** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto movement, capi::from_handle(db).crm.segments().movement(who, SegmentSnapshotId{from_snapshot},
                                                                            SegmentSnapshotId{to_snapshot}));
    *out = movement_output(movement);
    return ok();
  });
}

inscrm_status inscrm_segment_movement_by_day(inscrm_db* db, const inscrm_actor* actor, const char* name,
                                             const char* from, const char* to, inscrm_segment_movement** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto segment_name, capi::text(name, "name"));
    INSCRM_TRY(auto first, capi::date(from, "from"));
    INSCRM_TRY(auto last, capi::date(to, "to"));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto movement, capi::from_handle(db).crm.segments().movement(who, segment_name, first, last));
    *out = movement_output(movement);
    return ok();
  });
}

void inscrm_segment_movement_free(inscrm_segment_movement** movement) {
  capi::guard_void([&] { capi::free_output(movement); });
}
