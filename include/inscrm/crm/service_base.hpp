#pragma once
// The services are small handles onto the Crm's shared engine; copy them freely.

#include <memory>

namespace inscrm::detail {
struct Engine;

class ServiceBase {
 protected:
  explicit ServiceBase(std::shared_ptr<Engine> engine) noexcept : engine_(std::move(engine)) {}
  std::shared_ptr<Engine> engine_;
};
}  // namespace inscrm::detail
