#pragma once

#include <inscrm/core/result.hpp>
#include <inscrm/crm/service_base.hpp>
#include <inscrm/domain/payment.hpp>
#include <inscrm/domain/policy.hpp>
#include <inscrm/domain/policy_lifecycle.hpp>
#include <inscrm/security/actor.hpp>
#include <inscrm/storage/store.hpp>

#include <optional>
#include <string>
#include <vector>

namespace inscrm {

// What a host submits to quote or issue a policy. Dates default to the clock's today.
struct PolicyApplication {
  std::string product;  // product code, e.g. "WL-2024"
  CustomerId holder;
  std::vector<CustomerId> insured;         // empty = the holder
  std::vector<Beneficiary> beneficiaries;  // shares sum to 100; empty = statutory heirs
  Money sum_insured;
  Money premium;  // per instalment
  Frequency frequency = Frequency::Annual;
  std::optional<int> premium_years;  // payment term; default: the product's term (0 for single)
  std::optional<AgentId> agent;
  OrgUnitId org_unit;                // default: the holder's
  std::optional<Date> application_date;
  std::optional<Date> effective_date;  // default: the issue date
  std::optional<Date> expiry_date;     // default: effective + the product's term; none for whole life
  std::string number;                  // default: generated from the id
  std::optional<std::string> external_ref;
  bool whole_life = false;             // no expiry date at all
};

struct PaymentInput {
  Date due{};                    // must be a scheduled instalment date
  std::optional<Date> paid;      // default: today
  std::optional<Money> amount;   // default: the policy's premium
  PayChannel channel = PayChannel::BankCounter;
};

struct PolicyImportRow {
  PolicyApplication application;
  PolicyStatus status = PolicyStatus::InForce;  // migrated in the state the core system reports
  std::vector<PaymentInput> payments;
};

class PolicyService : detail::ServiceBase {
 public:
  // A quote (Quoted), to be taken through apply_event.
  Result<Policy> quote(const Actor& actor, const PolicyApplication& application) const;
  // Quote, apply, underwrite and issue in one call (each step recorded in the history); the policy
  // is InForce at once when its effective date is today or earlier.
  Result<Policy> issue(const Actor& actor, const PolicyApplication& application) const;

  // Applies one lifecycle event on the clock's today (or `on`). Illegal events are IllegalTransition.
  Result<Policy> apply_event(const Actor& actor, PolicyId id, PolicyEvent event, std::string reason = {},
                             std::optional<Date> on = std::nullopt) const;
  // The business actions, by name.
  Result<Policy> reinstate(const Actor& actor, PolicyId id, std::string reason = {}) const;
  Result<Policy> surrender(const Actor& actor, PolicyId id, std::string reason = {}) const;
  Result<Policy> cancel_in_free_look(const Actor& actor, PolicyId id, std::string reason = {}) const;
  Result<Policy> renew(const Actor& actor, PolicyId id, std::string reason = {}) const;
  Result<Policy> terminate(const Actor& actor, PolicyId id, std::string reason) const;

  // Records a premium payment. Accepted while the policy is Issued, InForce, GracePeriod,
  // Reinstated or Renewed; a payment that clears the last arrears brings the policy back InForce.
  Result<Payment> record_payment(const Actor& actor, PolicyId id, const PaymentInput& input) const;

  Result<Policy> get(const Actor& actor, PolicyId id) const;
  Result<Policy> by_number(const Actor& actor, std::string_view number) const;
  Result<std::vector<Policy>> list(const Actor& actor, const storage::PolicyQuery& query = {}) const;
  Result<std::vector<PolicyTransition>> history(const Actor& actor, PolicyId id) const;
  Result<std::vector<Payment>> payments(const Actor& actor, PolicyId id) const;
  // Bulk read for batch jobs and analytics: the payments of every policy with an id in
  // [first, last], ordered by policy then due date, in one statement — instead of one call per
  // policy. InvalidArgument "last" when last < first.
  Result<std::vector<Payment>> payments_in_range(const Actor& actor, PolicyId first, PolicyId last) const;
  // Instalments due up to `through`, each with the payment that covers it, if any.
  struct ScheduleLine {
    Instalment instalment;
    std::optional<Payment> payment;
  };
  Result<std::vector<ScheduleLine>> schedule(const Actor& actor, PolicyId id, Date through) const;

  // Bulk path for migrating a book from a core system: policies in their current status with
  // their payment history, one transaction, all or nothing.
  Result<std::vector<PolicyId>> import(const Actor& actor, std::vector<PolicyImportRow> rows) const;

 private:
  friend class Crm;
  using ServiceBase::ServiceBase;
};

// The checks quote/issue apply, exposed for hosts: beneficiary shares, amounts, currencies, dates.
Result<void> validate_application(const PolicyApplication& app, const Product& product);

}  // namespace inscrm
