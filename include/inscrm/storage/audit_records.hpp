#pragma once
// The storage port for the audit chain (domain.md C12, security/audit.hpp): an append-only list of
// records numbered 1, 2, 3 … (seq), each carrying the hash of the one before. Reached through
// Transaction::audit(), so an audit record commits with the change it describes or not at all.
// Adapters only store and return rows; the facade computes the hashes.

#include <inscrm/core/clock.hpp>
#include <inscrm/core/result.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace inscrm::storage {

struct AuditRecord {
  std::int64_t seq = 0;   // 1 for the first record; each next one is seq + 1
  std::string actor;      // Actor::user
  std::string action;     // "customer.updated", "customer.read", "permission.denied", …
  std::string entity;     // "customer", "policy", …
  std::int64_t entity_id = 0;
  Instant at{};
  std::string digest;     // hex digest of what changed (before and after) or of what was read
  std::string prev_hash;  // hex hash of record seq - 1 ("" for the first)
  std::string hash;       // hex hash over this record's canonical form and prev_hash
};

class AuditRecords {
 public:
  virtual ~AuditRecords() = default;

  // The newest record, or none for an empty chain. In a write transaction it also takes the
  // chain head for the rest of the transaction, so that two writers cannot both append seq n + 1
  // (PostgreSQL: a transaction-scoped advisory lock; SQLite and memory serialise writers anyway).
  virtual Result<std::optional<AuditRecord>> audit_head() = 0;
  // Stores `record` as given; AlreadyExists "seq" when that seq is taken.
  virtual Result<void> append_audit(const AuditRecord& record) = 0;
  // Records with seq > after, in seq order, at most `limit`.
  virtual Result<std::vector<AuditRecord>> audit_records(std::int64_t after, std::size_t limit) = 0;
};

}  // namespace inscrm::storage
