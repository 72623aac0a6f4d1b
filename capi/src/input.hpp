#pragma once
// Reading what C hands in: versioned structs, borrowed strings, dates, money and enum names.
// Every failure is INVALID_ARGUMENT with the field path the facade would use, so a C caller sees
// the same field names as a C++ or Python one.

#include <inscrm.h>

#include "guard.hpp"

#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/money.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/security/actor.hpp>

#include <cstddef>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace inscrm::capi {

// ---- Versioned structs ---------------------------------------------------------------------
//
// Versioned<T> describes each caller-allocated struct: its name for messages, its current
// version, its INIT defaults and the size of each version. A newer version only appends fields,
// so an older caller's struct is a prefix of today's; sizes[] lets _init() write no more than
// the caller allocated and lets bulk calls step through arrays built with an older header.
// Adding version 2 of a struct means: bump its *_VERSION macro, write its specialisation out by
// hand with sizes = {offsetof(T, first_new_field), sizeof(T)}, and extend its INIT macro;
// read_struct then gives older callers the new fields' defaults (capi/STABILITY.md).
template <class T>
struct Versioned;

#define INSCRM_C_VERSIONED(Type, Current, Init)                          \
  template <>                                                           \
  struct Versioned<Type> {                                              \
    static constexpr const char* name = #Type;                          \
    static constexpr unsigned current = (Current);                      \
    static constexpr std::size_t sizes[] = {sizeof(Type)};              \
    static constexpr Type defaults = Init;                              \
    static_assert(sizeof(sizes) / sizeof(sizes[0]) == current, "one size per version"); \
  };

INSCRM_C_VERSIONED(inscrm_actor, INSCRM_ACTOR_VERSION, INSCRM_ACTOR_INIT)
INSCRM_C_VERSIONED(inscrm_org_unit_input, INSCRM_ORG_UNIT_INPUT_VERSION, INSCRM_ORG_UNIT_INPUT_INIT)
INSCRM_C_VERSIONED(inscrm_agent_input, INSCRM_AGENT_INPUT_VERSION, INSCRM_AGENT_INPUT_INIT)
INSCRM_C_VERSIONED(inscrm_product_input, INSCRM_PRODUCT_INPUT_VERSION, INSCRM_PRODUCT_INPUT_INIT)
INSCRM_C_VERSIONED(inscrm_customer_input, INSCRM_CUSTOMER_INPUT_VERSION, INSCRM_CUSTOMER_INPUT_INIT)
INSCRM_C_VERSIONED(inscrm_customer_query, INSCRM_CUSTOMER_QUERY_VERSION, INSCRM_CUSTOMER_QUERY_INIT)
INSCRM_C_VERSIONED(inscrm_policy_application, INSCRM_POLICY_APPLICATION_VERSION, INSCRM_POLICY_APPLICATION_INIT)
INSCRM_C_VERSIONED(inscrm_policy_query, INSCRM_POLICY_QUERY_VERSION, INSCRM_POLICY_QUERY_INIT)
INSCRM_C_VERSIONED(inscrm_payment_input, INSCRM_PAYMENT_INPUT_VERSION, INSCRM_PAYMENT_INPUT_INIT)
INSCRM_C_VERSIONED(inscrm_policy_import_row, INSCRM_POLICY_IMPORT_ROW_VERSION, INSCRM_POLICY_IMPORT_ROW_INIT)
INSCRM_C_VERSIONED(inscrm_service_settings, INSCRM_SERVICE_SETTINGS_VERSION, INSCRM_SERVICE_SETTINGS_INIT)
INSCRM_C_VERSIONED(inscrm_interaction_input, INSCRM_INTERACTION_INPUT_VERSION, INSCRM_INTERACTION_INPUT_INIT)
INSCRM_C_VERSIONED(inscrm_interaction_query, INSCRM_INTERACTION_QUERY_VERSION, INSCRM_INTERACTION_QUERY_INIT)
INSCRM_C_VERSIONED(inscrm_complaint_input, INSCRM_COMPLAINT_INPUT_VERSION, INSCRM_COMPLAINT_INPUT_INIT)
INSCRM_C_VERSIONED(inscrm_complaint_query, INSCRM_COMPLAINT_QUERY_VERSION, INSCRM_COMPLAINT_QUERY_INIT)
INSCRM_C_VERSIONED(inscrm_claim_input, INSCRM_CLAIM_INPUT_VERSION, INSCRM_CLAIM_INPUT_INIT)
INSCRM_C_VERSIONED(inscrm_claim_query, INSCRM_CLAIM_QUERY_VERSION, INSCRM_CLAIM_QUERY_INIT)
INSCRM_C_VERSIONED(inscrm_service_request_input, INSCRM_SERVICE_REQUEST_INPUT_VERSION, INSCRM_SERVICE_REQUEST_INPUT_INIT)
INSCRM_C_VERSIONED(inscrm_service_request_query, INSCRM_SERVICE_REQUEST_QUERY_VERSION, INSCRM_SERVICE_REQUEST_QUERY_INIT)
INSCRM_C_VERSIONED(inscrm_survey_input, INSCRM_SURVEY_INPUT_VERSION, INSCRM_SURVEY_INPUT_INIT)
INSCRM_C_VERSIONED(inscrm_survey_query, INSCRM_SURVEY_QUERY_VERSION, INSCRM_SURVEY_QUERY_INIT)
INSCRM_C_VERSIONED(inscrm_segment_input, INSCRM_SEGMENT_INPUT_VERSION, INSCRM_SEGMENT_INPUT_INIT)
INSCRM_C_VERSIONED(inscrm_kpi_query, INSCRM_KPI_QUERY_VERSION, INSCRM_KPI_QUERY_INIT)

