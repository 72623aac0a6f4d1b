#pragma once
// Every rule error reads "line L, column C: message", field "rule" (ast.hpp).

#include <inscrm/core/error.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace inscrm::rules {

Error rule_error(std::string_view text, std::uint32_t offset, std::string message);

}  // namespace inscrm::rules
