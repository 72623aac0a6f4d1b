#include "crm/policy_steps.hpp"

#include "crm/json.hpp"

#include <fmt/format.h>

namespace inscrm::detail {

Result<PolicyTransition> step(Engine& engine, storage::Transaction& tx, const Actor& actor, Policy& policy,
                              const Product& product, PolicyEvent event, const TransitionContext& ctx) {
  INSCRM_TRY(auto t, apply_event(policy, product, event, ctx));
  t.policy = policy.id;
  INSCRM_TRYV(tx.append_transition(t));
  INSCRM_TRYV(engine.emit(
      tx, actor, fmt::format("policy.{}", to_string(t.to)), "policy", policy.id.value,
      fmt::format(R"({{"policy_id":{},"number":{},"holder":{},"from":"{}","to":"{}","event":"{}","effective_on":"{}","reason":{}}})",
                  policy.id.value, json_string(policy.number), policy.holder.value, to_string(t.from), to_string(t.to),
                  to_string(t.event), to_string(t.effective_on), json_string(t.reason))));
  return t;
}

TransitionContext context_for(const Engine& engine, const Actor& actor, Date on, std::string reason,
                              const Policy& policy, std::span<const Payment> payments) {
  TransitionContext ctx;
  ctx.on = on;
  ctx.now = engine.clock->now();
  ctx.actor = actor.user;
  ctx.reason = std::move(reason);
  ctx.oldest_unpaid = oldest_unpaid_due(policy, payments, on);
  return ctx;
}

}  // namespace inscrm::detail
