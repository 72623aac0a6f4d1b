#include "arguments.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace inscrm::cli {

namespace {
// Options that take no value.
constexpr std::string_view kFlags[] = {"help", "json", "quiet", "all-or-nothing"};
}  // namespace

Result<Arguments> Arguments::parse(int argc, const char* const* argv) {
  Arguments a;
  for (int i = 1; i < argc; ++i) {
    std::string_view word = argv[i];
    if (word == "-h") word = "--help";
    if (!word.starts_with("--") || word.size() == 2) {
      a.words_.emplace_back(word);
      continue;
    }
    word.remove_prefix(2);
    if (const auto eq = word.find('='); eq != std::string_view::npos) {
      a.options_.insert_or_assign(std::string(word.substr(0, eq)), std::string(word.substr(eq + 1)));
    } else if (std::find(std::begin(kFlags), std::end(kFlags), word) != std::end(kFlags)) {
      a.options_.insert_or_assign(std::string(word), "");
    } else if (i + 1 < argc) {
      a.options_.insert_or_assign(std::string(word), argv[++i]);
    } else {
      return Error::invalid_argument(std::string(word), fmt::format("--{} needs a value", word));
    }
  }
  return a;
}

std::optional<std::string> Arguments::option(std::string_view name) const {
  const auto it = options_.find(name);
  if (it == options_.end()) return std::nullopt;
  return it->second;
}

bool Arguments::flag(std::string_view name) const { return options_.contains(name); }

Result<void> Arguments::expect_only(std::initializer_list<std::string_view> known) const {
  for (const auto& [name, value] : options_)
    if (std::find(known.begin(), known.end(), name) == known.end())
      return Error::invalid_argument(name, fmt::format("unknown option --{}", name));
  return ok();
}

}  // namespace inscrm::cli
