#pragma once
// Result<T>: a value or an inscrm::Error (Boost.Outcome). Calling .value() on an error is a bug
// and throws BadResultAccess; check with `if (!r)` and read r.error() instead.

#include <inscrm/core/error.hpp>

#include <boost/outcome/basic_result.hpp>
#include <boost/outcome/policy/throw_bad_result_access.hpp>
#include <boost/outcome/success_failure.hpp>
#include <boost/outcome/try.hpp>

namespace inscrm {

namespace outcome = BOOST_OUTCOME_V2_NAMESPACE;

template <class T>
using Result = outcome::basic_result<T, Error, outcome::policy::throw_bad_result_access<Error, void>>;

// The exception .value() throws on an error result; .error() on it gives the Error.
using BadResultAccess = outcome::bad_result_access_with<Error>;

// `return ok();` from a Result<void> function.
inline auto ok() noexcept { return outcome::success(); }

}  // namespace inscrm

// INSCRM_TRY(auto x, expr) binds the value of expr or returns its error from the enclosing function;
// INSCRM_TRYV(expr) does the same for Result<void>.
// Written over Outcome's try_operation_* customisation points because BOOST_OUTCOME_TRY's first
// argument changed meaning in Boost 1.76 (Outcome v2.2): Boost 1.74 wants a bare name and adds its
// own `auto&&`. This form takes a declaration on every Boost version.
#define INSCRM_TRY_GLUE2(a, b) a##b
#define INSCRM_TRY_GLUE(a, b) INSCRM_TRY_GLUE2(a, b)
#define INSCRM_TRY_IMPL(unique, decl, ...)                                                     \
  auto&& unique = (__VA_ARGS__);                                                                \
  if (!BOOST_OUTCOME_V2_NAMESPACE::try_operation_has_value(unique))                             \
    return BOOST_OUTCOME_V2_NAMESPACE::try_operation_return_as(static_cast<decltype(unique)&&>(unique)); \
  decl = BOOST_OUTCOME_V2_NAMESPACE::try_operation_extract_value(static_cast<decltype(unique)&&>(unique))
#define INSCRM_TRY(decl, ...) INSCRM_TRY_IMPL(INSCRM_TRY_GLUE(inscrm_try_, __COUNTER__), decl, __VA_ARGS__)
// A statement of its own (do/while), so it is safe as the body of an unbraced if or for.
#define INSCRM_TRYV(...)                                                                        \
  do {                                                                                          \
    auto&& inscrm_tryv_ = (__VA_ARGS__);                                                        \
    if (!BOOST_OUTCOME_V2_NAMESPACE::try_operation_has_value(inscrm_tryv_))                     \
      return BOOST_OUTCOME_V2_NAMESPACE::try_operation_return_as(static_cast<decltype(inscrm_tryv_)&&>(inscrm_tryv_)); \
  } while (false)
