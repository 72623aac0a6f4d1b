#include <inscrm/domain/survey.hpp>

#include <fmt/format.h>

#include <map>
#include <utility>

namespace inscrm {

Result<void> validate_survey_response(const SurveyResponse& r) {
  if (!r.customer) return Error::invalid_argument("customer", "a response comes from a customer");
  if (r.score < min_score(r.kind) || r.score > max_score(r.kind))
    return Error::invalid_argument("score", fmt::format("a {} score is {}..{} (got {})", to_string(r.kind),
                                                        min_score(r.kind), max_score(r.kind), r.score));
  if (r.complaint && r.kind != SurveyKind::ComplaintHandling)
    return Error::invalid_argument("complaint", "only a complaint-handling response refers to a complaint");
  if (r.complaint && !r.complaint->valid()) return Error::invalid_argument("complaint", "not a stored complaint id");
  return ok();
}

NpsSummary nps(std::span<const SurveyResponse> responses) noexcept {
  NpsSummary s;
  for (const auto& r : responses) {
    if (r.kind != SurveyKind::Nps) continue;
    ++s.responses;
    if (r.score >= 9)
      ++s.promoters;
    else if (r.score >= 7)
      ++s.passives;
    else
      ++s.detractors;
  }
  if (s.responses > 0) s.score = 100.0 * (s.promoters - s.detractors) / s.responses;
  return s;
}

std::optional<double> mean_satisfaction(std::span<const SurveyResponse> responses, SurveyKind kind) noexcept {
  long long total = 0;
  int n = 0;
  for (const auto& r : responses) {
    if (r.kind != kind) continue;
    total += r.score;
    ++n;
  }
  if (n == 0) return std::nullopt;
  return static_cast<double>(total) / n;
}

std::vector<SatisfactionMean> mean_satisfaction_by_dimension(std::span<const SurveyResponse> responses) {
  std::map<std::pair<SurveyKind, std::string>, std::pair<long long, int>> sums;
  for (const auto& r : responses) {
    auto& [total, n] = sums[{r.kind, r.dimension}];
    total += r.score;
    ++n;
  }
  std::vector<SatisfactionMean> out;
  out.reserve(sums.size());
  for (const auto& [key, sum] : sums)
    out.push_back(SatisfactionMean{key.first, key.second, sum.second, static_cast<double>(sum.first) / sum.second});
  return out;
}

}  // namespace inscrm
