#include <inscrm/domain/interaction.hpp>

#include <fmt/format.h>

namespace inscrm {

Result<void> validate_interaction(const Interaction& in, Instant now) {
  if (!in.customer) return Error::invalid_argument("customer", "an interaction is with a customer");
  if (in.started_at > now)
    return Error::invalid_argument("started_at", fmt::format("{} is in the future", to_string(in.started_at)));
  if (in.duration < std::chrono::seconds{0}) return Error::invalid_argument("duration", "cannot be negative");
  if (in.channel == Channel::AgentVisit && !in.agent)
    return Error::invalid_argument("agent", "an agent visit names the agent who visited");
  // domain.md C4/C10: the visit kind feeds cold-visit vs referral conversion; on a phone inquiry it
  // would only skew those figures.
  if (in.visit_kind && in.channel != Channel::AgentVisit && in.purpose != InteractionPurpose::SalesVisit)
    return Error::invalid_argument("visit_kind", "only a visit (agent visit or sales visit) has a visit kind");
  return ok();
}

}  // namespace inscrm
