// The exception guard: no exception crosses the C boundary, each becomes INSCRM_INTERNAL with
// its message, and Errors become their status with message and field. The public API cannot
// provoke a C++ exception on purpose (that would be a bug), so this test drives the guard
// directly, linked against the C ABI's objects rather than the .so that hides them.

#include "guard.hpp"

#include <cstdio>
#include <cstring>
#include <new>
#include <stdexcept>

using namespace inscrm;

namespace {

int passed = 0;
int failed = 0;

void check(bool ok, const char* what) {
  if (ok) {
    ++passed;
  } else {
    ++failed;
    std::fprintf(stderr, "FAILED: %s (last error: %s [%s])\n", what, inscrm_last_error(), inscrm_last_error_field());
  }
}

bool message_has(const char* text) { return std::strstr(inscrm_last_error(), text) != nullptr; }

}  // namespace

int main() {
  inscrm_status st = capi::guard([]() -> Result<void> { throw std::runtime_error("boom"); });
  check(st == INSCRM_INTERNAL && inscrm_last_error_code() == INSCRM_INTERNAL && message_has("boom"),
        "std::exception becomes INSCRM_INTERNAL with its message");

  st = capi::guard([]() -> Result<void> { throw std::bad_alloc(); });
  check(st == INSCRM_INTERNAL && message_has("bad_alloc"), "bad_alloc becomes INSCRM_INTERNAL");

  st = capi::guard([]() -> Result<void> { throw 42; });
  check(st == INSCRM_INTERNAL && message_has("unknown exception"), "a non-std exception becomes INSCRM_INTERNAL");

  st = capi::guard([]() -> Result<void> {
    Result<int> missing = Error::not_found("id", "customer 7 does not exist");
    return missing.value() > 0 ? ok() : ok();  // .value() on an error: a bug that throws
  });
  check(st == INSCRM_INTERNAL && message_has("customer 7 does not exist") &&
            std::strcmp(inscrm_last_error_field(), "id") == 0,
        "BadResultAccess keeps the Error's message and field");

  st = capi::guard([]() -> Result<void> { return Error::conflict("changed by someone else"); });
  check(st == INSCRM_CONFLICT && inscrm_last_error_code() == INSCRM_CONFLICT &&
            std::strcmp(inscrm_last_error_field(), "version") == 0 && message_has("someone else"),
        "an Error becomes its status, message and field");

  st = capi::guard([]() -> Result<void> { return ok(); });
  check(st == INSCRM_OK && inscrm_last_error_code() == INSCRM_OK && inscrm_last_error()[0] == '\0' &&
            inscrm_last_error_field()[0] == '\0',
        "success clears the last error");

  bool reached = false;
  capi::guard_void([&] {
    reached = true;
    throw std::logic_error("swallowed");
  });
  check(reached, "guard_void runs its body and swallows what it throws");

  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
