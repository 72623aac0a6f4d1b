#pragma once
// domain.md C4: the interaction log — every contact with a customer, on any channel, in either
// direction. Agent analytics (C10: visits per day, time per visit, cold visits vs referrals) and the
// "no contact for N months" stage rule (C3) are read from it. The channels here are also where
// complaints come in and where surveys are answered.

#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/result.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace inscrm {


enum class Channel { Branch, AgentVisit, CallCentre, Website, App, Email, Sms, WeChat, Partner };
INSCRM_ENUM_TEXT(Channel, "branch", "agent_visit", "call_centre", "website", "app", "email", "sms", "wechat",
                 "partner")

enum class Direction { Inbound, Outbound };
INSCRM_ENUM_TEXT(Direction, "inbound", "outbound")

enum class InteractionPurpose { Inquiry, SalesVisit, Service, Complaint, Care, Survey, Campaign };
INSCRM_ENUM_TEXT(InteractionPurpose, "inquiry", "sales_visit", "service", "complaint", "care", "survey", "campaign")

enum class InteractionOutcome { Completed, NoAnswer, CallbackRequested, Sale, Refused };
INSCRM_ENUM_TEXT(InteractionOutcome, "completed", "no_answer", "callback_requested", "sale", "refused")

// domain.md glossary: 陌生拜访 / 转介绍 — how the agent came to visit. Cold visits and referrals
// convert very differently (C10), which is why the kind is recorded.
enum class VisitKind { Cold, Referral, FollowUp };
INSCRM_ENUM_TEXT(VisitKind, "cold", "referral", "follow_up")

struct Interaction {
  InteractionId id;
  std::int64_t version = 0;
  std::optional<std::string> external_ref;  // e.g. the call-centre system's call id

  CustomerId customer;
  Channel channel = Channel::CallCentre;
  Direction direction = Direction::Inbound;
  InteractionPurpose purpose = InteractionPurpose::Inquiry;
  std::optional<AgentId> agent;
  OrgUnitId org_unit;  // optional for the log; statistics by branch use it when set
  Instant started_at{};
  std::chrono::seconds duration{};  // 0 for a message (SMS, e-mail) or an unanswered call
  InteractionOutcome outcome = InteractionOutcome::Completed;
  std::optional<VisitKind> visit_kind;  // visits only
  std::string notes;
  Instant created_at{};
};

// Checks one log entry as of `now`: a customer ("customer"); not in the future ("started_at"); a
// duration ≥ 0 ("duration"); an agent for an agent visit ("agent"); a visit kind only on a visit —
// the agent-visit channel or a sales-visit purpose ("visit_kind").
Result<void> validate_interaction(const Interaction& interaction, Instant now);

}  // namespace inscrm
