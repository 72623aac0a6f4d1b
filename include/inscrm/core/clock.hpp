#pragma once
// Every time-dependent rule takes time from an injected Clock: the system clock by default, a
// manual clock in tests and simulations. The library never reads the time any other way.

#include <inscrm/core/date.hpp>

#include <atomic>
#include <memory>

namespace inscrm {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
  Date today() const { return date_of(now()); }
};

class SystemClock final : public Clock {
 public:
  Instant now() const override;
};

// Thread-safe: tests may advance it while services read it.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start) noexcept : now_(start.time_since_epoch().count()) {}
  explicit ManualClock(Date start) noexcept : ManualClock(start_of(start)) {}
  Instant now() const override { return Instant{std::chrono::microseconds{now_.load()}}; }
  void set(Instant t) noexcept { now_.store(t.time_since_epoch().count()); }
  void set(Date d) noexcept { set(start_of(d)); }
  void advance(std::chrono::microseconds by) noexcept { now_.fetch_add(by.count()); }

 private:
  std::atomic<std::int64_t> now_;
};

std::shared_ptr<Clock> system_clock();

}  // namespace inscrm
