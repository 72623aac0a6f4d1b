// Loyalty module (domain.md C7): earn, redeem, reverse, expire, balances, tiers, the ledger check.

#include "guard.hpp"
#include "handle.hpp"
#include "input.hpp"
#include "output.hpp"

#include <inscrm/crm.hpp>

using namespace inscrm;

namespace {

template <class T>
void put(T* out, T value) noexcept {
  if (out != nullptr) *out = value;
}

}  // namespace

inscrm_status inscrm_loyalty_earn(inscrm_db* db, const inscrm_actor* actor, int64_t customer_id, const char* type,
                                  const char* on, const inscrm_money* amount, int64_t policy_id, const char* source,
                                  const char* idempotency_key, int64_t* out_points, int* out_replayed) {
  return capi::guard([&]() -> Result<void> {
    put(out_points, int64_t{0});
    put(out_replayed, 0);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(type, "type"));
    EarnEvent e;
    e.customer = CustomerId{customer_id};
    INSCRM_TRY(e.type, capi::enum_named(type, EarnEventType::PremiumPaid, "type"));
    INSCRM_TRY(auto day, capi::opt_date(on, "on"));
    if (day) e.on = *day;
    INSCRM_TRY(e.amount, capi::opt_money(amount, "amount"));
    if (policy_id != 0) e.policy = PolicyId{policy_id};
    e.source = capi::text_or_empty(source);
    e.idempotency_key = capi::text_or_empty(idempotency_key);
    INSCRM_TRY(auto result, capi::from_handle(db).crm.loyalty().earn(who, e));
    int64_t points = 0;
    for (const auto& entry : result.entries) points += entry.points;
    put(out_points, points);
    put(out_replayed, result.replayed ? 1 : 0);
    return ok();
  });
}

inscrm_status inscrm_loyalty_redeem(inscrm_db* db, const inscrm_actor* actor, int64_t customer_id, int64_t points,
                                    const char* idempotency_key, const char* note, int64_t* out_entry_id) {
  return capi::guard([&]() -> Result<void> {
    put(out_entry_id, int64_t{0});
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto key, capi::text(idempotency_key, "idempotency_key"));
    INSCRM_TRY(auto entry, capi::from_handle(db).crm.loyalty().redeem(who, CustomerId{customer_id}, points,
                                                                      std::move(key), capi::text_or_empty(note)));
    put(out_entry_id, entry.id.value);
    return ok();
  });
}

inscrm_status inscrm_loyalty_adjust(inscrm_db* db, const inscrm_actor* actor, int64_t customer_id, int64_t points,
                                    const char* idempotency_key, const char* note, int expiry_months,
                                    int64_t* out_entry_id) {
  return capi::guard([&]() -> Result<void> {
    put(out_entry_id, int64_t{0});
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto key, capi::text(idempotency_key, "idempotency_key"));
    INSCRM_TRY(auto why, capi::text(note, "note"));
    INSCRM_TRY(auto entry, capi::from_handle(db).crm.loyalty().adjust(who, CustomerId{customer_id}, points,
                                                                      std::move(key), std::move(why),
                                                                      expiry_months == 0 ? 24 : expiry_months));
    put(out_entry_id, entry.id.value);
    return ok();
  });
}

inscrm_status inscrm_loyalty_reverse_source(inscrm_db* db, const inscrm_actor* actor, int64_t customer_id,
                                            const char* source, const char* note, int64_t* out_points) {
  return capi::guard([&]() -> Result<void> {
    put(out_points, int64_t{0});
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto what, capi::text(source, "source"));
    INSCRM_TRY(auto reversed, capi::from_handle(db).crm.loyalty().reverse_source(who, CustomerId{customer_id},
                                                                                 std::move(what),
                                                                                 capi::text_or_empty(note)));
    int64_t points = 0;
    for (const auto& e : reversed) points -= e.points;
    put(out_points, points);
    return ok();
  });
}

inscrm_status inscrm_loyalty_expire(inscrm_db* db, const inscrm_actor* actor, const char* as_of, int64_t* out_points) {
  return capi::guard([&]() -> Result<void> {
    put(out_points, int64_t{0});
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto day, capi::opt_date(as_of, "as_of"));
    auto loyalty = capi::from_handle(db).crm.loyalty();
    INSCRM_TRY(auto run, day ? loyalty.expire(who, *day) : loyalty.expire(who));
    put(out_points, run.points_expired);
    return ok();
  });
}

inscrm_status inscrm_loyalty_balance(inscrm_db* db, const inscrm_actor* actor, int64_t customer_id,
                                     int64_t* out_balance, int64_t* out_available) {
  return capi::guard([&]() -> Result<void> {
    put(out_balance, int64_t{0});
    put(out_available, int64_t{0});
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto b, capi::from_handle(db).crm.loyalty().balance(who, CustomerId{customer_id}));
    put(out_balance, b.balance);
    put(out_available, b.available);
    return ok();
  });
}

inscrm_status inscrm_loyalty_evaluate_tiers(inscrm_db* db, const inscrm_actor* actor, const char* as_of,
                                            inscrm_tier_distribution** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto day, capi::opt_date(as_of, "as_of"));
    INSCRM_TRYV(capi::require(out, "out"));
    auto& crm = capi::from_handle(db).crm;
    INSCRM_TRY(auto run, crm.loyalty().evaluate_tiers(who, day.value_or(crm.clock().today())));
    INSCRM_TRY(auto d, crm.loyalty().tier_distribution(who));
    *out = capi::make_output<inscrm_tier_distribution>([&](inscrm_tier_distribution& o, capi::Arena& a) {
      auto* tiers = a.array<inscrm_name_count>(d.tiers.size());
      for (std::size_t i = 0; i < d.tiers.size(); ++i) {
        tiers[i].name = a.str(d.tiers[i].tier);
        tiers[i].count = static_cast<int64_t>(d.tiers[i].customers);
      }
      o.tiers = tiers;
      o.tiers_count = d.tiers.size();
      o.points_outstanding = d.points_outstanding;
      o.outstanding_value = capi::to_c(d.outstanding_value);
      o.customers_evaluated = static_cast<int64_t>(run.customers);
      o.upgrades = static_cast<int64_t>(run.upgrades);
      o.downgrades = static_cast<int64_t>(run.downgrades);
      o.grace_started = static_cast<int64_t>(run.grace_started);
      o.grace_cleared = static_cast<int64_t>(run.grace_cleared);
    });
    return ok();
  });
}

void inscrm_tier_distribution_free(inscrm_tier_distribution** distribution) {
  capi::guard_void([&] { capi::free_output(distribution); });
}

inscrm_status inscrm_loyalty_check_balances(inscrm_db* db, const inscrm_actor* actor, int64_t* out_customers,
                                            int64_t* out_mismatches) {
  return capi::guard([&]() -> Result<void> {
    put(out_customers, int64_t{0});
    put(out_mismatches, int64_t{0});
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto check, capi::from_handle(db).crm.loyalty().check_balances(who));
    put(out_customers, static_cast<int64_t>(check.customers));
    put(out_mismatches, static_cast<int64_t>(check.mismatches.size()));
    return ok();
  });
}
