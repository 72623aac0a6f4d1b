#include <inscrm/domain/segment.hpp>

#include <fmt/format.h>

namespace inscrm {

Result<void> validate_segment(const Segment& s) {
  if (s.name.empty()) return Error::invalid_argument("name", "a segment needs a name");
  if (s.name.size() > 100) return Error::invalid_argument("name", "a segment name is at most 100 bytes");
  if (s.name.front() == ' ' || s.name.back() == ' ')
    return Error::invalid_argument("name", fmt::format("segment name '{}' has leading or trailing spaces", s.name));
  if (s.rule.find_first_not_of(" \t\r\n") == std::string::npos)
    return Error::invalid_argument("rule", "a segment needs a rule");
  return ok();
}

SegmentMovement movement(const SegmentSnapshot& from, const SegmentSnapshot& to) {
  SegmentMovement m{from.id, to.id, from.as_of, to.as_of, {}, {}, {}};
  auto a = from.members.begin();
  auto b = to.members.begin();
  while (a != from.members.end() || b != to.members.end()) {
    if (b == to.members.end() || (a != from.members.end() && *a < *b)) {
      m.left.push_back(*a++);
    } else if (a == from.members.end() || *b < *a) {
      m.entered.push_back(*b++);
    } else {
      m.stayed.push_back(*a);
      ++a, ++b;
    }
  }
  return m;
}

}  // namespace inscrm
