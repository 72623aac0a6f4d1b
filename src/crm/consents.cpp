#include <inscrm/crm/consents.hpp>

#include "crm/engine.hpp"
#include "crm/json.hpp"
#include "crm/references.hpp"

#include <fmt/format.h>

namespace inscrm {

Result<ConsentRecord> ConsentService::record(const Actor& actor, ConsentRecord r) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Consent, Action::Create));
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  if (r.at == Instant{}) r.at = now;
  r.actor = actor.user;
  r.recorded_at = now;
  INSCRM_TRYV(validate_consent(r));
  return engine.recorded(actor, engine.write([&](storage::Transaction& tx) -> Result<ConsentRecord> {
    INSCRM_TRY(auto customer, detail::referenced(tx.customer(r.customer), "customer", "customer", r.customer.value));
    INSCRM_TRYV(engine.in_scope(tx, actor, customer));
    INSCRM_TRYV(tx.care().append_consent(r));
    INSCRM_TRYV(engine.emit(tx, actor, r.granted ? "consent.granted" : "consent.withdrawn", "customer",
                            r.customer.value,
                            fmt::format(R"({{"consent_id":{},"customer_id":{},"purpose":"{}","channel":"{}",)"
                                        R"("granted":{},"source":{}}})",
                                        r.id.value, r.customer.value, to_string(r.purpose), to_string(r.channel),
                                        r.granted, detail::json_string(r.source))));
    return r;
  }));
}

Result<ConsentRecord> ConsentService::grant(const Actor& actor, CustomerId customer, ConsentPurpose purpose,
                                            Channel channel, std::string source) const {
  ConsentRecord r;
  r.customer = customer;
  r.purpose = purpose;
  r.channel = channel;
  r.granted = true;
  r.source = std::move(source);
  return record(actor, std::move(r));
}

Result<ConsentRecord> ConsentService::withdraw(const Actor& actor, CustomerId customer, ConsentPurpose purpose,
                                               Channel channel, std::string source) const {
  ConsentRecord r;
  r.customer = customer;
  r.purpose = purpose;
  r.channel = channel;
  r.granted = false;
  r.source = std::move(source);
  return record(actor, std::move(r));
}

Result<std::vector<ConsentRecord>> ConsentService::list(const Actor& actor, CustomerId customer) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Consent, Action::Read));
  auto& engine = *engine_;
  return engine.recorded(actor, engine.read([&](storage::Transaction& tx) -> Result<std::vector<ConsentRecord>> {
    INSCRM_TRY(auto c, detail::referenced(tx.customer(customer), "customer", "customer", customer.value));
    INSCRM_TRYV(engine.in_scope(tx, actor, c));
    return tx.care().consents_of(customer);
  }));
}

Result<bool> ConsentService::allows(const Actor& actor, CustomerId customer, ConsentPurpose purpose,
                                    Channel channel) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Consent, Action::Read));
  auto& engine = *engine_;
  return engine.recorded(actor, engine.read([&](storage::Transaction& tx) -> Result<bool> {
    INSCRM_TRY(auto c, detail::referenced(tx.customer(customer), "customer", "customer", customer.value));
    INSCRM_TRYV(engine.in_scope(tx, actor, c));
    INSCRM_TRY(auto yes, tx.care().consenting(purpose, channel, {customer}));
    return !yes.empty();
  }));
}

}  // namespace inscrm
