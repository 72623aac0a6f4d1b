// domain.md C13: merge of duplicate customers, its history and its undo (crm/duplicates.hpp).
#include <inscrm/crm/customers.hpp>
#include <inscrm/crm/duplicates.hpp>
#include <inscrm/domain/points.hpp>
#include <inscrm/security/permissions.hpp>

#include "crm/engine.hpp"
#include "crm/json.hpp"
#include "crm/stages.hpp"

#include <fmt/format.h>

#include <span>

namespace inscrm {
namespace {

// Loads one party of a merge; an unknown id is NotFound under the party's name.
Result<Customer> party(storage::Transaction& tx, CustomerId id, const char* role) {
  auto c = tx.customer(id);
  if (!c && c.error().is_not_found())
    return Error::not_found(role, fmt::format("customer {} does not exist", id.value));
  return c;
}

// The balance is what the ledger sums to (domain.md C7): after rows moved, each account is
// re-summed from the entries its customer now holds.
Result<void> resum_balance(storage::Transaction& tx, CustomerId customer, Instant now) {
  INSCRM_TRY(const auto entries, tx.loyalty().points_of(customer));
  const std::int64_t sum = balance(std::span<const PointsEntry>{entries});
  INSCRM_TRY(auto found, tx.loyalty().account(customer));
  if (!found && sum == 0) return ok();
  storage::LoyaltyAccount account;
  if (found) account = std::move(*found);
  else account.customer = customer;
  if (account.version != 0 && account.balance == sum) return ok();
  account.balance = sum;
  account.updated_at = now;
  return tx.loyalty().save_account(account);
}

std::string merge_payload(const CustomerMerge& m) {
  std::string taken, moved;
  for (const auto& f : m.taken_fields) taken += (taken.empty() ? "" : ",") + detail::json_string(f);
  for (const auto& r : m.moved)
    moved += fmt::format("{}\"{}\":{}", moved.empty() ? "" : ",", to_string(r.table), r.ids.size());
  return fmt::format(R"({{"merge_id":{},"survivor":{},"merged_away":{},"rule":"{}","taken_fields":[{}],"moved":{{{}}}}})",
                     m.id.value, m.survivor.value, m.merged_away.value, to_string(m.rule), taken, moved);
}

// The merge's exact moved ids, for the audit digest: the chain then proves what moved.
std::string moved_text(const CustomerMerge& m) {
  std::string out;
  for (const auto& r : m.moved) {
    out += std::string{to_string(r.table)} + ":";
    for (auto id : r.ids) out += fmt::format("{},", id);
    out += ";";
  }
  return out;
}

CustomerMerge without_snapshot(CustomerMerge m) {
  m.survivor_before.reset();
  return m;
}

Result<void> refuse_erased_or_merged(const Customer& c, const char* role) {
  if (c.erased_on)
    return Error::illegal_transition(fmt::format("customer {} was erased and cannot be merged", c.id.value), role);
  if (c.merged_into)
    return Error::illegal_transition(
        fmt::format("customer {} was merged into customer {} already", c.id.value, c.merged_into->value), role);
  return ok();
}

}  // namespace

Result<CustomerMerge> DuplicateService::merge(const Actor& actor, CustomerId survivor_id, CustomerId merged_away_id,
                                              const MergeOptions& options) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Customer, Action::Update));
  if (survivor_id == merged_away_id)
    return Error::invalid_argument("merged_away", "a customer cannot be merged into itself");
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  return engine.recorded(actor, engine.write([&](storage::Transaction& tx) -> Result<CustomerMerge> {
    INSCRM_TRY(const Customer survivor, party(tx, survivor_id, "survivor"));
    INSCRM_TRY(Customer merged_away, party(tx, merged_away_id, "merged_away"));
    INSCRM_TRYV(engine.in_scope(tx, actor, survivor, "survivor"));
    INSCRM_TRYV(engine.in_scope(tx, actor, merged_away, "merged_away"));
    INSCRM_TRYV(refuse_erased_or_merged(survivor, "survivor"));
    INSCRM_TRYV(refuse_erased_or_merged(merged_away, "merged_away"));

    CustomerMerge m;
    m.survivor = survivor_id;
    m.merged_away = merged_away_id;
    m.rule = options.rule;
    m.actor = actor.user;
    m.merged_at = now;
    m.survivor_before = survivor;

    Customer after = apply_survivorship(survivor, merged_away, options.rule, m.taken_fields);
    if (!m.taken_fields.empty()) {
      // The merged result must be a record the library would accept (an identity number taken
      // from one record must agree with a birth date kept from the other).
      INSCRM_TRYV(validate_customer(after, date_of(now)));
      after.updated_at = now;
      INSCRM_TRYV(tx.update_customer(after));
    }
    INSCRM_TRY(m.moved, tx.merges().move_customer_records(merged_away_id, survivor_id));
    INSCRM_TRYV(resum_balance(tx, survivor_id, now));
    INSCRM_TRYV(resum_balance(tx, merged_away_id, now));
    // The merged-away record stays as it was but for the mark: its stage and updated_at are
    // history, so that an undo gives it back unchanged.
    merged_away.merged_into = survivor_id;
    INSCRM_TRYV(tx.update_customer(merged_away));
    INSCRM_TRYV(detail::refresh_stage(engine, tx, actor, survivor_id, date_of(now)));
    INSCRM_TRYV(tx.merges().insert_merge(m));
    INSCRM_TRYV(engine.emit(tx, actor, "customer.merged", "customer", survivor_id.value, merge_payload(m),
                            merge_payload(m) + "\n" + moved_text(m)));
    return without_snapshot(std::move(m));
  }));
}

