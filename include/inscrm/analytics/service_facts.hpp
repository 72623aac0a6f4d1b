#pragma once
// The Portfolio facts that come from the service records rather than from policies (portfolio.hpp
// leaves them empty): open_complaints (C5), nps (C6) and last_contact (C4). Records are fed one at
// a time, so a caller can stream pages from storage without holding the whole log.
//
// As of the portfolio's day D (the same definitions as the SQL adapters' customer_facts view,
// migration 0003, which a conformance test holds them to):
//   open_complaints  complaints received before the end of D (UTC) and not closed by then
//                    (closed_at empty, or at or after the end of D)
//   nps              the score of the latest NPS answer given on or before D (the highest id among
//                    answers of the same day); null when none
//   last_contact     the UTC day of the latest interaction started before the end of D; null when none
// Records of customers outside the portfolio are ignored.

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/domain/complaint.hpp>
#include <inscrm/domain/interaction.hpp>
#include <inscrm/domain/survey.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace inscrm {

class ServiceFactsBuilder {
 public:
  // Rows and day of `portfolio`, which must outlive the builder and is where fill() writes.
  explicit ServiceFactsBuilder(const Portfolio& portfolio);

  void add(const Complaint& complaint);
  void add(const SurveyResponse& response);
  void add(const Interaction& interaction);

  // Writes the three facts into the portfolio the builder was made for (every row: customers
  // without records get 0 open complaints and null nps / last_contact).
  Result<void> fill(Portfolio& portfolio) const;

 private:
  struct LatestAnswer {
    std::int32_t day = 0;
    std::int64_t id = 0;
    std::int64_t score = 0;
  };

  const Portfolio& portfolio_;
  std::int64_t end_of_day_micros_ = 0;  // the first instant after the as-of day
  std::vector<std::int64_t> open_complaints_;
  std::vector<std::optional<LatestAnswer>> nps_;
  std::vector<std::optional<std::int64_t>> last_contact_micros_;
};

}  // namespace inscrm
