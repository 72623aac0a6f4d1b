#pragma once
// A record a call refers to must exist: a store NotFound becomes a NotFound naming the caller's
// field ("customer", "payload.beneficiaries[0].customer"); other errors pass through untouched.

#include <inscrm/core/result.hpp>

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace inscrm::detail {

template <class T>
Result<T> referenced(Result<T> found, std::string field, std::string_view what, std::int64_t id) {
  if (found) return found;
  if (found.error().is_not_found()) return Error::not_found(std::move(field), fmt::format("{} {} does not exist", what, id));
  return std::move(found).error();
}

}  // namespace inscrm::detail
