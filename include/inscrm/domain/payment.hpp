#pragma once
// domain.md C2: the premium schedule and its payments. Year 1 instalments are first-year premium
// (首年保费), later years renewal premium (续期保费) — the split long-term life business lives on.

#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/money.hpp>
#include <inscrm/domain/policy.hpp>

#include <optional>
#include <span>
#include <vector>

namespace inscrm {

enum class PremiumKind { FirstYear, Renewal };
INSCRM_ENUM_TEXT(PremiumKind, "first_year", "renewal")

enum class PayChannel { AgentCollection, DoorToDoor, BankCounter, Online, AutoDebit };
INSCRM_ENUM_TEXT(PayChannel, "agent_collection", "door_to_door", "bank_counter", "online", "auto_debit")

struct Payment {
  PaymentId id;
  PolicyId policy;
  Date due_date{};
  Date paid_on{};
  Money amount;
  int policy_year = 1;  // 1 = first policy year
  PayChannel channel = PayChannel::BankCounter;
  Instant recorded_at{};

  PremiumKind kind() const noexcept { return policy_year <= 1 ? PremiumKind::FirstYear : PremiumKind::Renewal; }
};

struct Instalment {
  Date due_date{};
  int policy_year = 1;
  Money amount;
};

// Policy year (1-based) in which a date falls, counted from the effective date.
int policy_year_of(const Policy& p, Date d) noexcept;

// The instalments due on or before `through`, in date order: every instalment of the payment term
// (premium_years), never past the expiry date; one at the effective date for a single premium.
std::vector<Instalment> instalments_through(const Policy& p, Date through);

// The first scheduled due date strictly before `on` that no payment covers, if any: the date that
// opens the grace period and from which lapse is counted.
std::optional<Date> oldest_unpaid_due(const Policy& p, std::span<const Payment> payments, Date on);

// Whether `due` is one of the policy's scheduled instalment dates.
bool is_scheduled_due(const Policy& p, Date due);

}  // namespace inscrm
