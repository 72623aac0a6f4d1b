#include <inscrm/domain/payment.hpp>

#include <algorithm>

namespace inscrm {

namespace {

// The schedule as a function of the instalment's index, so that callers can stop early without
// building the whole list.
struct Schedule {
  Date first{};
  int step_months = 0;  // 0 for a single premium
  int count = 0;
  std::optional<Date> expiry;

  // Each due date counts from the effective date, not from the previous due date, so a month-end
  // start keeps falling on month ends (01-31, 02-29, 03-31) instead of drifting to the 29th.
  Date due(int k) const noexcept { return add_months(first, k * step_months); }
  // Cover has ended on the expiry date; nothing falls due from then on.
  bool covered(Date d) const noexcept { return !expiry || d < *expiry; }
};

std::optional<Schedule> schedule_of(const Policy& p) noexcept {
  if (!p.effective_date) return std::nullopt;
  Schedule s;
  s.first = *p.effective_date;
  s.step_months = months_between_instalments(p.frequency);
  s.count = s.step_months == 0 ? 1 : std::max(p.premium_years, 0) * 12 / s.step_months;
  s.expiry = p.expiry_date;
  return s;
}

// Calls f(due) for each scheduled due date up to and including `last`, in order, while f
// returns true.
template <class F>
void for_each_due(const Schedule& s, Date last, F&& f) {
  for (int k = 0; k < s.count; ++k) {
    const Date due = s.due(k);
    if (due > last || !s.covered(due)) return;
    if (!f(due)) return;
  }
}

}  // namespace

int policy_year_of(const Policy& p, Date d) noexcept {
  if (!p.effective_date || d <= *p.effective_date) return 1;
  const Date start = *p.effective_date;
  // Whole months elapsed, with the same month-end clamping as the schedule, so an annual
  // instalment's due date always falls in the year it pays for.
  int months = (static_cast<int>(d.year()) - static_cast<int>(start.year())) * 12 +
               (static_cast<int>(static_cast<unsigned>(d.month())) -
                static_cast<int>(static_cast<unsigned>(start.month())));
  if (add_months(start, months) > d) --months;
  return months / 12 + 1;
}

std::vector<Instalment> instalments_through(const Policy& p, Date through) {
  std::vector<Instalment> out;
  const auto s = schedule_of(p);
  if (!s) return out;
  for_each_due(*s, through, [&](Date due) {
    out.push_back(Instalment{due, policy_year_of(p, due), p.premium});
    return true;
  });
  return out;
}

std::optional<Date> oldest_unpaid_due(const Policy& p, std::span<const Payment> payments, Date on) {
  const auto s = schedule_of(p);
  if (!s) return std::nullopt;
  std::optional<Date> oldest;
  for_each_due(*s, add_days(on, -1), [&](Date due) {
    const bool paid =
        std::any_of(payments.begin(), payments.end(), [&](const Payment& pay) { return pay.due_date == due; });
    if (!paid) oldest = due;
    return paid;
  });
  return oldest;
}

bool is_scheduled_due(const Policy& p, Date due) {
  const auto s = schedule_of(p);
  if (!s) return false;
  bool found = false;
  for_each_due(*s, due, [&](Date d) {
    found = d == due;
    return !found;
  });
  return found;
}

}  // namespace inscrm
