#pragma once
// domain.md: "every rule configurable as data". A rule is stored as its text with a name and a
// version; the typed form is rebuilt from the text whenever it is loaded, because the facts it was
// written against may have changed since (a host fact renamed or retyped).

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/core/date.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/rules/rule.hpp>

#include <string>

namespace inscrm::rules {

struct StoredRule {
  std::string name;  // e.g. the segment or earning rule it belongs to
  int version = 1;   // a changed text is a new version; old versions stay for history
  std::string text;
  Instant created_at{};
};

// Parses and checks the stored text against today's facts. Errors are those of compile() with
// the rule named in front: "rule 'golden' version 3: line 1, column 1: unknown fact 'agee' …"
// (rule_error_position still finds the position).
Result<Rule> recheck(const StoredRule& rule, const FactRegistry& registry);

}  // namespace inscrm::rules