#undef INSCRM_C_VERSIONED

// Version 2 appended `service` (the service settings); a version-1 caller's struct ends before it.
// Version 3 appended the master key and key file.
template <>
struct Versioned<inscrm_open_options> {
  static constexpr const char* name = "inscrm_open_options";
  static constexpr unsigned current = INSCRM_OPEN_OPTIONS_VERSION;
  static constexpr std::size_t sizes[] = {offsetof(inscrm_open_options, service),
                                          offsetof(inscrm_open_options, master_key), sizeof(inscrm_open_options)};
  static constexpr inscrm_open_options defaults = INSCRM_OPEN_OPTIONS_INIT;
  static_assert(sizeof(sizes) / sizeof(sizes[0]) == current, "one size per version");
};

Error unknown_version(std::string_view type, unsigned version, unsigned current, std::string_view field);

// A required versioned struct: non-NULL and of a version this library knows.
template <class T>
Result<void> check_struct(const T* p, std::string_view parameter) {
  INSCRM_TRYV(require(p, parameter));
  if (p->version == 0 || p->version > Versioned<T>::current)
    return unknown_version(Versioned<T>::name, p->version, Versioned<T>::current, std::string{parameter} + ".version");
  return ok();
}

// A required versioned struct, read as today's version: the fields an older caller's version
// lacks keep their INIT defaults, so the code after this never looks at the version again (until
// a version 2 gives a field whose default depends on it).
template <class T>
Result<T> read_struct(const T* p, std::string_view parameter) {
  INSCRM_TRYV(check_struct(p, parameter));
  T out = Versioned<T>::defaults;
  std::memcpy(static_cast<void*>(&out), static_cast<const void*>(p), Versioned<T>::sizes[p->version - 1]);
  return out;
}

