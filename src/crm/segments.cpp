#include <inscrm/crm/segments.hpp>

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/rules/rule.hpp>

#include "crm/engine.hpp"
#include "crm/json.hpp"

#include <fmt/format.h>

namespace inscrm {
namespace {

// Segments read the standard facts only: those are what every adapter can evaluate where the
// data lives (storage/store.hpp rule_members).
const FactRegistry& standard_facts() {
  static const FactRegistry registry = FactRegistry::standard();
  return registry;
}

Result<Segment> named(storage::Transaction& tx, std::string_view name) {
  INSCRM_TRY(auto found, tx.segment_by_name(name));
  if (!found) return Error::not_found("segment", fmt::format("no segment named '{}'", name));
  return std::move(*found);
}

Result<void> check_day(Date day, const char* field) {
  if (!day.ok()) return Error::invalid_argument(field, "not a calendar date");
  return ok();
}

// The latest snapshot of `segment` taken as of `day`.
Result<SegmentSnapshotId> latest_on(storage::Transaction& tx, const Segment& segment, Date day, const char* field) {
  INSCRM_TRY(const auto all, tx.segment_snapshots(segment.id));
  for (auto it = all.rbegin(); it != all.rend(); ++it)
    if (it->as_of == day) return it->id;
  return Error::not_found(field, fmt::format("segment '{}' has no snapshot as of {}", segment.name, to_string(day)));
}

Result<SegmentSnapshot> stored_snapshot(storage::Transaction& tx, SegmentSnapshotId id, const char* field) {
  auto snap = tx.segment_snapshot(id);
  if (!snap && snap.error().code() == Errc::NotFound)
    return Error::not_found(field, fmt::format("segment snapshot {} does not exist", id.value));
  return snap;
}

}  // namespace

Result<Segment> SegmentService::define(const Actor& actor, SegmentDraft draft) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Segment, Action::Create));
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  Segment s;
  s.name = std::move(draft.name);
  s.kind = draft.kind;
  s.description = std::move(draft.description);
  s.rule = std::move(draft.rule);
  s.rule_version = 1;
  s.created_at = s.updated_at = now;
  INSCRM_TRYV(validate_segment(s));
  INSCRM_TRYV(rules::compile(s.rule, standard_facts()));
  return engine.write([&](storage::Transaction& tx) -> Result<Segment> {
    INSCRM_TRYV(tx.insert_segment(s));
    INSCRM_TRYV(tx.append_segment_rule(s.id, rules::StoredRule{s.name, 1, s.rule, now}));
    INSCRM_TRYV(engine.emit(tx, actor, "segment.defined", "segment", s.id.value,
                            fmt::format(R"({{"segment_id":{},"name":{},"kind":"{}","rule_version":1,"rule":{}}})",
                                        s.id.value, detail::json_string(s.name), to_string(s.kind),
                                        detail::json_string(s.rule))));
    return s;
  });
}

Result<Segment> SegmentService::change_rule(const Actor& actor, std::string_view name, std::string rule) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Segment, Action::Update));
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  return engine.write([&](storage::Transaction& tx) -> Result<Segment> {
    INSCRM_TRY(Segment s, named(tx, name));
    if (s.rule == rule) return s;
    s.rule = std::move(rule);
    s.rule_version += 1;
    s.updated_at = now;
    INSCRM_TRYV(validate_segment(s));
    INSCRM_TRYV(rules::compile(s.rule, standard_facts()));
    INSCRM_TRYV(tx.update_segment(s));
    INSCRM_TRYV(tx.append_segment_rule(s.id, rules::StoredRule{s.name, s.rule_version, s.rule, now}));
    INSCRM_TRYV(engine.emit(tx, actor, "segment.rule_changed", "segment", s.id.value,
                            fmt::format(R"({{"segment_id":{},"name":{},"rule_version":{},"rule":{}}})", s.id.value,
                                        detail::json_string(s.name), s.rule_version, detail::json_string(s.rule))));
    return s;
  });
}

Result<Segment> SegmentService::get(const Actor& actor, std::string_view name) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Segment, Action::Read));
  return engine_->read([&](storage::Transaction& tx) { return named(tx, name); });
}

