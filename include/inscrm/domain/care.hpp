#pragma once
// domain.md C7: the care calendar — greetings, reminders and follow-up calls (回访) — as a queue of
// care tasks per agent and channel. Each task has a key naming what it is about (the customer's
// birthday of a year, the premium due on a date, the claim settled), so that the same occasion
// produces one task however often the calendar runs.

#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/domain/interaction.hpp>

#include <optional>
#include <string>

namespace inscrm {

enum class CareKind {
  Birthday,           // the customer's birthday (29 February: on 28 February in other years)
  Holiday,            // a configured holiday, to every customer
  PolicyAnniversary,  // the anniversary of a policy's effective date
  PremiumDue,         // an instalment falls due N days ahead and is not paid yet
  GraceWarning,       // a policy in grace whose grace period ends N days ahead
  Maturity,           // a policy matures (expiry date) N days ahead
  FollowUpPolicy,     // 回访 after a new long-term policy was issued
  FollowUpClaim,      // 回访 after a claim was paid, declined or closed
  FollowUpComplaint,  // 回访 after a complaint was closed
};
INSCRM_ENUM_TEXT(CareKind, "birthday", "holiday", "policy_anniversary", "premium_due", "grace_warning", "maturity",
                 "follow_up_policy", "follow_up_claim", "follow_up_complaint")
inline constexpr int kCareKinds = 9;

enum class CareTaskStatus { Open, Done, Cancelled };
INSCRM_ENUM_TEXT(CareTaskStatus, "open", "done", "cancelled")

struct CareTask {
  CareTaskId id;
  std::int64_t version = 0;
  CareKind kind = CareKind::Birthday;
  CustomerId customer;
  std::optional<AgentId> agent;   // the policy's agent, else the customer's; none = the branch's queue
  Channel channel = Channel::Sms;
  Date due{};                     // the day the task is for (the day the calendar ran)
  Date about{};                   // the date it concerns: birthday, due date, maturity, settlement…
  std::optional<PolicyId> policy;
  std::int64_t subject = 0;       // the claim or complaint of a follow-up, else 0
  std::string key;                // unique: the occasion ("premium_due:17:2027-01-05")
  std::string holiday;            // the holiday's name, for Holiday tasks
  CareTaskStatus status = CareTaskStatus::Open;
  std::optional<Date> done_on;
  std::string outcome;            // what the agent noted on completing
  Instant created_at{};
  Instant updated_at{};
};

}  // namespace inscrm
