#pragma once

#include <inscrm/core/enum_text.hpp>

namespace inscrm {

enum class Gender { Unknown, Male, Female };
INSCRM_ENUM_TEXT(Gender, "unknown", "male", "female")

}  // namespace inscrm
