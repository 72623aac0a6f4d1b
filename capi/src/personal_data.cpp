// Personal data module: lookups through the blind index, erasure, retention and master-key
// rotation (domain.md C12; the "Personal data" section of inscrm.h).

#include "customer_output.hpp"
#include "guard.hpp"
#include "handle.hpp"
#include "input.hpp"
#include "output.hpp"

#include <inscrm/crm.hpp>
#include <inscrm/security/key_provider.hpp>

#include <string_view>

using namespace inscrm;

namespace {

inscrm_id_array* ids_output(const std::vector<CustomerId>& ids) {
  return capi::make_output<inscrm_id_array>([&](inscrm_id_array& o, capi::Arena& a) {
    o.count = ids.size();
    auto* out = a.array<std::int64_t>(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) out[i] = ids[i].value;
    o.ids = out;
  });
}

template <class Find>
inscrm_status find(inscrm_db* db, const inscrm_actor* actor, const char* value, const char* field,
                   inscrm_customer_list** out, Find&& lookup) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(value, field));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto found, lookup(capi::from_handle(db).crm.customers(), who, std::string_view{value}));
    *out = capi::list_output(found);
    return ok();
  });
}

}  // namespace

namespace inscrm::capi {

// The master key of inscrm_open_options version 3 (db.cpp): the key, else the key file, else none
// (the store's default).
Result<storage::KeyOptions> key_options(const unsigned char* key, std::size_t key_len, const char* key_file) {
  storage::KeyOptions keys;
  if (key != nullptr) {
    INSCRM_TRY(const MasterKey k, parse_master_key(std::string_view{reinterpret_cast<const char*>(key), key_len}));
    keys.provider = key_from_bytes(k);
  } else if (key_file != nullptr) {
    INSCRM_TRY(keys.key_file, text(key_file, "key_file"));
  }
  return keys;
}

}  // namespace inscrm::capi

inscrm_status inscrm_customer_find_by_phone(inscrm_db* db, const inscrm_actor* actor, const char* number,
                                            inscrm_customer_list** out) {
  return find(db, actor, number, "number", out,
              [](const CustomerService& s, const Actor& who, std::string_view v) { return s.find_by_phone(who, v); });
}

inscrm_status inscrm_customer_find_by_email(inscrm_db* db, const inscrm_actor* actor, const char* address,
                                            inscrm_customer_list** out) {
  return find(db, actor, address, "address", out,
              [](const CustomerService& s, const Actor& who, std::string_view v) { return s.find_by_email(who, v); });
}

inscrm_status inscrm_customer_erase(inscrm_db* db, const inscrm_actor* actor, int64_t id, inscrm_customer** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto erased, capi::from_handle(db).crm.customers().erase(who, CustomerId{id}));
    if (out) *out = capi::customer_output(erased);
    return ok();
  });
}

inscrm_status inscrm_customers_due_for_erasure(inscrm_db* db, const inscrm_actor* actor, int years, const char* today,
                                               inscrm_id_array** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    auto& crm = capi::from_handle(db).crm;
    Date day = date_of(crm.clock().now());
    if (today != nullptr) {
      INSCRM_TRY(day, capi::date(today, "today"));
    }
    INSCRM_TRY(auto due, crm.customers().due_for_erasure(who, years, day));
    *out = ids_output(due);
    return ok();
  });
}

inscrm_status inscrm_customers_erase_due(inscrm_db* db, const inscrm_actor* actor, int years, inscrm_id_array** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto erased, capi::from_handle(db).crm.customers().erase_due(who, years));
    if (out) *out = ids_output(erased);
    return ok();
  });
}

inscrm_status inscrm_db_rotate_master_key(inscrm_db* db, const inscrm_actor* actor, const unsigned char* key,
                                          size_t key_len, const char* key_file, int64_t* out_rewrapped) {
  return capi::guard([&]() -> Result<void> {
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    if (key == nullptr && key_file == nullptr)
      return Error::invalid_argument("key", "give the new master key, or a key file that holds it");
    INSCRM_TRY(auto keys, capi::key_options(key, key_len, key_file));
    auto provider = keys.provider ? keys.provider : key_from_file(keys.key_file);
    INSCRM_TRY(const std::int64_t n, capi::from_handle(db).crm.rotate_master_key(who, *provider));
    if (out_rewrapped) *out_rewrapped = n;
    return ok();
  });
}
