#pragma once
// domain.md C7: the care calendar (domain/care.hpp). run(day) produces the day's due care tasks —
// each occasion once, however often it runs — for customers who consented to care by the task's
// channel, assigned to the policy's or the customer's agent; agents list and complete them.

#include <inscrm/core/date.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/crm/service_base.hpp>
#include <inscrm/domain/care.hpp>
#include <inscrm/domain/interaction.hpp>
#include <inscrm/security/actor.hpp>
#include <inscrm/storage/care_records.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace inscrm {

// A holiday greeting day. Dated, not a rule: the traditional holidays follow the lunar calendar.
struct Holiday {
  Date on{};
  std::string name;  // "春节"
};

struct CareKindSetting {
  bool enabled = true;
  Channel channel = Channel::Sms;  // the channel its tasks go out by (and whose consent they need)
};

// The calendar's settings, fixed when the Crm is opened (OpenOptions::care).
struct CareSettings {
  std::vector<Holiday> holidays;
  int premium_due_lead_days = 7;   // remind this many days before an instalment falls due
  int grace_warning_lead_days = 10;  // warn this many days before a grace period ends
  int maturity_lead_days = 30;     // remind this many days before a policy matures
  int follow_up_after_days = 1;    // call this many days after the policy, claim or complaint
  int long_term_min_days = 366;    // a policy is long-term with no expiry or a longer term
  std::array<CareKindSetting, kCareKinds> kinds = standard_kinds();

  CareKindSetting& operator[](CareKind k) noexcept { return kinds[static_cast<std::size_t>(k)]; }
  const CareKindSetting& operator[](CareKind k) const noexcept { return kinds[static_cast<std::size_t>(k)]; }

  // Greetings and reminders by SMS, grace warnings and follow-up calls (回访) by the call centre,
  // maturity by the agent's visit (a maturity is a sales moment).
  static std::array<CareKindSetting, kCareKinds> standard_kinds() noexcept;
};

// InvalidArgument "…_days" for a negative lead or delay, "holidays" for an invalid date.
Result<void> validate_care_settings(const CareSettings& settings);

struct CareRun {
  Date day{};
  std::size_t produced = 0;            // tasks stored now
  std::size_t already_produced = 0;    // occasions whose task an earlier run stored
  std::size_t without_consent = 0;     // occasions skipped: no consent for care by that channel
  std::array<std::size_t, kCareKinds> by_kind{};  // produced now, per kind
};

class CareService : detail::ServiceBase {
 public:
  // Produces the tasks due on `day` (one transaction; DailyRun/Update). Idempotent for a day.
  Result<CareRun> run(const Actor& actor, Date day) const;
  Result<CareRun> run(const Actor& actor) const;  // today, by the injected clock

  Result<std::vector<CareTask>> tasks(const Actor& actor, const storage::CareTaskQuery& query) const;
  Result<CareTask> task(const Actor& actor, CareTaskId id) const;
  // Marks an open task done (InvalidArgument "status" when it is not open). care.task_completed.
  Result<CareTask> complete(const Actor& actor, CareTaskId id, std::string outcome,
                            std::optional<Date> on = std::nullopt) const;

  const CareSettings& settings() const noexcept;

 private:
  friend class Crm;
  using ServiceBase::ServiceBase;
};

}  // namespace inscrm
