#include <inscrm/rules/selection.hpp>

#include <bit>
#include <stdexcept>

namespace inscrm::rules {

namespace {

void same_size(const Selection& a, const Selection& b) {
  if (a.size() != b.size()) throw std::invalid_argument("selections of different portfolios");
}

}  // namespace

std::size_t Selection::count() const noexcept {
  std::size_t n = 0;
  for (const std::uint64_t w : words_) n += static_cast<std::size_t>(std::popcount(w));
  return n;
}

std::vector<std::uint32_t> Selection::rows() const {
  std::vector<std::uint32_t> out;
  out.reserve(count());
  for (std::size_t w = 0; w < words_.size(); ++w) {
    std::uint64_t bits = words_[w];
    while (bits != 0) {
      out.push_back(static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(std::countr_zero(bits))));
      bits &= bits - 1;
    }
  }
  return out;
}

Selection& Selection::operator&=(const Selection& other) {
  same_size(*this, other);
  for (std::size_t w = 0; w < words_.size(); ++w) words_[w] &= other.words_[w];
  return *this;
}

Selection& Selection::operator|=(const Selection& other) {
  same_size(*this, other);
  for (std::size_t w = 0; w < words_.size(); ++w) words_[w] |= other.words_[w];
  return *this;
}

Selection& Selection::operator-=(const Selection& other) {
  same_size(*this, other);
  for (std::size_t w = 0; w < words_.size(); ++w) words_[w] &= ~other.words_[w];
  return *this;
}

}  // namespace inscrm::rules
