#pragma once
// domain.md C2: a policy (保单) with its parties, cover, premium and dates. Its status changes
// only through the lifecycle table in policy_lifecycle.hpp.

#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/money.hpp>

#include <optional>
#include <string>
#include <vector>

namespace inscrm {

enum class PolicyStatus { Quoted, Applied, Underwriting, Declined, Issued, InForce, GracePeriod, Lapsed,
                          Reinstated, Cancelled, Surrendered, Matured, Expired, Terminated, Renewed };
INSCRM_ENUM_TEXT(PolicyStatus, "quoted", "applied", "underwriting", "declined", "issued", "in_force",
                 "grace_period", "lapsed", "reinstated", "cancelled", "surrendered", "matured", "expired",
                 "terminated", "renewed")

// Cover is in place: counts towards "policies in force" in every statistic.
constexpr bool in_force(PolicyStatus s) noexcept {
  return s == PolicyStatus::InForce || s == PolicyStatus::GracePeriod || s == PolicyStatus::Reinstated ||
         s == PolicyStatus::Renewed;
}
// No event leads out of these.
constexpr bool is_final(PolicyStatus s) noexcept {
  return s == PolicyStatus::Declined || s == PolicyStatus::Cancelled || s == PolicyStatus::Surrendered ||
         s == PolicyStatus::Matured || s == PolicyStatus::Expired || s == PolicyStatus::Terminated;
}
// Issued at some point (a quote or a declined application never was).
constexpr bool was_issued(PolicyStatus s) noexcept {
  return !(s == PolicyStatus::Quoted || s == PolicyStatus::Applied || s == PolicyStatus::Underwriting ||
           s == PolicyStatus::Declined);
}

enum class Frequency { Single, Annual, SemiAnnual, Quarterly, Monthly };
INSCRM_ENUM_TEXT(Frequency, "single", "annual", "semi_annual", "quarterly", "monthly")

// Months between instalments; 0 for a single premium.
constexpr int months_between_instalments(Frequency f) noexcept {
  switch (f) {
    case Frequency::Single: return 0;
    case Frequency::Annual: return 12;
    case Frequency::SemiAnnual: return 6;
    case Frequency::Quarterly: return 3;
    case Frequency::Monthly: return 1;
  }
  return 0;
}

enum class PolicyRole { Holder, Insured, Beneficiary };
INSCRM_ENUM_TEXT(PolicyRole, "holder", "insured", "beneficiary")

struct Beneficiary {
  CustomerId customer;
  int share_percent = 100;  // whole percent; the shares of a policy sum to 100
};

struct Policy {
  PolicyId id;
  std::int64_t version = 0;
  std::optional<std::string> external_ref;
  std::string number;  // unique policy number; generated from the id when the host gives none

  ProductId product;
  CustomerId holder;
  std::vector<CustomerId> insured;
  std::vector<Beneficiary> beneficiaries;  // empty = statutory heirs (法定受益人)
  std::optional<AgentId> agent;
  OrgUnitId org_unit;

  Money sum_insured;
  Money premium;  // per instalment
  Frequency frequency = Frequency::Annual;
  int premium_years = 1;  // years over which instalments fall due (payment term); 0 for single premium

  Date application_date{};
  std::optional<Date> issue_date;
  std::optional<Date> effective_date;  // cover starts; the premium schedule counts from here
  std::optional<Date> expiry_date;     // maturity or end of term; none for whole-life cover
  std::optional<Date> term_start;      // start of the current term (differs after a renewal)
  int renewals = 0;

  PolicyStatus status = PolicyStatus::Quoted;
  Date status_since{};  // business date the current status took effect
  Instant created_at{};
  Instant updated_at{};
};

}  // namespace inscrm
