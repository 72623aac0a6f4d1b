#pragma once
// domain.md C7 [000 §7.2]: campaigns (domain/campaign.hpp). Members come from the campaign's
// target rule, evaluated where the data lives (Transaction::rule_members), less the customers who
// have not consented to marketing by the campaign's channel. Changes write campaign.created,
// campaign.members_added and campaign.outcome_recorded.

#include <inscrm/core/date.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/crm/service_base.hpp>
#include <inscrm/domain/campaign.hpp>
#include <inscrm/security/actor.hpp>

#include <cstddef>
#include <optional>
#include <vector>

namespace inscrm {

struct CampaignMembership {
  std::size_t matched = 0;          // customers the rule selects
  std::size_t without_consent = 0;  // of those, left out: no marketing consent by the channel
  std::size_t added = 0;            // new members (a customer already a member is not added again)
};

class CampaignService : detail::ServiceBase {
 public:
  // validate_campaign; the target rule must compile against the standard facts (InvalidArgument
  // "target_rule"); AlreadyExists "name".
  Result<Campaign> create(const Actor& actor, Campaign draft) const;
  Result<Campaign> get(const Actor& actor, CampaignId id) const;
  Result<std::vector<Campaign>> list(const Actor& actor) const;

  // Adds the customers the rule selects as of `as_of` (default today) who consented.
  Result<CampaignMembership> add_members(const Actor& actor, CampaignId id,
                                         std::optional<Date> as_of = std::nullopt) const;
  Result<std::vector<CampaignMember>> members(const Actor& actor, CampaignId id) const;
  // NotFound "customer" when the customer is not a member.
  Result<CampaignMember> record_outcome(const Actor& actor, CampaignId id, CustomerId customer,
                                        CampaignOutcome outcome, std::optional<Date> on = std::nullopt) const;
  // evaluate_campaign over the members and the surveys answered in the campaign period.
  Result<CampaignEvaluation> evaluate(const Actor& actor, CampaignId id) const;

 private:
  friend class Crm;
  using ServiceBase::ServiceBase;
};

}  // namespace inscrm
