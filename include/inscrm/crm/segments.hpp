#pragma once
// domain.md C8: segments as named, versioned rules over the standard customer facts, run over the
// whole book where the data lives (the storage adapter pushes the rule down as SQL, or evaluates it
// columnar in memory), with dated membership snapshots and the movement between two of them.

#include <inscrm/core/date.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/crm/service_base.hpp>
#include <inscrm/domain/segment.hpp>
#include <inscrm/rules/stored_rule.hpp>
#include <inscrm/security/actor.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace inscrm {

struct SegmentDraft {
  std::string name;
  SegmentKind kind = SegmentKind::Demographic;
  std::string description;
  std::string rule;  // rule language text (rules/rule.hpp) over the standard facts
};

class SegmentService : detail::ServiceBase {
 public:
  // Validates (validate_segment) and compiles the rule against the standard facts: a parse or
  // type error is InvalidArgument "rule" with its line and column (rules::rule_error_position);
  // a name in use is AlreadyExists "name". Stores rule version 1. Emits segment.defined.
  Result<Segment> define(const Actor& actor, SegmentDraft draft) const;
  // A new rule text becomes the next version; the old ones stay in rule_history. The same text
  // again changes nothing. Errors as define(); NotFound "segment". Emits segment.rule_changed.
  Result<Segment> change_rule(const Actor& actor, std::string_view name, std::string rule) const;
  Result<Segment> get(const Actor& actor, std::string_view name) const;  // NotFound "segment"
  Result<std::vector<Segment>> list(const Actor& actor) const;
  Result<std::vector<rules::StoredRule>> rule_history(const Actor& actor, std::string_view name) const;

  // The customers a rule selects as of a day, ascending, without storing anything (ad hoc
  // questions: "who are the golden customers today?").
  Result<std::vector<CustomerId>> evaluate(const Actor& actor, std::string_view rule, Date as_of) const;

  // Evaluates the segment's current rule as of a day and stores the members as a dated snapshot
  // (every run is kept, so a day may have several; the latest counts for movement by day).
  // Emits segment.run.
  Result<SegmentSnapshot> run(const Actor& actor, std::string_view name, Date as_of) const;
  // The segment's snapshots in the order taken, without members.
  Result<std::vector<SegmentSnapshot>> snapshots(const Actor& actor, std::string_view name) const;
  Result<SegmentSnapshot> snapshot(const Actor& actor, SegmentSnapshotId id) const;  // NotFound "snapshot"

  // Who entered, left and stayed between two snapshots (any two, also of different segments).
  Result<SegmentMovement> movement(const Actor& actor, SegmentSnapshotId from, SegmentSnapshotId to) const;
  // Between the segment's latest snapshots as of two days; NotFound "from" / "to" when a day has none.
  Result<SegmentMovement> movement(const Actor& actor, std::string_view name, Date from, Date to) const;

 private:
  friend class Crm;
  using ServiceBase::ServiceBase;
};

}  // namespace inscrm
