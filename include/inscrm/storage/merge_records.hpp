#pragma once
// The storage port for merges of duplicate customers (domain.md C13; domain/customer_merge.hpp):
// re-pointing every record of one customer to another and back, and the merge history. Reached
// through Transaction::merges(), so a merge — the records moved, both customers saved, the history
// row, the audit record and the outbox event — commits together or not at all.
//
// Re-pointing is a change to each versioned record it moves (policies — also when only their
// insured or beneficiaries move —, claims, interactions, complaints, service requests, care
// tasks): their version moves on, so that a copy read before the merge cannot write the old
// customer back.

#include <inscrm/core/date.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/domain/customer_merge.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace inscrm::storage {

class MergeRecords {
 public:
  virtual ~MergeRecords() = default;
  MergeRecords() = default;
  MergeRecords(const MergeRecords&) = delete;
  MergeRecords& operator=(const MergeRecords&) = delete;

  // Re-points every row of every MergedTable that names `from` to `to`: policies as holder, as
  // insured and as beneficiary, claims as claimant, the rest as their customer. A campaign `to` is
  // already a member of, or a policy that already names `to` as insured (beneficiary), keeps
  // `from`'s row where it is. The consent in force is
  // recomputed for both (the latest record per purpose and channel). The loyalty accounts are the
  // caller's: it knows the tier rules. Returns the moved ids per table, ascending, tables with none
  // left out. AlreadyExists "idempotency_key" when both customers hold a points entry with one key.
  virtual Result<std::vector<MovedRecords>> move_customer_records(CustomerId from, CustomerId to) = 0;
  // Re-points exactly `moved` — rows that name `to` now — back to `from`, and recomputes the
  // consent in force for both. A row that no longer names `to` is left alone, and so is one whose
  // campaign or policy names `from` again since.
  virtual Result<void> move_records_back(const std::vector<MovedRecords>& moved, CustomerId to, CustomerId from) = 0;

  // The history: insert assigns the id. mark_merge_undone sets undone_at and undone_by (Conflict
  // "merge" when it is undone already). A read gives survivor_before back as it was stored —
  // empty once either customer was erased.
  virtual Result<void> insert_merge(CustomerMerge& merge) = 0;
  virtual Result<void> mark_merge_undone(MergeId id, Instant at, std::string_view actor) = 0;
  virtual Result<CustomerMerge> merge_record(MergeId id) = 0;
  // The merges `customer` took part in (as survivor or merged away), or every merge, in id order.
  virtual Result<std::vector<CustomerMerge>> merge_records(std::optional<CustomerId> customer) = 0;
};

}  // namespace inscrm::storage
