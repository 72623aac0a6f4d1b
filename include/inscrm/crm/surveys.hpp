#pragma once

#include <inscrm/core/date.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/crm/service_base.hpp>
#include <inscrm/domain/survey.hpp>
#include <inscrm/security/actor.hpp>
#include <inscrm/storage/service_records.hpp>

#include <optional>
#include <vector>

namespace inscrm {

// C6: the mean of one survey kind over all its dimensions.
struct KindMean {
  SurveyKind kind = SurveyKind::Service;
  int responses = 0;
  double mean = 0.0;  // on the kind's own scale (min_score..max_score)
};

// Satisfaction over the responses answered in a period.
struct SatisfactionReport {
  std::vector<KindMean> by_kind;                 // ordered by kind; kinds without responses absent
  std::vector<SatisfactionMean> by_dimension;    // mean_satisfaction_by_dimension
  // domain.md C5 feedback: satisfaction with complaint handling, from both sources — survey
  // responses of kind complaint_handling, and the 1..5 scores recorded when complaints were closed
  // in the period (a complaint reopened since has lost its score).
  int complaint_handling_responses = 0;
  std::optional<double> complaint_handling_mean;
  int complaint_close_scores = 0;
  std::optional<double> complaint_close_mean;
};

// domain.md C6: survey responses, NPS and mean satisfaction.
class SurveyService : detail::ServiceBase {
 public:
  // Validates (validate_survey_response); the customer must exist (NotFound "customer"), a named
  // complaint too (NotFound "complaint") and be the same customer's (InvalidArgument "complaint").
  // answered_on defaults to today (and may not be later). Emits survey.answered.
  Result<SurveyResponse> record(const Actor& actor, SurveyResponse draft) const;
  Result<std::vector<SurveyResponse>> list(const Actor& actor, const storage::SurveyQuery& query = {}) const;
  // Over the responses answered in [from, to).
  Result<NpsSummary> nps(const Actor& actor, Date from, Date to) const;
  Result<SatisfactionReport> satisfaction(const Actor& actor, Date from, Date to) const;

 private:
  friend class Crm;
  using ServiceBase::ServiceBase;
};

}  // namespace inscrm
