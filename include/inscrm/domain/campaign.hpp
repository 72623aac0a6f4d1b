#pragma once
// domain.md C7 [000 §7.2]: a marketing campaign — objective, target segment (a rule in the rule
// language, rules/rule.hpp), channel, period, budget — its members and what each did, and the
// evaluation figures.

#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/money.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/domain/interaction.hpp>
#include <inscrm/domain/survey.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>

namespace inscrm {

struct Campaign {
  CampaignId id;
  std::int64_t version = 0;
  std::string name;         // unique
  std::string objective;
  std::string target_rule;  // the segment, in the rule language: "age >= 30 and region = \"310000\""
  Channel channel = Channel::Sms;
  Date starts_on{};
  Date ends_on{};
  Money budget;             // what the campaign costs: the base of cost per conversion
  Instant created_at{};
  Instant updated_at{};
};

// name, target_rule ("target_rule": not empty; the service compiles it), period ("ends_on": not
// before starts_on), budget ("budget": not negative).
Result<void> validate_campaign(const Campaign& campaign);

// What a member did, in funnel order: each outcome implies the ones before it.
enum class CampaignOutcome { Contacted, Responded, Converted };
INSCRM_ENUM_TEXT(CampaignOutcome, "contacted", "responded", "converted")

struct CampaignMember {
  CampaignId campaign;
  CustomerId customer;
  Date added_on{};
  std::optional<Date> contacted_on, responded_on, converted_on;
};

// Records an outcome on a member: sets its date and the dates of the outcomes before it that are
// not set yet (a conversion is a response and a contact). A date already set is kept.
void record_outcome(CampaignMember& member, CampaignOutcome outcome, Date on) noexcept;

struct CampaignEvaluation {
  CampaignId campaign;
  std::size_t members = 0, contacted = 0, responded = 0, converted = 0;
  double response_rate = 0.0;    // responded / contacted (0 with nobody contacted)
  double conversion_rate = 0.0;  // converted / contacted (0 with nobody contacted)
  std::optional<Money> cost_per_conversion;  // budget / converted, rounded half up; none without conversions
  // Satisfaction of the participants: the mean score of the satisfaction surveys (1..5; NPS is not
  // on that scale and is left out) that contacted members answered within the campaign period.
  std::optional<double> satisfaction;
  std::size_t satisfaction_responses = 0;
};

// The figures of a campaign from its members and the survey responses of its customers (any
// responses may be passed: those of non-members, of contacts never made and outside the period
// are ignored).
CampaignEvaluation evaluate_campaign(const Campaign& campaign, std::span<const CampaignMember> members,
                                     std::span<const SurveyResponse> responses);

}  // namespace inscrm
