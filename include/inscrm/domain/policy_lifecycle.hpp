#pragma once
// domain.md C2: the policy lifecycle as one transition table with guards. apply_event is a pure
// function of (policy, product, event, context): it checks the table and the guard, changes the
// policy's status and dates, and returns the transition to record. Nothing else changes a status.

#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/domain/policy.hpp>
#include <inscrm/domain/product.hpp>

#include <optional>
#include <span>
#include <string>

namespace inscrm {

enum class PolicyEvent {
  Apply,              // Quoted → Applied
  StartUnderwriting,  // Applied → Underwriting
  Decline,            // Underwriting → Declined (拒保)
  Issue,              // Underwriting → Issued
  TakeEffect,         // Issued → InForce at the effective date; Renewed → InForce at the new term
  MissPremium,        // InForce → GracePeriod: an instalment is overdue
  PayArrears,         // GracePeriod | Reinstated → InForce: nothing overdue any more
  Lapse,              // GracePeriod → Lapsed: the grace period ran out
  Reinstate,          // Lapsed → Reinstated: within the reinstatement window
  CancelFreeLook,     // Issued | InForce → Cancelled: within the free-look (cooling-off) window
  Surrender,          // InForce | GracePeriod | Reinstated | Renewed → Surrendered
  Mature,             // InForce → Matured: long-term cover reached its maturity date
  Expire,             // InForce | GracePeriod → Expired: short-term cover ended without renewal
  Renew,              // InForce → Renewed: a renewable short-term policy continues for another term
  Terminate,          // InForce | GracePeriod | Reinstated | Renewed → Terminated (e.g. death claim paid)
};
INSCRM_ENUM_TEXT(PolicyEvent, "apply", "start_underwriting", "decline", "issue", "take_effect",
                 "miss_premium", "pay_arrears", "lapse", "reinstate", "cancel_free_look", "surrender",
                 "mature", "expire", "renew", "terminate")

// What the guards need besides the policy and its product.
struct TransitionContext {
  Date on{};        // business date of the event
  Instant now{};    // when it is recorded (from the injected clock)
  std::string actor;  // Actor::user
  std::string reason;
  // First overdue instalment (payment.hpp: oldest_unpaid_due), for premium-related guards.
  std::optional<Date> oldest_unpaid;
};

struct PolicyTransition {
  TransitionId id;
  PolicyId policy;
  PolicyStatus from = PolicyStatus::Quoted;
  PolicyStatus to = PolicyStatus::Quoted;
  PolicyEvent event = PolicyEvent::Apply;
  Date effective_on{};  // the business date the new status took effect
  Instant at{};         // when it was recorded
  std::string actor;
  std::string reason;
};

// The table itself: where `event` leads from `from`, or nullopt when the table has no such row.
std::optional<PolicyStatus> transition_target(PolicyStatus from, PolicyEvent event) noexcept;

// Checks table and guard, then moves the policy. On IllegalTransition nothing is changed.
// Guards: TakeEffect needs on >= the (term) start; CancelFreeLook needs on <= issue + free-look days;
// MissPremium needs an overdue instalment, PayArrears none; Lapse needs on > oldest overdue + grace
// days; Reinstate needs on <= lapse date + reinstatement days; Mature needs a long-term product and
// on >= expiry; Expire a short-term product and on >= expiry; Renew a renewable short-term product
// and on within 30 days before expiry (or after it, while still in force).
Result<PolicyTransition> apply_event(Policy& policy, const Product& product, PolicyEvent event,
                                     const TransitionContext& ctx);

// The event the calendar fires by itself on `ctx.on`, if any (run_daily), with the business date it
// took effect on: a premium missed on its due date opens grace the day after, a lapse takes effect
// the day after grace ends. When several are due, the one with the earliest effective date comes first.
struct ScheduledEvent {
  PolicyEvent event;
  Date effective_on;
};
std::optional<ScheduledEvent> due_event(const Policy& policy, const Product& product,
                                        const TransitionContext& ctx) noexcept;

}  // namespace inscrm
