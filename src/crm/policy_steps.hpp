#pragma once
// One lifecycle step inside a service transaction: the pure rule (apply_event), then the history
// record and the outbox event. Shared by PolicyService and the daily run.

#include <inscrm/domain/payment.hpp>
#include <inscrm/domain/policy_lifecycle.hpp>

#include "crm/engine.hpp"

#include <span>

namespace inscrm::detail {

// Applies `event` to `policy` (in memory) and records the transition and its event in `tx`. The
// caller saves the policy afterwards with update_policy (one version bump per service call).
Result<PolicyTransition> step(Engine& engine, storage::Transaction& tx, const Actor& actor, Policy& policy,
                              const Product& product, PolicyEvent event, const TransitionContext& ctx);

TransitionContext context_for(const Engine& engine, const Actor& actor, Date on, std::string reason,
                              const Policy& policy, std::span<const Payment> payments);

}  // namespace inscrm::detail
