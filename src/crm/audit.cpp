// Crm::verify_audit: the audit chain read back in seq order and checked link by link.
#include <inscrm/crm.hpp>

#include "crm/engine.hpp"

namespace inscrm {
namespace {
constexpr std::size_t kAuditPage = 10000;  // records per read: bounded memory on a long chain
}

Result<AuditVerification> Crm::verify_audit(const Actor& actor) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Audit, Action::Read));
  return engine_->read([&](storage::Transaction& tx) -> Result<AuditVerification> {
    AuditChainVerifier verifier;
    std::int64_t after = 0;
    for (;;) {
      INSCRM_TRY(const auto page, tx.audit().audit_records(after, kAuditPage));
      for (const auto& record : page)
        if (!verifier.feed(record)) return verifier.result();
      if (page.size() < kAuditPage) break;
      after = page.back().seq;
    }
    return verifier.result();
  });
}

}  // namespace inscrm
