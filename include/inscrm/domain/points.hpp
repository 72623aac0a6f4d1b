#pragma once
// domain.md C7: the loyalty points ledger. Append-only entries per customer; the balance is derived
// from them. Every entry carries an idempotency key, unique per customer, so that an event
// delivered twice pays once.
//
// Grants are the entries that add points (earn, a positive adjust); each has its own expiry. The
// entries that take points away consume open grants:
//   - redeem and a negative adjust take the oldest-expiring points first (FIFO by expiry, grants
//     without expiry last, ties by entry id), only from grants still valid on the entry's date;
//   - expire takes what is left of every grant whose expiry day has come (expires_on <= on);
//   - reverse takes what is left of one grant (the points earned on a payment that was reversed,
//     or on a policy cancelled in its free-look window). Points already spent are not clawed back:
//     the balance never goes negative.
// replay() rebuilds the open grants from the entries in id order and checks that every stored
// debit is exactly what these rules give — the proof behind LoyaltyService::check_balances().

#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/result.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace inscrm {

enum class PointsKind { Earn, Redeem, Expire, Adjust, Reverse };
INSCRM_ENUM_TEXT(PointsKind, "earn", "redeem", "expire", "adjust", "reverse")

struct PointsEntry {
  PointsEntryId id;
  CustomerId customer;
  PointsKind kind = PointsKind::Earn;
  std::int64_t points = 0;  // signed: + for grants, - for debits; never 0
  Date on{};                // the business day the entry belongs to
  std::optional<Date> expires_on;  // grants only: the first day the points no longer count
  std::string idempotency_key;     // unique per customer
  std::optional<EarningRuleId> rule;  // earn: the rule and the version of it that produced the entry
  int rule_version = 0;
  std::string source;                 // the event that caused it: "payment:42", "policy:7", host text
  std::optional<PolicyId> policy;     // the policy it was earned on (free-look reversal finds it so)
  std::optional<PointsEntryId> reverses;  // reverse: the grant it takes back
  std::string note;
  std::string actor;
  Instant recorded_at{};

  bool is_grant() const noexcept { return points > 0; }
};

// Shape checks for an entry about to be appended (the sign fits the kind, grants expire after
// their day, a reverse names its grant): InvalidArgument naming the field.
Result<void> validate_points_entry(const PointsEntry& entry);

// What is left of one grant.
struct OpenGrant {
  PointsEntryId entry;
  std::int64_t remaining = 0;
  std::optional<Date> expires_on;
};

// Points taken from one grant by a debit.
struct Allocation {
  PointsEntryId grant;
  std::int64_t points = 0;
};

// FIFO spend of `points` (> 0) on day `on`: from the grants valid that day (expires_on > on),
// oldest expiry first. InvalidArgument "points" when they do not hold that many.
Result<std::vector<Allocation>> allocate_spend(std::span<const OpenGrant> open, std::int64_t points, Date on);

// What expires as of `as_of`: the remainder of every open grant with expires_on <= as_of.
std::vector<Allocation> expiring(std::span<const OpenGrant> open, Date as_of);

// Sum of every entry's points.
std::int64_t balance(std::span<const PointsEntry> entries) noexcept;

// Points spendable on `on`: the open grants still valid that day.
std::int64_t available(std::span<const OpenGrant> open, Date on) noexcept;

// The open grants after applying `allocations` (grants that reach 0 are dropped).
void consume(std::vector<OpenGrant>& open, std::span<const Allocation> allocations);

struct LedgerState {
  std::vector<OpenGrant> open;  // in entry id order
  std::int64_t balance = 0;     // sum of entries
};

// Replays one customer's entries in id order. Internal error (naming the entry) when a debit does
// not match what the rules above give, or the balance would go negative: a damaged ledger.
Result<LedgerState> replay(std::span<const PointsEntry> entries);

}  // namespace inscrm
