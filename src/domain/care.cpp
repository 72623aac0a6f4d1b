// Consent, care and campaign value rules (domain/consent.hpp, domain/care.hpp, domain/campaign.hpp).
#include <inscrm/domain/campaign.hpp>
#include <inscrm/domain/consent.hpp>

#include <algorithm>
#include <unordered_set>

namespace inscrm {

Result<void> validate_consent(const ConsentRecord& r) {
  if (r.customer.value <= 0) return Error::invalid_argument("customer", "a consent belongs to a customer");
  if (r.source.empty())
    return Error::invalid_argument("source", "where the consent was given or withdrawn must be recorded");
  return ok();
}

Result<void> validate_campaign(const Campaign& c) {
  if (c.name.empty()) return Error::invalid_argument("name", "must not be empty");
  if (c.target_rule.empty()) return Error::invalid_argument("target_rule", "a campaign needs a target segment rule");
  if (!c.starts_on.ok()) return Error::invalid_argument("starts_on", "not a calendar date");
  if (!c.ends_on.ok()) return Error::invalid_argument("ends_on", "not a calendar date");
  if (c.ends_on < c.starts_on) return Error::invalid_argument("ends_on", "the campaign ends before it starts");
  if (c.budget.minor < 0) return Error::invalid_argument("budget", "must not be negative");
  return ok();
}

void record_outcome(CampaignMember& m, CampaignOutcome outcome, Date on) noexcept {
  if (!m.contacted_on) m.contacted_on = on;
  if (outcome == CampaignOutcome::Contacted) return;
  if (!m.responded_on) m.responded_on = on;
  if (outcome == CampaignOutcome::Responded) return;
  if (!m.converted_on) m.converted_on = on;
}

CampaignEvaluation evaluate_campaign(const Campaign& campaign, std::span<const CampaignMember> members,
                                     std::span<const SurveyResponse> responses) {
  CampaignEvaluation e;
  e.campaign = campaign.id;
  e.members = members.size();
  std::unordered_set<std::int64_t> participants;
  for (const auto& m : members) {
    if (m.contacted_on) {
      ++e.contacted;
      participants.insert(m.customer.value);
    }
    if (m.responded_on) ++e.responded;
    if (m.converted_on) ++e.converted;
  }
  if (e.contacted > 0) {
    e.response_rate = static_cast<double>(e.responded) / static_cast<double>(e.contacted);
    e.conversion_rate = static_cast<double>(e.converted) / static_cast<double>(e.contacted);
  }
  if (e.converted > 0) {
    const auto n = static_cast<std::int64_t>(e.converted);
    e.cost_per_conversion = Money{(campaign.budget.minor + n / 2) / n, campaign.budget.currency};
  }
  long long sum = 0;
  for (const auto& r : responses) {
    if (r.kind == SurveyKind::Nps || !participants.contains(r.customer.value)) continue;
    if (r.answered_on < campaign.starts_on || r.answered_on > campaign.ends_on) continue;
    sum += r.score;
    ++e.satisfaction_responses;
  }
  if (e.satisfaction_responses > 0)
    e.satisfaction = static_cast<double>(sum) / static_cast<double>(e.satisfaction_responses);
  return e;
}

}  // namespace inscrm
