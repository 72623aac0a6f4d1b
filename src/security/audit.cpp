#include <inscrm/security/audit.hpp>

#include <fmt/format.h>
#include <sodium.h>

#include <array>

namespace inscrm {
namespace {

constexpr std::size_t kHashBytes = crypto_generichash_BYTES;  // 32: BLAKE2b-256

std::string hex(const std::array<unsigned char, kHashBytes>& bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0x0f]);
  }
  return out;
}

// "<length>:<bytes>|": a field's length up front, so that no choice of field contents can make two
// different records serialise to the same text.
void field(std::string& out, std::string_view text) { fmt::format_to(std::back_inserter(out), "{}:{}|", text.size(), text); }

}  // namespace

std::string audit_digest(std::string_view text) {
  std::array<unsigned char, kHashBytes> out{};
  // crypto_generichash needs no sodium_init(): BLAKE2b has no runtime-selected implementation state.
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                     nullptr, 0);
  return hex(out);
}

std::string audit_hash(const storage::AuditRecord& r) {
  std::string canonical;
  canonical.reserve(128 + r.actor.size() + r.action.size() + r.entity.size() + r.digest.size() + r.prev_hash.size());
  field(canonical, "inscrm-audit-v1");
  field(canonical, std::to_string(r.seq));
  field(canonical, r.actor);
  field(canonical, r.action);
  field(canonical, r.entity);
  field(canonical, std::to_string(r.entity_id));
  field(canonical, std::to_string(r.at.time_since_epoch().count()));
  field(canonical, r.digest);
  field(canonical, r.prev_hash);
  return audit_digest(canonical);
}

bool AuditChainVerifier::feed(const storage::AuditRecord& r) {
  if (result_.broken) return false;
  ++result_.checked;
  if (r.seq != expected_seq_) {
    // A gap: the records expected_seq_ .. r.seq - 1 were removed; name the first one missing.
    result_.broken = AuditBreak{expected_seq_, r.seq > expected_seq_
                                                   ? fmt::format("record {} is missing (next stored is {})",
                                                                 expected_seq_, r.seq)
                                                   : fmt::format("record {} is out of order", r.seq)};
    return false;
  }
  if (r.prev_hash != prev_hash_) {
    result_.broken = AuditBreak{r.seq, "prev_hash does not match the hash of the record before it"};
    return false;
  }
  if (audit_hash(r) != r.hash) {
    result_.broken = AuditBreak{r.seq, "hash does not match the record's contents (the record was altered)"};
    return false;
  }
  prev_hash_ = r.hash;
  ++expected_seq_;
  return true;
}

}  // namespace inscrm
