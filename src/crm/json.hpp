#pragma once
// Event payloads are small JSON objects; this is just enough to write them correctly.

#include <string>
#include <string_view>

namespace inscrm::detail {

// The text as a JSON string literal, quotes included.
std::string json_string(std::string_view text);

}  // namespace inscrm::detail
