#include <inscrm/crm/campaigns.hpp>

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/rules/rule.hpp>

#include "crm/engine.hpp"
#include "crm/json.hpp"

#include <fmt/format.h>

namespace inscrm {
namespace {

Result<rules::Rule> target_of(const Campaign& c) {
  static const FactRegistry facts = FactRegistry::standard();
  auto compiled = rules::compile(c.target_rule, facts);
  if (!compiled) return Error::invalid_argument("target_rule", compiled.error().message());
  return std::move(compiled).value();
}

}  // namespace

Result<Campaign> CampaignService::create(const Actor& actor, Campaign c) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Campaign, Action::Create));
  INSCRM_TRYV(validate_campaign(c));
  INSCRM_TRYV(target_of(c));
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  c.created_at = now;
  c.updated_at = now;
  return engine.write([&](storage::Transaction& tx) -> Result<Campaign> {
    INSCRM_TRYV(tx.care().insert_campaign(c));
    INSCRM_TRYV(engine.emit(
        tx, actor, "campaign.created", "campaign", c.id.value,
        fmt::format(R"({{"campaign_id":{},"name":{},"target_rule":{},"channel":"{}","starts_on":"{}","ends_on":"{}",)"
                    R"("budget_minor":{}}})",
                    c.id.value, detail::json_string(c.name), detail::json_string(c.target_rule),
                    to_string(c.channel), to_string(c.starts_on), to_string(c.ends_on), c.budget.minor)));
    return c;
  });
}

Result<Campaign> CampaignService::get(const Actor& actor, CampaignId id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Campaign, Action::Read));
  return engine_->read([&](storage::Transaction& tx) { return tx.care().campaign(id); });
}

Result<std::vector<Campaign>> CampaignService::list(const Actor& actor) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Campaign, Action::Read));
  return engine_->read([&](storage::Transaction& tx) { return tx.care().campaigns(); });
}

Result<CampaignMembership> CampaignService::add_members(const Actor& actor, CampaignId id,
                                                        std::optional<Date> as_of) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Campaign, Action::Update));
  auto& engine = *engine_;
  const Date day = as_of.value_or(engine.clock->today());
  if (!day.ok()) return Error::invalid_argument("as_of", "not a calendar date");
  return engine.write([&](storage::Transaction& tx) -> Result<CampaignMembership> {
    INSCRM_TRY(auto c, tx.care().campaign(id));
    INSCRM_TRY(auto rule, target_of(c));
    INSCRM_TRY(auto matched, tx.rule_members(rule, day));
    // domain.md C12: a campaign never contacts a customer without marketing consent by its channel.
    INSCRM_TRY(auto consenting, tx.care().consenting(ConsentPurpose::Marketing, c.channel, matched));
    CampaignMembership out;
    out.matched = matched.size();
    out.without_consent = matched.size() - consenting.size();
    std::vector<CampaignMember> members;
    members.reserve(consenting.size());
    for (auto customer : consenting) members.push_back({id, customer, day, {}, {}, {}});
    INSCRM_TRY(out.added, tx.care().add_campaign_members(id, members));
    if (out.added > 0)
      INSCRM_TRYV(engine.emit(tx, actor, "campaign.members_added", "campaign", id.value,
                              fmt::format(R"({{"campaign_id":{},"as_of":"{}","matched":{},"without_consent":{},)"
                                          R"("added":{}}})",
                                          id.value, to_string(day), out.matched, out.without_consent, out.added)));
    return out;
  });
}

Result<std::vector<CampaignMember>> CampaignService::members(const Actor& actor, CampaignId id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Campaign, Action::Read));
  return engine_->read([&](storage::Transaction& tx) -> Result<std::vector<CampaignMember>> {
    INSCRM_TRYV(tx.care().campaign(id));
    return tx.care().campaign_members(id);
  });
}

Result<CampaignMember> CampaignService::record_outcome(const Actor& actor, CampaignId id, CustomerId customer,
                                                       CampaignOutcome outcome, std::optional<Date> on) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Campaign, Action::Update));
  auto& engine = *engine_;
  const Date day = on.value_or(engine.clock->today());
  if (!day.ok()) return Error::invalid_argument("on", "not a calendar date");
  return engine.write([&](storage::Transaction& tx) -> Result<CampaignMember> {
    INSCRM_TRYV(tx.care().campaign(id));
    INSCRM_TRY(auto found, tx.care().campaign_member(id, customer));
    if (!found)
      return Error::not_found("customer",
                              fmt::format("customer {} is not a member of campaign {}", customer.value, id.value));
    auto m = *found;
    inscrm::record_outcome(m, outcome, day);
    INSCRM_TRYV(tx.care().update_campaign_member(m));
    INSCRM_TRYV(engine.emit(tx, actor, "campaign.outcome_recorded", "campaign", id.value,
                            fmt::format(R"({{"campaign_id":{},"customer_id":{},"outcome":"{}","on":"{}"}})", id.value,
                                        customer.value, to_string(outcome), to_string(day))));
    return m;
  });
}

Result<CampaignEvaluation> CampaignService::evaluate(const Actor& actor, CampaignId id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Campaign, Action::Read));
  return engine_->read([&](storage::Transaction& tx) -> Result<CampaignEvaluation> {
    INSCRM_TRY(auto c, tx.care().campaign(id));
    INSCRM_TRY(auto members, tx.care().campaign_members(id));
    std::vector<SurveyResponse> responses;
    storage::SurveyQuery q;
    q.from = c.starts_on;
    q.to = add_days(c.ends_on, 1);
    for (const auto& m : members) {
      if (!m.contacted_on) continue;  // only participants' satisfaction counts
      q.customer = m.customer;
      INSCRM_TRY(auto page, tx.service().survey_responses(q));
      responses.insert(responses.end(), page.begin(), page.end());
    }
    return evaluate_campaign(c, members, responses);
  });
}

}  // namespace inscrm
