#pragma once
// domain.md C8: a segment is a named rule over customer facts (C9) of one kind. Running it as of a
// day evaluates the rule over the whole portfolio and keeps the members as a dated snapshot, so
// that movement between two snapshots (who entered, who left, who stayed) can be reported later,
// even after the rule or the customers have changed.
//
// The rule is stored as text with a version (rules/stored_rule.hpp): a changed text is a new
// version, the old ones stay for history, and each snapshot records the version it ran.

#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/result.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace inscrm {

// [000 §3]: the bases on which an insurer segments its customers.
enum class SegmentKind { Demographic, Geographic, Needs, Behavioural, Value };
INSCRM_ENUM_TEXT(SegmentKind, "demographic", "geographic", "needs", "behavioural", "value")

struct Segment {
  SegmentId id;
  std::int64_t version = 0;  // optimistic concurrency, as every aggregate
  std::string name;          // unique; how hosts and the facade name the segment
  SegmentKind kind = SegmentKind::Demographic;
  std::string description;   // the positioning strategy or service level it carries, in words
  std::string rule;          // the current rule text
  int rule_version = 1;      // version of `rule`; earlier texts are kept as StoredRule history
  Instant created_at{};
  Instant updated_at{};
};

// Names are 1..100 bytes without leading or trailing spaces ("name"); the rule text is not empty
// ("rule"). Whether the rule parses and type-checks is the facade's to check (it knows the facts).
Result<void> validate_segment(const Segment& segment);

// The members of a segment as of a day, as evaluated when the snapshot was taken.
struct SegmentSnapshot {
  SegmentSnapshotId id;
  SegmentId segment;
  int rule_version = 1;                 // the rule version that selected them
  Date as_of{};                         // the day the facts were taken at
  Instant taken_at{};                   // when the run happened
  std::int64_t member_count = 0;
  std::vector<CustomerId> members;      // ascending; empty in listings that leave them out
};

// Movement between two snapshots (usually of one segment on two days): entered = in `to` only,
// left = in `from` only, stayed = in both. Each list ascending.
struct SegmentMovement {
  SegmentSnapshotId from;
  SegmentSnapshotId to;
  Date from_day{};
  Date to_day{};
  std::vector<CustomerId> entered;
  std::vector<CustomerId> left;
  std::vector<CustomerId> stayed;
};

// Both snapshots' members must be ascending (as stored); the result is computed in one merge pass.
SegmentMovement movement(const SegmentSnapshot& from, const SegmentSnapshot& to);

}  // namespace inscrm
