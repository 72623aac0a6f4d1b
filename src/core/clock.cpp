#include <inscrm/core/clock.hpp>

namespace inscrm {

Instant SystemClock::now() const {
  return std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now());
}

std::shared_ptr<Clock> system_clock() {
  // SystemClock has no state, so every caller can share one instance.
  static const std::shared_ptr<Clock> clock = std::make_shared<SystemClock>();
  return clock;
}

}  // namespace inscrm
