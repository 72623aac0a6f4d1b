#pragma once
// Row structs of the segment tables (migration 0003_segments) and their mapping to the domain
// records, in the style of rows.hpp: each() lists the columns in schema order.

#include "storage/sql/columns.hpp"

#include <inscrm/domain/segment.hpp>
#include <inscrm/rules/stored_rule.hpp>

#include <string_view>

namespace inscrm::storage::sql {

struct SegmentRow {
  static constexpr std::string_view table = "segments";
  static constexpr bool has_id = true;
  IntCol id, version;
  TextCol name, kind, description, rule;
  IntCol rule_version, created_at, updated_at;

  template <class F>
  void each(F&& f) {
    f("id", id), f("version", version), f("name", name), f("kind", kind), f("description", description);
    f("rule", rule), f("rule_version", rule_version), f("created_at", created_at), f("updated_at", updated_at);
  }
};

struct SegmentRuleRow {
  static constexpr std::string_view table = "segment_rules";
  static constexpr bool has_id = false;
  IntCol segment_id, version;
  TextCol name, text;
  IntCol created_at;

  template <class F>
  void each(F&& f) {
    f("segment_id", segment_id), f("version", version), f("name", name), f("text", text);
    f("created_at", created_at);
  }
};

struct SegmentSnapshotRow {
  static constexpr std::string_view table = "segment_snapshots";
  static constexpr bool has_id = true;
  IntCol id, segment_id, rule_version, as_of, taken_at, member_count;

  template <class F>
  void each(F&& f) {
    f("id", id), f("segment_id", segment_id), f("rule_version", rule_version), f("as_of", as_of);
    f("taken_at", taken_at), f("member_count", member_count);
  }
};

inline void to_row(const Segment& s, SegmentRow& r) {
  put_id(r.id, s.id);
  put(r.version, s.version);
  put(r.name, s.name);
  put_enum(r.kind, s.kind);
  put(r.description, s.description);
  put(r.rule, s.rule);
  put(r.rule_version, s.rule_version);
  put_instant(r.created_at, s.created_at);
  put_instant(r.updated_at, s.updated_at);
}

inline Result<Segment> from_row(const SegmentRow& r) {
  Segment s;
  INSCRM_TRY(s.id, get_id<SegmentId>(r.id, "segments.id"));
  INSCRM_TRY(s.version, get(r.version, "segments.version"));
  INSCRM_TRY(s.name, get(r.name, "segments.name"));
  INSCRM_TRY(s.kind, get_enum<SegmentKind>(r.kind, "segments.kind"));
  INSCRM_TRY(s.description, get(r.description, "segments.description"));
  INSCRM_TRY(s.rule, get(r.rule, "segments.rule"));
  INSCRM_TRY(s.rule_version, get_int(r.rule_version, "segments.rule_version"));
  INSCRM_TRY(s.created_at, get_instant(r.created_at, "segments.created_at"));
  INSCRM_TRY(s.updated_at, get_instant(r.updated_at, "segments.updated_at"));
  return s;
}

inline void to_row(SegmentId segment, const rules::StoredRule& rule, SegmentRuleRow& r) {
  put_id(r.segment_id, segment);
  put(r.version, rule.version);
  put(r.name, rule.name);
  put(r.text, rule.text);
  put_instant(r.created_at, rule.created_at);
}

inline Result<rules::StoredRule> from_row(const SegmentRuleRow& r) {
  rules::StoredRule rule;
  INSCRM_TRY(rule.version, get_int(r.version, "segment_rules.version"));
  INSCRM_TRY(rule.name, get(r.name, "segment_rules.name"));
  INSCRM_TRY(rule.text, get(r.text, "segment_rules.text"));
  INSCRM_TRY(rule.created_at, get_instant(r.created_at, "segment_rules.created_at"));
  return rule;
}

inline void to_row(const SegmentSnapshot& s, SegmentSnapshotRow& r) {
  put_id(r.id, s.id);
  put_id(r.segment_id, s.segment);
  put(r.rule_version, s.rule_version);
  put_date(r.as_of, s.as_of);
  put_instant(r.taken_at, s.taken_at);
  put(r.member_count, s.member_count);
}

inline Result<SegmentSnapshot> from_row(const SegmentSnapshotRow& r) {
  SegmentSnapshot s;
  INSCRM_TRY(s.id, get_id<SegmentSnapshotId>(r.id, "segment_snapshots.id"));
  INSCRM_TRY(s.segment, get_id<SegmentId>(r.segment_id, "segment_snapshots.segment_id"));
  INSCRM_TRY(s.rule_version, get_int(r.rule_version, "segment_snapshots.rule_version"));
  INSCRM_TRY(s.as_of, get_date(r.as_of, "segment_snapshots.as_of"));
  INSCRM_TRY(s.taken_at, get_instant(r.taken_at, "segment_snapshots.taken_at"));
  INSCRM_TRY(s.member_count, get(r.member_count, "segment_snapshots.member_count"));
  return s;
}

}  // namespace inscrm::storage::sql
