#include <inscrm/crm/interactions.hpp>

#include <inscrm/core/validation.hpp>

#include "crm/engine.hpp"
#include "crm/json.hpp"
#include "crm/references.hpp"

#include <fmt/format.h>

#include <string>
#include <unordered_set>

namespace inscrm {
namespace {

using detail::Engine;

Interaction prepare(Interaction draft, Instant now) {
  draft.id = InteractionId{};
  draft.version = 0;
  if (draft.started_at == Instant{}) draft.started_at = now;
  if (draft.external_ref) draft.external_ref = std::string{trim(*draft.external_ref)};
  draft.created_at = now;
  return draft;
}

Result<void> check_ref(const Interaction& in) {
  if (in.external_ref && in.external_ref->empty())
    return Error::invalid_argument("external_ref", "external_ref, when given, must not be blank");
  return ok();
}

// The customer, agent and org unit the entry names exist; the org unit defaults to the customer's.
Result<void> check_references(storage::Transaction& tx, Interaction& in) {
  INSCRM_TRY(auto customer, detail::referenced(tx.customer(in.customer), "customer", "customer", in.customer.value));
  if (in.agent) INSCRM_TRYV(detail::referenced(tx.agent(*in.agent), "agent", "agent", in.agent->value));
  if (!in.org_unit) in.org_unit = customer.org_unit;
  if (in.org_unit) INSCRM_TRYV(detail::referenced(tx.org_unit(in.org_unit), "org_unit", "org unit", in.org_unit.value));
  return ok();
}

bool is_storage_failure(const Error& e) {
  return e.code() == Errc::StorageError || e.code() == Errc::StorageUnavailable || e.code() == Errc::Internal;
}

}  // namespace

Result<Interaction> InteractionService::log(const Actor& actor, Interaction draft) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Interaction, Action::Create));
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  Interaction in = prepare(std::move(draft), now);
  INSCRM_TRYV(check_ref(in));
  INSCRM_TRYV(validate_interaction(in, now));
  return engine.write([&](storage::Transaction& tx) -> Result<Interaction> {
    INSCRM_TRYV(check_references(tx, in));
    INSCRM_TRYV(tx.service().insert_interaction(in));
    INSCRM_TRYV(engine.emit(
        tx, actor, "interaction.logged", "interaction", in.id.value,
        fmt::format(R"({{"interaction_id":{},"customer_id":{},"channel":"{}","direction":"{}","purpose":"{}",)"
                    R"("outcome":"{}","agent_id":{},"started_at":{}}})",
                    in.id.value, in.customer.value, to_string(in.channel), to_string(in.direction),
                    to_string(in.purpose), to_string(in.outcome), in.agent ? in.agent->value : 0,
                    detail::json_string(to_string(in.started_at)))));
    return in;
  });
}

Result<InteractionImportReport> InteractionService::import(const Actor& actor, std::vector<Interaction> drafts,
                                                           ImportMode mode) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Interaction, Action::Create));
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  InteractionImportReport report;
  auto result = engine.write([&](storage::Transaction& tx) -> Result<void> {
    std::vector<Interaction> batch;
    batch.reserve(drafts.size());
    std::unordered_set<std::string> refs_in_batch;
    for (std::size_t row = 0; row < drafts.size(); ++row) {
      Interaction in = prepare(std::move(drafts[row]), now);
      auto checked = check_ref(in);
      if (checked) checked = validate_interaction(in, now);
      if (checked) checked = check_references(tx, in);
      if (checked && in.external_ref && !refs_in_batch.insert(*in.external_ref).second)
        checked = Error::already_exists("external_ref",
                                        fmt::format("external_ref '{}' appears twice in the batch", *in.external_ref));
      if (!checked) {
        if (is_storage_failure(checked.error())) return checked.error();
        report.errors.push_back({row, checked.error()});
        continue;
      }
      batch.push_back(std::move(in));
    }
    if (mode == ImportMode::AllOrNothing && !report.errors.empty()) return ok();  // nothing written
    INSCRM_TRYV(tx.service().insert_interactions(batch));
    for (const auto& in : batch) report.ids.push_back(in.id);
    report.imported = batch.size();
    // One summary event per batch, as for customers: a day of calls is not a day of events.
    const auto first = batch.empty() ? 0 : batch.front().id.value;
    const auto last = batch.empty() ? 0 : batch.back().id.value;
    return engine.emit(tx, actor, "interaction.imported", "interaction", first,
                       fmt::format(R"({{"count":{},"first_id":{},"last_id":{},"rejected":{}}})", batch.size(), first,
                                   last, report.errors.size()));
  });
  if (!result) return result.error();
  return report;
}

Result<std::vector<Interaction>> InteractionService::list(const Actor& actor, const storage::InteractionQuery& query) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Interaction, Action::Read));
  return engine_->read([&](storage::Transaction& tx) { return tx.service().interactions(query); });
}

}  // namespace inscrm
