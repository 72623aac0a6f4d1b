#pragma once
// domain.md C6 [000 §5.1]: satisfaction surveys and the net promoter score. A response is one score
// on one question kind; the aggregates are pure functions over any set of responses the host picks
// (a period, a branch, a campaign, a segment).

#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/domain/complaint.hpp>
#include <inscrm/domain/interaction.hpp>

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace inscrm {


// [000 §5.1.1]: product, service and price satisfaction; C5: satisfaction with complaint handling;
// and the NPS question ("how likely are you to recommend us", 0..10).
enum class SurveyKind { Product, Service, Price, ComplaintHandling, Nps };
INSCRM_ENUM_TEXT(SurveyKind, "product", "service", "price", "complaint_handling", "nps")

// The score range of a kind: 0..10 for NPS, 1..5 for the satisfaction kinds.
constexpr int min_score(SurveyKind k) noexcept { return k == SurveyKind::Nps ? 0 : 1; }
constexpr int max_score(SurveyKind k) noexcept { return k == SurveyKind::Nps ? 10 : 5; }

struct SurveyResponse {
  SurveyResponseId id;
  CustomerId customer;
  SurveyKind kind = SurveyKind::Service;
  std::string dimension;  // optional finer key within the kind: "claims", "call_centre", "agent"…
  int score = 0;
  Channel channel = Channel::Sms;
  Date answered_on{};
  std::string comment;
  std::optional<ComplaintId> complaint;  // the complaint whose handling is judged
  Instant created_at{};
};

// A customer ("customer"); the score within its kind's range ("score"); a complaint only on a
// complaint-handling response, and a valid id ("complaint").
Result<void> validate_survey_response(const SurveyResponse& response);

// C6: promoters score 9–10, passives 7–8, detractors 0–6; score = % promoters − % detractors,
// from −100 to 100. Only NPS responses count; others are ignored. score is 0 with no responses.
struct NpsSummary {
  int responses = 0;
  int promoters = 0;
  int passives = 0;
  int detractors = 0;
  double score = 0.0;
};
NpsSummary nps(std::span<const SurveyResponse> responses) noexcept;

// Mean score of one kind (on that kind's scale), or nullopt when there is no such response.
std::optional<double> mean_satisfaction(std::span<const SurveyResponse> responses, SurveyKind kind) noexcept;

// C6: mean satisfaction per kind and dimension. One entry per (kind, dimension) present, ordered by
// kind then dimension; responses without a dimension form the entry with an empty one.
struct SatisfactionMean {
  SurveyKind kind = SurveyKind::Service;
  std::string dimension;
  int responses = 0;
  double mean = 0.0;
};
std::vector<SatisfactionMean> mean_satisfaction_by_dimension(std::span<const SurveyResponse> responses);

}  // namespace inscrm
