#include <inscrm/rules/stored_rule.hpp>

#include <fmt/format.h>

namespace inscrm::rules {

Result<Rule> recheck(const StoredRule& rule, const FactRegistry& registry) {
  auto checked = compile(rule.text, registry);
  if (checked) return checked;
  const Error& e = checked.error();
  return Error{e.code(), fmt::format("rule '{}' version {}: {}", rule.name, rule.version, e.message()), e.field()};
}

}  // namespace inscrm::rules
