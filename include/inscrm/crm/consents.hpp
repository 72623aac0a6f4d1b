#pragma once
// domain.md C12: consent per purpose and channel (domain/consent.hpp). The care calendar and
// campaigns ask it themselves (CareService::run, CampaignService::add_members): a host cannot
// forget the check. Every change writes consent.granted or consent.withdrawn to the outbox.

#include <inscrm/core/result.hpp>
#include <inscrm/crm/service_base.hpp>
#include <inscrm/domain/consent.hpp>
#include <inscrm/security/actor.hpp>

#include <string>
#include <vector>

namespace inscrm {

class ConsentService : detail::ServiceBase {
 public:
  // Appends a record (validate_consent; NotFound "customer"). `at` defaults to now; the actor and
  // the recording time are set here.
  Result<ConsentRecord> record(const Actor& actor, ConsentRecord record) const;
  Result<ConsentRecord> grant(const Actor& actor, CustomerId customer, ConsentPurpose purpose, Channel channel,
                              std::string source) const;
  Result<ConsentRecord> withdraw(const Actor& actor, CustomerId customer, ConsentPurpose purpose, Channel channel,
                                 std::string source) const;
  // The customer's history, oldest first.
  Result<std::vector<ConsentRecord>> list(const Actor& actor, CustomerId customer) const;
  // Whether the latest record for (purpose, channel) grants; false with none.
  Result<bool> allows(const Actor& actor, CustomerId customer, ConsentPurpose purpose, Channel channel) const;

 private:
  friend class Crm;
  using ServiceBase::ServiceBase;
};

}  // namespace inscrm
