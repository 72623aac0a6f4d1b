#include "crm/stages.hpp"

#include <fmt/format.h>

namespace inscrm::detail {

void add_policy_facts(CustomerFacts& facts, const Policy& p) {
  if (!was_issued(p.status)) return;
  facts.policies_ever += 1;
  const auto start = p.effective_date ? p.effective_date : p.issue_date;
  if (start && (!facts.first_policy_on || *start < *facts.first_policy_on)) facts.first_policy_on = start;
  if (in_force(p.status)) {
    facts.policies_in_force += 1;
    if (start && (!facts.latest_in_force_start || *start > *facts.latest_in_force_start))
      facts.latest_in_force_start = start;
  }
  if (p.status == PolicyStatus::GracePeriod) facts.policies_in_grace += 1;
}

Result<bool> apply_stage(Engine& engine, storage::Transaction& tx, const Actor& actor, Customer& customer,
                         const CustomerFacts& facts, Date today) {
  const auto decision =
      derive_stage(facts, engine.stage_thresholds, today, customer.stage, customer.stage_since);
  if (decision.stage == customer.stage) return false;
  const auto from = customer.stage;
  customer.stage = decision.stage;
  customer.stage_since = today;
  customer.updated_at = engine.clock->now();
  INSCRM_TRYV(tx.update_customer(customer));
  INSCRM_TRYV(engine.emit(tx, actor, "customer.stage_changed", "customer", customer.id.value,
                          fmt::format(R"({{"customer_id":{},"from":"{}","to":"{}","reason":"{}","on":"{}"}})",
                                      customer.id.value, to_string(from), to_string(decision.stage),
                                      decision.reason, to_string(today))));
  return true;
}

Result<bool> refresh_stage(Engine& engine, storage::Transaction& tx, const Actor& actor, CustomerId id, Date today) {
  INSCRM_TRY(auto customer, tx.customer(id));
  CustomerFacts facts;
  storage::PolicyQuery query;
  query.holder = id;
  for (;;) {
    INSCRM_TRY(auto page, tx.policies(query));
    for (const auto& p : page) add_policy_facts(facts, p);
    if (page.size() < query.limit) break;
    query.after = page.back().id;
  }
  return apply_stage(engine, tx, actor, customer, facts, today);
}

}  // namespace inscrm::detail
