// Library-wide functions: versions, status names and the thread-local last error.

#include "guard.hpp"
#include "input.hpp"
#include "output.hpp"

#include <inscrm/core/error.hpp>

#include <fmt/format.h>

#include <string>

namespace inscrm::capi {
namespace {

// The C status values are the C++ Errc values, number for number (architecture.md, Errors):
// a new Errc needs a new INSCRM_ enumerator with the same number.
static_assert(INSCRM_OK == static_cast<int>(Errc::Ok));
static_assert(INSCRM_INVALID_ARGUMENT == static_cast<int>(Errc::InvalidArgument));
static_assert(INSCRM_NOT_FOUND == static_cast<int>(Errc::NotFound));
static_assert(INSCRM_ALREADY_EXISTS == static_cast<int>(Errc::AlreadyExists));
static_assert(INSCRM_CONFLICT == static_cast<int>(Errc::Conflict));
static_assert(INSCRM_ILLEGAL_TRANSITION == static_cast<int>(Errc::IllegalTransition));
static_assert(INSCRM_PERMISSION_DENIED == static_cast<int>(Errc::PermissionDenied));
static_assert(INSCRM_STORAGE_UNAVAILABLE == static_cast<int>(Errc::StorageUnavailable));
static_assert(INSCRM_STORAGE_ERROR == static_cast<int>(Errc::StorageError));
static_assert(INSCRM_SCHEMA_TOO_NEW == static_cast<int>(Errc::SchemaTooNew));
static_assert(INSCRM_INTERNAL == static_cast<int>(Errc::Internal));
static_assert(enum_count<Errc>() == 11, "a new Errc needs its inscrm_status enumerator");

struct LastError {
  inscrm_status code = INSCRM_OK;
  std::string message;
  std::string field;
  // Storing the texts failed (out of memory): the getters return fixed texts instead.
  bool degraded = false;
};

// Per thread, as the header promises (libgit2's model): no locking, and one thread's failure
// never overwrites another's message.
thread_local LastError last;

}  // namespace

void clear_last_error() noexcept {
  last.code = INSCRM_OK;
  last.message.clear();  // keeps the capacity: no allocation on the success path
  last.field.clear();
  last.degraded = false;
}

inscrm_status set_last_error(inscrm_status code, std::string_view message, std::string_view field) noexcept {
  last.code = code;
  try {
    last.message.assign(message);
    last.field.assign(field);
    last.degraded = false;
  } catch (...) {
    last.degraded = true;
  }
  return code;
}

inscrm_status set_last_error(const Error& error) noexcept {
  return set_last_error(static_cast<inscrm_status>(error.code()), error.message(), error.field());
}

inscrm_status internal_error(std::string_view what) noexcept {
  try {
    return set_last_error(INSCRM_INTERNAL, fmt::format("internal error (please report it): {}", what), "");
  } catch (...) {
    return set_last_error(INSCRM_INTERNAL, what, "");
  }
}

Error null_argument(std::string_view parameter) {
  return Error::invalid_argument(std::string{parameter}, fmt::format("{} must not be NULL", parameter));
}

Error unknown_version(std::string_view type, unsigned version, unsigned current, std::string_view field) {
  return Error::invalid_argument(
      std::string{field}, fmt::format("{} version {} is unknown to inscrm {} (it knows 1 to {}); initialise the "
                                      "struct with its _INIT macro or _init() function",
                                      type, version, INSCRM_VERSION, current));
}

}  // namespace inscrm::capi

using namespace inscrm;

const char* inscrm_version(void) { return INSCRM_VERSION; }

int inscrm_version_number(void) { return INSCRM_VERSION_NUMBER; }

const char* inscrm_status_name(inscrm_status status) {
  const int i = capi::raw_enum(status);
  if (i < 0 || i >= static_cast<int>(enum_count<Errc>())) return "unknown";
  return capi::name_of(static_cast<Errc>(i));
}

const char* inscrm_last_error(void) {
  if (capi::last.degraded) return "out of memory while recording the error";
  return capi::last.message.c_str();
}

const char* inscrm_last_error_field(void) { return capi::last.degraded ? "" : capi::last.field.c_str(); }

inscrm_status inscrm_last_error_code(void) { return capi::last.code; }
