#include <inscrm/domain/customer.hpp>

#include <algorithm>
#include <vector>

namespace inscrm {

namespace {

// The contact point marked primary; when none is, the first one recorded is the best guess.
template <class T>
const T* primary_of(const std::vector<T>& items) noexcept {
  if (items.empty()) return nullptr;
  const auto it = std::find_if(items.begin(), items.end(), [](const T& x) { return x.primary; });
  return it != items.end() ? &*it : &items.front();
}

}  // namespace

const Phone* Customer::primary_phone() const noexcept { return primary_of(phones); }
const Email* Customer::primary_email() const noexcept { return primary_of(emails); }

std::optional<int> age_on(const Customer& c, Date on) noexcept {
  // Before birth there is no age to report (an unborn insured is a data error, not age 0).
  if (!c.birth_date || on < *c.birth_date) return std::nullopt;
  return years_between(*c.birth_date, on);
}

}  // namespace inscrm
