// Merge of duplicate customers through the facade (crm/duplicates.hpp, domain/customer_merge.hpp):
// survivorship as a pure rule, then a merge and its undo on a book with a policy, contacts, a
// survey, consents and points — the undo gives back what the services show, exactly — and the
// permission a merge needs. The same on every adapter: tests/storage/conformance_merge.cpp.

#include <doctest/doctest.h>

#include "test_service_fixture.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace inscrm;
using namespace inscrm::test;

namespace {

// What the services show of the book, one line per record; versions and the survivor's updated_at
// left out (versions only move forward).
std::vector<std::string> shown(const ServiceFixture& f, const std::vector<CustomerId>& people) {
  std::vector<std::string> out;
  for (CustomerId id : people) {
    const Customer c = take(f.crm.customers().get(admin, id));
    std::string phones, emails;
    for (const auto& p : c.phones) phones += p.number + ",";
    for (const auto& e : c.emails) emails += e.address + ",";
    out.push_back(fmt::format("customer {} {} phones={} emails={} occupation={} stage={} merged_into={}", id.value,
                              c.name, phones, emails, c.occupation, to_string(c.stage),
                              c.merged_into ? c.merged_into->value : 0));
    out.push_back(fmt::format("balance {} = {}", id.value, take(f.crm.loyalty().balance(admin, id)).balance));
    for (const auto& r : take(f.crm.consents().list(admin, id)))
      out.push_back(fmt::format("consent {} customer={} granted={}", r.id.value, r.customer.value, r.granted));
  }
  for (const auto& p : take(f.crm.policies().list(admin)))
    out.push_back(fmt::format("policy {} holder={}", p.id.value, p.holder.value));
  for (const auto& i : take(f.crm.interactions().list(admin)))
    out.push_back(fmt::format("interaction {} customer={}", i.id.value, i.customer.value));
  for (const auto& s : take(f.crm.surveys().list(admin)))
    out.push_back(fmt::format("survey {} customer={}", s.id.value, s.customer.value));
  return out;
}

}  // namespace

TEST_CASE("survivorship: the survivor's filled fields win, or the most recent record's; empty fields are filled") {
  Customer survivor{.name = "张伟", .occupation = "", .phones = {{.number = "13812345678"}}};
  survivor.updated_at = from_epoch_micros(1'000);
  Customer other{.name = "张玮", .occupation = "engineer", .phones = {{.number = "13900000001"}}};
  other.updated_at = from_epoch_micros(2'000);
  std::vector<std::string> taken;

  const Customer first = apply_survivorship(survivor, other, Survivorship::SurvivorFirst, taken);
  CHECK(taken == std::vector<std::string>{"occupation"});
  CHECK(first.name == "张伟");
  CHECK(first.occupation == "engineer");
  CHECK(first.phones.front().number == "13812345678");

  const Customer recent = apply_survivorship(survivor, other, Survivorship::MostRecent, taken);
  CHECK(taken == std::vector<std::string>{"name", "occupation", "phones"});
  CHECK(recent.name == "张玮");
  CHECK(recent.phones.front().number == "13900000001");

  // The undo reverts what the merge set, but not a field changed since.
  Customer later = recent;
  later.occupation = "pilot";
  const Customer back = revert_survivorship(later, survivor, other, taken);
  CHECK(back.name == "张伟");
  CHECK(back.phones.front().number == "13812345678");
  CHECK(back.occupation == "pilot");
}

TEST_CASE("merge then undo through the services restores what they show, exactly") {
  ServiceFixture f;
  const Customer dup = take(f.crm.customers().create(
      clerk, {.name = "张伟", .occupation = "engineer", .emails = {{.address = "zw@example.com"}}, .org_unit = f.branch.id}));
  take(f.crm.interactions().log(clerk, {.customer = dup.id, .purpose = InteractionPurpose::Service}));
  take(f.crm.surveys().record(clerk, {.customer = dup.id, .kind = SurveyKind::Nps, .score = 9}));
  take(f.crm.consents().grant(clerk, dup.id, ConsentPurpose::Care, Channel::Sms, "form"));
  take(f.crm.loyalty().adjust(clerk, dup.id, 300, "welcome", "welcome bonus"));
  take(f.crm.loyalty().adjust(clerk, f.holder.id, 200, "loyal", "loyal customer"));
  const std::vector<CustomerId> people{f.holder.id, f.spouse.id, dup.id};
  const auto before = shown(f, people);

  // Merging needs the right to update customers: the analyst may not.
  CHECK(f.crm.duplicates().merge(analyst, f.holder.id, dup.id).error().code() == Errc::PermissionDenied);
  CHECK(shown(f, people) == before);

  const auto m = take(f.crm.duplicates().merge(clerk, f.holder.id, dup.id));
  CHECK(m.taken_fields == std::vector<std::string>{"occupation", "emails"});
  CHECK(take(f.crm.loyalty().balance(admin, f.holder.id)).balance == 500);
  CHECK(take(f.crm.interactions().list(admin, {.customer = f.holder.id})).size() == 1);
  CHECK(take(f.crm.customers().get(admin, dup.id)).merged_into == std::optional<CustomerId>{f.holder.id});
  CHECK(take(f.crm.customers().list(admin)).size() == 2);  // the merged-away record is out of the list
  // Nor is it a customer to a segment rule, and the survivor's points are the facts' points.
  const Date today = f.clock->today();
  CHECK(take(f.crm.segments().evaluate(analyst, "points >= 500", today)) == std::vector{f.holder.id});
  const auto everyone = take(f.crm.segments().evaluate(analyst, "true", today));
  CHECK(std::find(everyone.begin(), everyone.end(), dup.id) == everyone.end());
  const auto types = f.event_types();
  CHECK(std::find(types.begin(), types.end(), "customer.merged") != types.end());

  CHECK(f.crm.duplicates().undo(analyst, m.id).error().code() == Errc::PermissionDenied);
  const auto undone = take(f.crm.duplicates().undo(clerk, m.id));
  CHECK(undone.undone_at.has_value());
  CHECK(shown(f, people) == before);
  CHECK(take(f.crm.loyalty().check_balances(admin)).mismatches.empty());
  const auto after_types = f.event_types();
  CHECK(std::find(after_types.begin(), after_types.end(), "customer.merge_undone") != after_types.end());
  CHECK(f.crm.duplicates().undo(clerk, m.id).error().code() == Errc::IllegalTransition);
}
