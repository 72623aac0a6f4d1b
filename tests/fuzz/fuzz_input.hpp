#pragma once
// Decodes a fuzzer's byte string into the values a harness needs: small integers and
// NUL-terminated strings, each taken from the front. Running out of bytes yields zeros and empty
// strings, so every input is a valid program and the fuzzer only has to explore meanings.

#include <cstddef>
#include <cstdint>
#include <string>

namespace inscrm::fuzz {

class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}

  bool empty() const noexcept { return p_ == end_; }
  std::uint8_t byte() noexcept { return p_ == end_ ? 0 : *p_++; }
  // A string up to the next 0xFF byte (or the end), at most `max` bytes; embedded NULs are kept
  // out so that the value can cross the C API as a C string.
  std::string text(std::size_t max = 64) {
    std::string out;
    while (p_ != end_ && *p_ != 0xFF && out.size() < max) {
      const auto c = static_cast<char>(*p_++);
      if (c != '\0') out.push_back(c);
    }
    if (p_ != end_ && *p_ == 0xFF) ++p_;
    return out;
  }
  // Either a fuzzed text or, when the selector byte says so, one of the known-good values: the
  // fuzzer then reaches the code behind validation instead of being stopped at the door.
  template <std::size_t N>
  std::string text_or(const char* const (&good)[N]) {
    const auto pick = byte();
    if (pick < 0x80) return good[pick % N];
    return text();
  }

 private:
  const std::uint8_t* p_;
  const std::uint8_t* end_;
};

}  // namespace inscrm::fuzz
