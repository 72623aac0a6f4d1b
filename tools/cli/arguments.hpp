#pragma once
// The command line of `inscrm`: positional words (the command and its operands) and --options,
// which may stand anywhere (`inscrm --uri sqlite:crm.db kpi --period 2026Q3`). An option takes
// the next word as its value unless it is a known flag; `--name=value` works too.

#include <inscrm/core/result.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inscrm::cli {

class Arguments {
 public:
  // InvalidArgument naming the option when a value is missing.
  static Result<Arguments> parse(int argc, const char* const* argv);

  const std::vector<std::string>& words() const noexcept { return words_; }
  std::optional<std::string> option(std::string_view name) const;
  bool flag(std::string_view name) const;
  // Options not in `known`: a typo should be an error, not silently ignored.
  Result<void> expect_only(std::initializer_list<std::string_view> known) const;

 private:
  std::vector<std::string> words_;
  std::map<std::string, std::string, std::less<>> options_;
};

}  // namespace inscrm::cli
