#include <inscrm/domain/loyalty_rule.hpp>

#include <fmt/format.h>

namespace inscrm {

Result<void> validate_earning_rule(const EarningRule& r) {
  if (r.name.empty()) return Error::invalid_argument("name", "must not be empty");
  if (r.name.size() > 100) return Error::invalid_argument("name", "at most 100 characters");
  if (r.fixed_points < 0) return Error::invalid_argument("fixed_points", "must not be negative");
  if (r.points_per_unit < 0) return Error::invalid_argument("points_per_unit", "must not be negative");
  if (r.points_per_unit > 0 && r.unit_minor <= 0)
    return Error::invalid_argument("unit_minor", "points per unit need a unit of at least one minor unit");
  if (r.points_per_unit == 0 && r.unit_minor != 0)
    return Error::invalid_argument("points_per_unit", "a unit without points per unit");
  if (r.fixed_points == 0 && r.points_per_unit == 0)
    return Error::invalid_argument("fixed_points", "the rule earns no points (no fixed points, no points per unit)");
  if (!r.valid_from.ok()) return Error::invalid_argument("valid_from", "not a calendar date");
  if (r.valid_to && (!r.valid_to->ok() || *r.valid_to <= r.valid_from))
    return Error::invalid_argument("valid_to", "the validity ends before it starts");
  if (r.expiry_months < 1 || r.expiry_months > 120)
    return Error::invalid_argument("expiry_months", fmt::format("{} is not within 1..120", r.expiry_months));
  return ok();
}

bool in_force(const EarningRule& r, Date day) noexcept {
  return r.active && day >= r.valid_from && (!r.valid_to || day < *r.valid_to);
}

std::int64_t points_for(const EarningRule& r, std::optional<Money> amount) noexcept {
  std::int64_t points = r.fixed_points;
  if (r.points_per_unit > 0 && r.unit_minor > 0 && amount && amount->minor > 0)
    points += amount->minor / r.unit_minor * r.points_per_unit;
  return points;
}

}  // namespace inscrm
