#include <inscrm/domain/customer_merge.hpp>

#include <algorithm>
#include <functional>

namespace inscrm {
namespace {

// One field survivorship decides: whether a record leaves it empty, and how to copy and compare it.
struct FieldRule {
  std::string name;
  std::function<bool(const Customer&)> empty;
  std::function<void(Customer& to, const Customer& from)> copy;
  std::function<bool(const Customer&, const Customer&)> same;
};

template <class Member>
FieldRule field(std::string name, Member member, std::function<bool(const Customer&)> empty) {
  return FieldRule{std::move(name), std::move(empty),
                   [member](Customer& to, const Customer& from) { to.*member = from.*member; },
                   [member](const Customer& a, const Customer& b) { return a.*member == b.*member; }};
}

const std::vector<FieldRule>& rules() {
  static const std::vector<FieldRule> table = {
      field("name", &Customer::name, [](const Customer& c) { return c.name.empty(); }),
      field("gender", &Customer::gender, [](const Customer& c) { return c.gender == Gender::Unknown; }),
      field("birth_date", &Customer::birth_date, [](const Customer& c) { return !c.birth_date; }),
      field("identity", &Customer::identity,
            [](const Customer& c) { return !c.identity || c.identity->number.empty(); }),
      field("marital_status", &Customer::marital_status,
            [](const Customer& c) { return c.marital_status == MaritalStatus::Unknown; }),
      field("occupation", &Customer::occupation, [](const Customer& c) { return c.occupation.empty(); }),
      field("industry", &Customer::industry, [](const Customer& c) { return c.industry.empty(); }),
      field("annual_income", &Customer::annual_income, [](const Customer& c) { return !c.annual_income; }),
      field("region", &Customer::region, [](const Customer& c) { return c.region.empty(); }),
      field("phones", &Customer::phones, [](const Customer& c) { return c.phones.empty(); }),
      field("emails", &Customer::emails, [](const Customer& c) { return c.emails.empty(); }),
      field("addresses", &Customer::addresses, [](const Customer& c) { return c.addresses.empty(); }),
      field("needs", &Customer::needs, [](const Customer& c) { return c.needs.empty(); }),
  };
  return table;
}

}  // namespace

const std::vector<std::string>& survivor_fields() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& r : rules()) out.push_back(r.name);
    return out;
  }();
  return names;
}

Customer apply_survivorship(const Customer& survivor, const Customer& merged_away, Survivorship rule,
                            std::vector<std::string>& taken) {
  taken.clear();
  Customer out = survivor;
  const bool other_is_newer = merged_away.updated_at > survivor.updated_at;
  for (const auto& r : rules()) {
    if (r.empty(merged_away) || r.same(survivor, merged_away)) continue;
    const bool take = r.empty(survivor) || (rule == Survivorship::MostRecent && other_is_newer);
    if (!take) continue;
    r.copy(out, merged_away);
    taken.push_back(r.name);
  }
  return out;
}

Customer revert_survivorship(const Customer& current, const Customer& before, const Customer& merged_away,
                             const std::vector<std::string>& taken) {
  Customer out = current;
  for (const auto& r : rules()) {
    if (std::find(taken.begin(), taken.end(), r.name) == taken.end()) continue;
    if (r.same(current, merged_away)) r.copy(out, before);
  }
  return out;
}

}  // namespace inscrm