// The _init() functions: the INIT macro's values, written for the version the caller asked for.
template <class T>
Result<void> init_struct(T* p, unsigned version, std::string_view parameter) {
  INSCRM_TRYV(require(p, parameter));
  if (version == 0 || version > Versioned<T>::current)
    return unknown_version(Versioned<T>::name, version, Versioned<T>::current, "version");
  std::memcpy(static_cast<void*>(p), &Versioned<T>::defaults, Versioned<T>::sizes[version - 1]);
  p->version = version;
  return ok();
}

// Element i of a caller's array of versioned structs, whose stride is the size of the version
// the first element declares (checked by the caller of this function).
template <class T>
const T* element(const T* base, std::size_t i) {
  const std::size_t stride = Versioned<T>::sizes[base->version - 1];
  return reinterpret_cast<const T*>(reinterpret_cast<const unsigned char*>(base) + i * stride);
}

// A C enum as the int the caller stored in it. C lets a caller put any int into an enum-typed
// parameter or field; C++ may not even load such a value as the enum type (UBSan: "load of value
// 99, which is not a valid value for type 'inscrm_policy_event'"), so the bits are copied out
// and range-checked as an int.
template <class CEnum>
int raw_enum(const CEnum& e) noexcept {
  static_assert(std::is_enum_v<CEnum> && sizeof(CEnum) == sizeof(int), "C enums are int-sized");
  int value = 0;
  std::memcpy(&value, &e, sizeof value);
  return value;
}

// ---- Plain values --------------------------------------------------------------------------

// A required string: NULL is INVALID_ARGUMENT naming the field.
Result<std::string> text(const char* s, std::string_view field);
// An optional string: NULL becomes "".
inline std::string text_or_empty(const char* s) { return s ? std::string{s} : std::string{}; }
inline std::optional<std::string> opt_text(const char* s) {
  return s ? std::optional<std::string>{s} : std::nullopt;
}

Result<Date> date(const char* s, std::string_view field);
Result<std::optional<Date>> opt_date(const char* s, std::string_view field);

// Money: minor units and a NUL-terminated ISO 4217 code; "" means CNY.
Result<Money> money(const inscrm_money& m, std::string_view field);
Result<std::optional<Money>> opt_money(const inscrm_money* m, std::string_view field);

Error unknown_name(std::string_view field, std::string_view given, std::string_view expected);

// An enum by its stable text name; NULL gives the fallback.
template <class E>
Result<E> enum_named(const char* s, E fallback, std::string_view field) {
  if (s == nullptr) return fallback;
  if (auto e = enum_from_string<E>(s)) return *e;
  std::string expected;
  for (auto name : EnumText<E>::names) {
    if (!expected.empty()) expected += ", ";
    expected += name;
  }
  return unknown_name(field, s, expected);
}

// A caller array: count > 0 with a NULL pointer is a caller bug worth naming.
Result<void> check_array(const void* p, std::size_t count, std::string_view field);

// A caller array of required strings; an element that is NULL is named "field[i]".
Result<std::vector<std::string>> texts(const char* const* p, std::size_t count, std::string_view field);

// A caller array of enum names ("query.statuses"): each must be known, named "field[i]" if not.
template <class E>
Result<std::vector<E>> enums_named(const char* const* p, std::size_t count, std::string_view field) {
  INSCRM_TRY(auto names, texts(p, count, field));
  std::vector<E> out;
  out.reserve(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    INSCRM_TRY(auto e, enum_named(names[i].c_str(), E{}, std::string{field} + "[" + std::to_string(i) + "]"));
    out.push_back(e);
  }
  return out;
}

// An optional instant in an input: 0 is "not given".
inline std::optional<Instant> opt_instant(std::int64_t unix_micros) {
  return unix_micros != 0 ? std::optional<Instant>{from_epoch_micros(unix_micros)} : std::nullopt;
}

template <class Id>
std::optional<Id> opt_id(std::int64_t v) {
  return v != 0 ? std::optional<Id>{Id{v}} : std::nullopt;
}

Result<Actor> actor(const inscrm_actor* a);

}  // namespace inscrm::capi
