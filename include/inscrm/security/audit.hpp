#pragma once
// The audit chain (domain.md C12): every change and every read of personal data appends a record
// (storage/audit_records.hpp) whose hash covers its own canonical form and the previous record's
// hash (BLAKE2b-256, libsodium crypto_generichash). Editing a stored record breaks its own hash;
// deleting one leaves a gap in seq and a prev_hash that no longer matches. verify walks the chain
// and reports the first broken link.

#include <inscrm/storage/audit_records.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace inscrm {

// Hex BLAKE2b-256 of `text`.
std::string audit_digest(std::string_view text);
// Hex BLAKE2b-256 over the record's canonical form (every field but hash, length-prefixed so no
// two different records serialise alike) followed by prev_hash.
std::string audit_hash(const storage::AuditRecord& record);

struct AuditBreak {
  std::int64_t seq = 0;  // the first record that does not verify (or the first missing seq)
  std::string reason;
};

struct AuditVerification {
  std::int64_t checked = 0;         // records read
  std::optional<AuditBreak> broken;  // none: the chain is intact
  bool ok() const noexcept { return !broken; }
};

// Checks records one at a time, in seq order: feed each, stop at the first break.
class AuditChainVerifier {
 public:
  // False once the chain is broken (then result().broken says where and why).
  bool feed(const storage::AuditRecord& record);
  const AuditVerification& result() const noexcept { return result_; }

 private:
  AuditVerification result_;
  std::int64_t expected_seq_ = 1;
  std::string prev_hash_;
};

}  // namespace inscrm
