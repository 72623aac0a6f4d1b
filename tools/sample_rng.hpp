#pragma once
// The sample generators' random numbers: std::mt19937_64 with explicit arithmetic instead of
// <random> distributions, whose output differs between standard libraries — so the same seed gives
// the same sample on every machine.

#include <array>
#include <cstdint>
#include <random>

namespace inscrm::sample {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  std::uint64_t below(std::uint64_t n) { return engine_() % n; }
  bool chance(double p) { return static_cast<double>(engine_() >> 11) * 0x1.0p-53 < p; }
  template <class T, std::size_t N>
  const T& pick(const std::array<T, N>& items) { return items[below(N)]; }

 private:
  std::mt19937_64 engine_;
};

}  // namespace inscrm::sample
