#pragma once
// The boundary: every exported function body runs inside guard(), which records the outcome as
// the calling thread's last error and makes sure no exception reaches C code (style.md, C ABI:
// duckdb's one-guard pattern). Bodies are written as Result<void> lambdas so that they can use
// INSCRM_TRY like the rest of the library and return the facade's Error unchanged.

#include <inscrm.h>

#include <inscrm/core/result.hpp>

#include <string_view>

namespace inscrm::capi {

// Records an error as the calling thread's last error and returns its status. Never throws: if
// the message cannot be stored (out of memory), a fixed text stands in for it.
inscrm_status set_last_error(inscrm_status code, std::string_view message, std::string_view field) noexcept;
inscrm_status set_last_error(const Error& error) noexcept;
void clear_last_error() noexcept;

// INVALID_ARGUMENT naming the parameter, for NULL where a value is required.
Error null_argument(std::string_view parameter);

template <class T>
Result<void> require(const T* pointer, std::string_view parameter) {
  if (pointer == nullptr) return null_argument(parameter);
  return ok();
}

// Resets an optional or required out-pointer first, so that it is NULL after every failure.
template <class T>
void reset(T** out) noexcept {
  if (out != nullptr) *out = nullptr;
}

inscrm_status internal_error(std::string_view what) noexcept;

template <class Body>
inscrm_status guard(Body&& body) noexcept {
  clear_last_error();
  try {
    Result<void> result = body();
    return result ? INSCRM_OK : set_last_error(result.error());
  } catch (const BadResultAccess& e) {
    // .value() on an error Result inside the library: a bug, but the Error says what happened.
    return set_last_error(INSCRM_INTERNAL, e.error().to_string(), e.error().field());
  } catch (const std::exception& e) {
    return internal_error(e.what());
  } catch (...) {
    return internal_error("unknown exception");
  }
}

// For the functions that return no status (free functions, close): nothing to report, but an
// exception must still not escape. Destructors do not throw, so this is a second line only.
template <class Body>
void guard_void(Body&& body) noexcept {
  try {
    body();
  } catch (...) {
  }
}

}  // namespace inscrm::capi