Result<CustomerMerge> DuplicateService::undo(const Actor& actor, MergeId merge_id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Customer, Action::Update));
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  return engine.recorded(actor, engine.write([&](storage::Transaction& tx) -> Result<CustomerMerge> {
    auto found = tx.merges().merge_record(merge_id);
    if (!found && found.error().is_not_found())
      return Error::not_found("merge", fmt::format("merge {} does not exist", merge_id.value));
    INSCRM_TRY(CustomerMerge m, std::move(found));
    if (m.undone_at) return Error::illegal_transition(fmt::format("merge {} is undone already", m.id.value), "merge");
    INSCRM_TRY(Customer survivor, party(tx, m.survivor, "survivor"));
    INSCRM_TRY(Customer merged_away, party(tx, m.merged_away, "merged_away"));
    INSCRM_TRYV(engine.in_scope(tx, actor, survivor, "survivor"));
    INSCRM_TRYV(engine.in_scope(tx, actor, merged_away, "merged_away"));
    if (survivor.erased_on)
      return Error::illegal_transition(fmt::format("customer {} was erased since the merge", survivor.id.value),
                                       "survivor");
    if (merged_away.erased_on)
      return Error::illegal_transition(fmt::format("customer {} was erased since the merge", merged_away.id.value),
                                       "merged_away");
    if (survivor.merged_into)
      return Error{Errc::Conflict,
                   fmt::format("customer {} was merged into customer {} since: undo that merge first",
                               survivor.id.value, survivor.merged_into->value),
                   "survivor"};
    if (merged_away.merged_into != m.survivor || !m.survivor_before)
      return Error::internal(fmt::format("merge {} does not match its customers", m.id.value));

    INSCRM_TRYV(tx.merges().move_records_back(m.moved, m.survivor, m.merged_away));
    INSCRM_TRYV(resum_balance(tx, m.survivor, now));
    INSCRM_TRYV(resum_balance(tx, m.merged_away, now));
    merged_away.merged_into.reset();
    INSCRM_TRYV(tx.update_customer(merged_away));
    // The survivor's facts the merge filled go back; its stage is re-derived from what it holds
    // now, from where it stood before the merge (so a stage the facts still support keeps its date).
    Customer reverted = revert_survivorship(survivor, *m.survivor_before, merged_away, m.taken_fields);
    reverted.stage = m.survivor_before->stage;
    reverted.stage_since = m.survivor_before->stage_since;
    reverted.updated_at = now;
    INSCRM_TRYV(tx.update_customer(reverted));
    INSCRM_TRYV(detail::refresh_stage(engine, tx, actor, m.survivor, date_of(now)));
    INSCRM_TRYV(tx.merges().mark_merge_undone(m.id, now, actor.user));
    m.undone_at = now;
    m.undone_by = actor.user;
    INSCRM_TRYV(engine.emit(tx, actor, "customer.merge_undone", "customer", m.survivor.value, merge_payload(m),
                            merge_payload(m) + "\n" + moved_text(m)));
    return without_snapshot(std::move(m));
  }));
}

Result<std::vector<CustomerMerge>> DuplicateService::history(const Actor& actor,
                                                             std::optional<CustomerId> customer) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Customer, Action::Read));
  auto& engine = *engine_;
  return engine.recorded(actor, engine.read([&](storage::Transaction& tx) -> Result<std::vector<CustomerMerge>> {
    if (customer) INSCRM_TRYV(engine.in_scope(tx, actor, *customer, "customer"));
    INSCRM_TRY(auto all, tx.merges().merge_records(customer));
    std::vector<CustomerMerge> out;
    for (auto& m : all) {
      if (!customer) {
        if (auto scoped = engine.in_scope(tx, actor, m.survivor, "customer"); !scoped) {
          if (scoped.error().code() != Errc::PermissionDenied) return scoped.error();
          continue;
        }
      }
      out.push_back(without_snapshot(std::move(m)));
    }
    return out;
  }));
}

}  // namespace inscrm
