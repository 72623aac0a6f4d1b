#pragma once
// domain.md C12: a customer's consent per purpose and channel ("marketing by SMS"), granted or
// withdrawn, with when and where it was given. The records are append-only; the latest record for
// a (customer, purpose, channel) is the one in force, and no record at all means no consent: care
// tasks and campaign contacts are opt-in.

#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/domain/interaction.hpp>

#include <string>

namespace inscrm {

// What the customer is contacted for: care (greetings, reminders, follow-up calls — the care
// calendar) or marketing (campaigns); surveys are asked separately.
enum class ConsentPurpose { Care, Marketing, Survey };
INSCRM_ENUM_TEXT(ConsentPurpose, "care", "marketing", "survey")

struct ConsentRecord {
  ConsentId id;
  CustomerId customer;
  ConsentPurpose purpose = ConsentPurpose::Care;
  Channel channel = Channel::Sms;
  bool granted = true;     // false: withdrawn
  Instant at{};            // when the customer gave or withdrew it (default: now)
  std::string source;      // where: "signed form 2026-03", "app settings", "call centre"
  std::string actor;       // who recorded it
  Instant recorded_at{};
};

// A customer ("customer") and a source ("source": where the consent came from must be known).
Result<void> validate_consent(const ConsentRecord& record);

}  // namespace inscrm
