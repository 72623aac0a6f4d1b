#pragma once
// The rows of a Portfolio a rule selected: one bit per row, 64 rows a word. Segments combine them
// (a movement report is yesterday's members minus today's).

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace inscrm::rules {

class Selection {
 public:
  Selection() = default;
  // Nothing selected among `rows` rows.
  explicit Selection(std::size_t rows) : rows_(rows), words_((rows + 63) / 64, 0) {}

  std::size_t size() const noexcept { return rows_; }  // rows of the portfolio
  std::size_t count() const noexcept;                  // rows selected
  bool empty() const noexcept { return count() == 0; }
  bool contains(std::size_t row) const noexcept {
    return row < rows_ && ((words_[row / 64] >> (row % 64)) & 1u) != 0;
  }
  void insert(std::size_t row) noexcept {
    if (row < rows_) words_[row / 64] |= std::uint64_t{1} << (row % 64);
  }

  // Selected row numbers, ascending.
  std::vector<std::uint32_t> rows() const;
  std::span<const std::uint64_t> words() const noexcept { return words_; }
  std::span<std::uint64_t> words() noexcept { return words_; }

  // Set algebra over selections of the same portfolio (sizes must match; a mismatch is a bug and
  // throws std::invalid_argument).
  Selection& operator&=(const Selection& other);
  Selection& operator|=(const Selection& other);
  Selection& operator-=(const Selection& other);
  friend Selection operator&(Selection a, const Selection& b) { return a &= b; }
  friend Selection operator|(Selection a, const Selection& b) { return a |= b; }
  friend Selection operator-(Selection a, const Selection& b) { return a -= b; }
  friend bool operator==(const Selection&, const Selection&) = default;

 private:
  std::size_t rows_ = 0;
  std::vector<std::uint64_t> words_;
};

}  // namespace inscrm::rules
