#pragma once
// domain.md C1: every record belongs to an org unit (head office → branches → teams), so that
// branches see one unified customer and reports roll up the tree.

#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/id.hpp>

#include <optional>
#include <string>

namespace inscrm {

enum class OrgUnitKind { HeadOffice, Branch, SubBranch, Team };
INSCRM_ENUM_TEXT(OrgUnitKind, "head_office", "branch", "sub_branch", "team")

struct OrgUnit {
  OrgUnitId id;
  std::int64_t version = 0;
  std::string code;  // unique, e.g. "SH" or "SH-PD-01"
  std::string name;
  OrgUnitKind kind = OrgUnitKind::Branch;
  std::optional<OrgUnitId> parent;  // none only for the head office
  Instant created_at{};
};

}  // namespace inscrm
