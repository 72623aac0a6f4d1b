#include <inscrm/crm/surveys.hpp>

#include <inscrm/core/validation.hpp>

#include "crm/engine.hpp"
#include "crm/json.hpp"
#include "crm/references.hpp"

#include <fmt/format.h>

#include <map>

namespace inscrm {
namespace {

constexpr std::size_t kPage = 1000;

Result<std::vector<SurveyResponse>> answered_between(storage::ServiceRecords& records, Date from, Date to,
                                                     std::optional<SurveyKind> kind = std::nullopt) {
  storage::SurveyQuery q;
  q.from = from;
  q.to = to;
  q.kind = kind;
  q.limit = kPage;
  std::vector<SurveyResponse> out;
  for (;;) {
    INSCRM_TRY(auto page, records.survey_responses(q));
    const bool last = page.size() < kPage;
    if (!page.empty()) q.after = page.back().id;
    for (auto& r : page) out.push_back(std::move(r));
    if (last) break;
  }
  return out;
}

Result<void> check_period(Date from, Date to) {
  if (!from.ok()) return Error::invalid_argument("from", "not a calendar date");
  if (!to.ok()) return Error::invalid_argument("to", "not a calendar date");
  if (to < from) return Error::invalid_argument("to", "the period ends before it starts");
  return ok();
}

}  // namespace

Result<SurveyResponse> SurveyService::record(const Actor& actor, SurveyResponse draft) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Survey, Action::Create));
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  SurveyResponse r = std::move(draft);
  r.id = SurveyResponseId{};
  r.dimension = std::string{trim(r.dimension)};
  if (r.answered_on == Date{}) r.answered_on = date_of(now);
  if (!r.answered_on.ok()) return Error::invalid_argument("answered_on", "not a calendar date");
  if (r.answered_on > date_of(now)) return Error::invalid_argument("answered_on", "the answer is from the future");
  r.created_at = now;
  INSCRM_TRYV(validate_survey_response(r));
  return engine.write([&](storage::Transaction& tx) -> Result<SurveyResponse> {
    INSCRM_TRYV(detail::referenced(tx.customer(r.customer), "customer", "customer", r.customer.value));
    if (r.complaint) {
      INSCRM_TRY(auto complaint, detail::referenced(tx.service().complaint(*r.complaint), "complaint", "complaint",
                                                    r.complaint->value));
      if (complaint.customer != r.customer)
        return Error::invalid_argument("complaint", fmt::format("complaint {} is not customer {}'s", r.complaint->value,
                                                                r.customer.value));
    }
    INSCRM_TRYV(tx.service().insert_survey_response(r));
    INSCRM_TRYV(engine.emit(
        tx, actor, "survey.answered", "survey_response", r.id.value,
        fmt::format(R"({{"survey_response_id":{},"customer_id":{},"kind":"{}","dimension":{},"score":{},)"
                    R"("channel":"{}","answered_on":"{}","complaint_id":{}}})",
                    r.id.value, r.customer.value, to_string(r.kind), detail::json_string(r.dimension), r.score,
                    to_string(r.channel), to_string(r.answered_on), r.complaint ? r.complaint->value : 0)));
    return r;
  });
}

Result<std::vector<SurveyResponse>> SurveyService::list(const Actor& actor, const storage::SurveyQuery& query) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Survey, Action::Read));
  return engine_->read([&](storage::Transaction& tx) { return tx.service().survey_responses(query); });
}

Result<NpsSummary> SurveyService::nps(const Actor& actor, Date from, Date to) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Survey, Action::Read));
  INSCRM_TRYV(check_period(from, to));
  return engine_->read([&](storage::Transaction& tx) -> Result<NpsSummary> {
    INSCRM_TRY(auto responses, answered_between(tx.service(), from, to, SurveyKind::Nps));
    return inscrm::nps(responses);
  });
}

Result<SatisfactionReport> SurveyService::satisfaction(const Actor& actor, Date from, Date to) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Survey, Action::Read));
  INSCRM_TRYV(check_period(from, to));
  return engine_->read([&](storage::Transaction& tx) -> Result<SatisfactionReport> {
    SatisfactionReport report;
    INSCRM_TRY(auto responses, answered_between(tx.service(), from, to));
    for (auto kind : enum_values<SurveyKind>()) {
      int n = 0;
      for (const auto& r : responses) n += r.kind == kind ? 1 : 0;
      if (auto mean = mean_satisfaction(responses, kind)) report.by_kind.push_back({kind, n, *mean});
    }
    report.by_dimension = mean_satisfaction_by_dimension(responses);
    for (const auto& k : report.by_kind)
      if (k.kind == SurveyKind::ComplaintHandling) {
        report.complaint_handling_responses = k.responses;
        report.complaint_handling_mean = k.mean;
      }

    // The scores recorded when complaints were closed in the period (closed_at in [from, to)).
    storage::ComplaintQuery q;
    q.statuses = {ComplaintStatus::Closed};
    q.limit = kPage;
    const Instant start = start_of(from), end = start_of(to);
    long long total = 0;
    for (;;) {
      INSCRM_TRY(auto page, tx.service().complaints(q));
      for (const auto& c : page) {
        if (!c.customer_satisfaction || !c.closed_at || *c.closed_at < start || *c.closed_at >= end) continue;
        ++report.complaint_close_scores;
        total += *c.customer_satisfaction;
      }
      if (page.size() < kPage) break;
      q.after = page.back().id;
    }
    if (report.complaint_close_scores > 0)
      report.complaint_close_mean = static_cast<double>(total) / report.complaint_close_scores;
    return report;
  });
}

}  // namespace inscrm
