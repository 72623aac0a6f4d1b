#pragma once
// Strong ids: a CustomerId can never be passed where a PolicyId is expected. Ids are 64-bit and
// assigned by the store; 0 means "not yet stored".

#include <compare>
#include <cstdint>
#include <functional>

namespace inscrm {

template <class Tag>
struct StrongId {
  std::int64_t value = 0;

  constexpr StrongId() noexcept = default;
  constexpr explicit StrongId(std::int64_t v) noexcept : value(v) {}
  constexpr bool valid() const noexcept { return value > 0; }
  constexpr explicit operator bool() const noexcept { return valid(); }
  friend constexpr auto operator<=>(StrongId, StrongId) noexcept = default;
};

using CustomerId = StrongId<struct CustomerTag>;
using OrgUnitId = StrongId<struct OrgUnitTag>;
using AgentId = StrongId<struct AgentTag>;
using ProductId = StrongId<struct ProductTag>;
using PolicyId = StrongId<struct PolicyTag>;
using PaymentId = StrongId<struct PaymentTag>;
using TransitionId = StrongId<struct TransitionTag>;
using EventId = StrongId<struct EventTag>;
// Service and complaints (domain.md C4–C6).
using ComplaintId = StrongId<struct ComplaintTag>;
using ComplaintStepId = StrongId<struct ComplaintStepTag>;
using ClaimId = StrongId<struct ClaimTag>;
using ClaimTransitionId = StrongId<struct ClaimTransitionTag>;
using ServiceRequestId = StrongId<struct ServiceRequestTag>;
using ServiceRequestStepId = StrongId<struct ServiceRequestStepTag>;
using InteractionId = StrongId<struct InteractionTag>;
using SurveyResponseId = StrongId<struct SurveyResponseTag>;
// Segmentation (domain.md C8).
using SegmentId = StrongId<struct SegmentTag>;
using SegmentSnapshotId = StrongId<struct SegmentSnapshotTag>;
// Loyalty (domain.md C7).
using PointsEntryId = StrongId<struct PointsEntryTag>;
using EarningRuleId = StrongId<struct EarningRuleTag>;
// Consent, care calendar and campaigns (domain.md C7, C12).
using ConsentId = StrongId<struct ConsentTag>;
using CareTaskId = StrongId<struct CareTaskTag>;
using CampaignId = StrongId<struct CampaignTag>;

}  // namespace inscrm

template <class Tag>
struct std::hash<inscrm::StrongId<Tag>> {
  std::size_t operator()(inscrm::StrongId<Tag> id) const noexcept {
    return std::hash<std::int64_t>{}(id.value);
  }
};
