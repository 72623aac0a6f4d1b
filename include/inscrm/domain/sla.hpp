#pragma once
// domain.md C5: service-level agreements. An SlaPolicy says, per complaint category and severity
// (or per service-request kind), how long acknowledging and resolving may take and on which
// calendar that time counts. An SlaClock records what happened to one case: when its clock started,
// when it stood still waiting on the customer, when it was acknowledged and resolved, and which
// deadlines it missed.
//
// Deadlines are never stored: they are derived from (clock, policy row, calendar). So when the
// host changes its SLA policy, the new deadlines of a case are simply deadline_*(clock, new_row,
// calendar) — nothing to migrate. A breach already recorded by check_breach stays recorded: the
// customer waited too long whatever the policy says today.

#include <inscrm/core/business_calendar.hpp>
#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/result.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inscrm {

// Which calendar the row's durations count on: the host's business calendar, or every minute
// (24×7, for severe complaints and emergencies).
enum class SlaCalendar { Business, RoundTheClock };
INSCRM_ENUM_TEXT(SlaCalendar, "business", "round_the_clock")

enum class SlaKind { Acknowledge, Resolve };
INSCRM_ENUM_TEXT(SlaKind, "acknowledge", "resolve")

// One row of the policy. Keys are the stable text names of the case's classification: a complaint's
// category and severity ("service", "high"), a service request's kind ("surrender") with no
// severity. An empty key matches anything.
struct SlaRow {
  std::string category;
  std::string severity;
  std::chrono::minutes acknowledge_within{};  // counted on `calendar`
  std::chrono::minutes resolve_within{};      // from the start too, not from the acknowledgement
  SlaCalendar calendar = SlaCalendar::Business;
};

struct SlaPolicy {
  std::vector<SlaRow> rows;
  SlaRow fallback;  // used when no row matches; its keys are ignored
};

// The most specific row: category and severity both matching, then category alone (severity key
// empty), then severity alone, then a row with both keys empty, then the fallback. The reference
// points into `policy`.
const SlaRow& sla_row_for(const SlaPolicy& policy, std::string_view category, std::string_view severity) noexcept;

// Durations positive and acknowledge ≤ resolve ("rows[2].resolve_within",
// "fallback.acknowledge_within"); no two rows with the same keys ("rows[3]").
Result<void> validate_sla_policy(const SlaPolicy& policy);

// domain.md C5: the clock stops while the case waits on the customer.
struct SlaPause {
  Instant start{};
  std::optional<Instant> end;  // none while still waiting
  std::string reason;
};

struct SlaClock {
  Instant started_at{};          // when the case was received: both deadlines count from here
  std::vector<SlaPause> pauses;  // in time order, not overlapping; only the last may be open
  std::optional<Instant> acknowledged_at;
  std::optional<Instant> resolved_at;
  // Sticky records of a missed deadline: the deadline instant that passed, set once by check_breach
  // and kept when the case is acknowledged or resolved later and when the policy changes.
  std::optional<Instant> breached_ack_at;
  std::optional<Instant> breached_resolve_at;
};

constexpr bool is_paused(const SlaClock& clock) noexcept {
  return !clock.pauses.empty() && !clock.pauses.back().end;
}

// Stops the clock at `at`. IllegalTransition (field "sla") when it is already paused or the case is
// resolved; InvalidArgument "at" when `at` is before the start or the end of the last pause;
// InvalidArgument "reason" when no reason is given.
Result<void> pause(SlaClock& clock, Instant at, std::string reason);
// Restarts the clock at `at`. IllegalTransition (field "sla") when it is not paused;
// InvalidArgument "at" when `at` is before the pause began.
Result<void> resume(SlaClock& clock, Instant at);

// The first response counts: acknowledging again changes nothing. InvalidArgument "at" when `at`
// is before the start.
Result<void> record_acknowledged(SlaClock& clock, Instant at);
// Stops the resolve clock for good (a pause still open ends at `at`); also acknowledges, since an
// answer is a response. IllegalTransition (field "sla") when already resolved.
Result<void> record_resolved(SlaClock& clock, Instant at);
// The customer disagreed: the case is open again. The time it spent resolved becomes a pause
// ("resolved until reopened") — the handler could not work on it — so the resolve deadline moves
// out by that time, measured from the original start. IllegalTransition when not resolved.
Result<void> record_reopened(SlaClock& clock, Instant at);

// The deadline: the start plus the row's duration on its calendar, extended by the time on that
// calendar the clock stood paused before the deadline came (a pause that began after the deadline
// had passed does not undo the miss). nullopt while a pause that began before the deadline is still
// open: no deadline runs while the case waits on the customer.
std::optional<Instant> deadline(const SlaClock& clock, const SlaRow& row, const BusinessCalendar& calendar,
                                SlaKind kind) noexcept;
std::optional<Instant> deadline_acknowledge(const SlaClock& clock, const SlaRow& row,
                                            const BusinessCalendar& calendar) noexcept;
std::optional<Instant> deadline_resolve(const SlaClock& clock, const SlaRow& row,
                                        const BusinessCalendar& calendar) noexcept;

// SLA time the case has used by `until`: time on the row's calendar since the start, less paused
// time, and not counting past the resolution.
std::chrono::microseconds sla_elapsed(const SlaClock& clock, const SlaRow& row, const BusinessCalendar& calendar,
                                      Instant until) noexcept;

struct SlaBreaches {
  bool acknowledge = false;
  bool resolve = false;
  constexpr bool any() const noexcept { return acknowledge || resolve; }
  friend constexpr bool operator==(const SlaBreaches&, const SlaBreaches&) noexcept = default;
};

// Which deadlines are missed as seen at `now`: recorded breaches, plus any deadline strictly before
// `now` by which the acknowledgement (or resolution) had not happened. Done exactly at the
// deadline is in time.
SlaBreaches breaches(const SlaClock& clock, const SlaRow& row, const BusinessCalendar& calendar, Instant now) noexcept;

// Records the breaches `breaches` finds that are not yet recorded (breached_*_at = the deadline that
// passed) and returns only those: called on every watchdog run, it reports each breach exactly
// once, so the caller escalates exactly once.
SlaBreaches check_breach(SlaClock& clock, const SlaRow& row, const BusinessCalendar& calendar, Instant now) noexcept;

}  // namespace inscrm
