#pragma once
// domain.md C1/C10: agents (代理人 / 营销员) own customer relationships and are measured on them.

#include <inscrm/core/date.hpp>
#include <inscrm/core/id.hpp>

#include <optional>
#include <string>

namespace inscrm {

struct Agent {
  AgentId id;
  std::int64_t version = 0;
  std::string code;  // unique licence or staff code
  std::string name;
  OrgUnitId org_unit;
  std::optional<Date> hired_on;
  bool active = true;
  Instant created_at{};
};

}  // namespace inscrm