Result<std::vector<Segment>> SegmentService::list(const Actor& actor) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Segment, Action::Read));
  return engine_->read([&](storage::Transaction& tx) { return tx.segments(); });
}

Result<std::vector<rules::StoredRule>> SegmentService::rule_history(const Actor& actor, std::string_view name) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Segment, Action::Read));
  return engine_->read([&](storage::Transaction& tx) -> Result<std::vector<rules::StoredRule>> {
    INSCRM_TRY(const Segment s, named(tx, name));
    return tx.segment_rules(s.id);
  });
}

Result<std::vector<CustomerId>> SegmentService::evaluate(const Actor& actor, std::string_view rule, Date as_of) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Segment, Action::Read));
  INSCRM_TRYV(check_day(as_of, "as_of"));
  INSCRM_TRY(const rules::Rule checked, rules::compile(rule, standard_facts()));
  return engine_->read([&](storage::Transaction& tx) { return tx.rule_members(checked, as_of); });
}

Result<SegmentSnapshot> SegmentService::run(const Actor& actor, std::string_view name, Date as_of) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Segment, Action::Update));
  INSCRM_TRYV(check_day(as_of, "as_of"));
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  return engine.write([&](storage::Transaction& tx) -> Result<SegmentSnapshot> {
    INSCRM_TRY(const Segment s, named(tx, name));
    // Rechecked at every run: the text was written against the facts of its day (stored_rule.hpp).
    INSCRM_TRY(const rules::Rule rule,
               rules::recheck(rules::StoredRule{s.name, s.rule_version, s.rule, s.updated_at}, standard_facts()));
    SegmentSnapshot snap;
    snap.segment = s.id;
    snap.rule_version = s.rule_version;
    snap.as_of = as_of;
    snap.taken_at = now;
    INSCRM_TRY(snap.members, tx.rule_members(rule, as_of));
    INSCRM_TRYV(tx.insert_segment_snapshot(snap));
    INSCRM_TRYV(engine.emit(
        tx, actor, "segment.run", "segment", s.id.value,
        fmt::format(R"({{"segment_id":{},"snapshot_id":{},"as_of":"{}","rule_version":{},"members":{}}})",
                    s.id.value, snap.id.value, to_string(as_of), snap.rule_version, snap.member_count)));
    return snap;
  });
}

Result<std::vector<SegmentSnapshot>> SegmentService::snapshots(const Actor& actor, std::string_view name) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Segment, Action::Read));
  return engine_->read([&](storage::Transaction& tx) -> Result<std::vector<SegmentSnapshot>> {
    INSCRM_TRY(const Segment s, named(tx, name));
    return tx.segment_snapshots(s.id);
  });
}

Result<SegmentSnapshot> SegmentService::snapshot(const Actor& actor, SegmentSnapshotId id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Segment, Action::Read));
  return engine_->read([&](storage::Transaction& tx) { return stored_snapshot(tx, id, "snapshot"); });
}

Result<SegmentMovement> SegmentService::movement(const Actor& actor, SegmentSnapshotId from, SegmentSnapshotId to) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Segment, Action::Read));
  return engine_->read([&](storage::Transaction& tx) -> Result<SegmentMovement> {
    INSCRM_TRY(const auto before, stored_snapshot(tx, from, "from"));
    INSCRM_TRY(const auto after, stored_snapshot(tx, to, "to"));
    return inscrm::movement(before, after);
  });
}

Result<SegmentMovement> SegmentService::movement(const Actor& actor, std::string_view name, Date from, Date to) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Segment, Action::Read));
  INSCRM_TRYV(check_day(from, "from"));
  INSCRM_TRYV(check_day(to, "to"));
  return engine_->read([&](storage::Transaction& tx) -> Result<SegmentMovement> {
    INSCRM_TRY(const Segment s, named(tx, name));
    INSCRM_TRY(const auto before_id, latest_on(tx, s, from, "from"));
    INSCRM_TRY(const auto after_id, latest_on(tx, s, to, "to"));
    INSCRM_TRY(const auto before, tx.segment_snapshot(before_id));
    INSCRM_TRY(const auto after, tx.segment_snapshot(after_id));
    return inscrm::movement(before, after);
  });
}

}  // namespace inscrm
