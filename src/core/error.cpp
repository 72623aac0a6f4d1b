#include <inscrm/core/error.hpp>

#include <fmt/format.h>

namespace inscrm {

std::string Error::to_string() const {
  // Qualified: the member to_string would otherwise hide the enum-text one.
  const std::string_view code = inscrm::to_string(code_);
  if (field_.empty()) return fmt::format("{}: {}", code, message_);
  return fmt::format("{}: {}: {}", code, field_, message_);
}

Error& Error::within(std::string_view parent) {
  if (parent.empty()) return *this;
  if (field_.empty()) {
    field_ = std::string{parent};
  } else if (field_.front() == '[') {
    // An index belongs to the parent collection: "beneficiaries" + "[1].share".
    field_ = fmt::format("{}{}", parent, field_);
  } else {
    field_ = fmt::format("{}.{}", parent, field_);
  }
  return *this;
}

}  // namespace inscrm
