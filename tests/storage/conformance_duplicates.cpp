// Conformance: duplicate candidates (crm/duplicates.hpp) on every adapter — pairs found by identity
// number, phone, e-mail and similar name with the same birth date, each with every reason it
// matched, and only among the customers in the actor's scope.
#include "conformance.hpp"
#include "harness.hpp"

#include <inscrm/crm.hpp>

#include <string>
#include <vector>

namespace inscrm {
inline doctest::String toString(MatchReason r) { return std::string{to_string(r)}.c_str(); }
}  // namespace inscrm

namespace inscrm::conformance {
namespace {

const Actor kClerk{.user = "clerk-1", .roles = {Role::ServiceRep}};
const Actor kAnalyst{.user = "analyst-1", .roles = {Role::Analyst}};

TEST_CASE("duplicates: candidate pairs with every reason they matched") {
  TestDatabase db;
  auto crm = MUST(Crm::open(db.open(), {.clock = std::make_shared<ManualClock>(day(2026, 6, 1))}));
  constexpr std::string_view book =
      "name,birth_date,id_number,phone,email\n"
      "张伟,1985-03-14,110105198503142318,13812345678,zw@example.com\n"    // 0
      "张 伟,,110105198503142318,,\n"                                      // 1: same identity number (and so birth date)
      "张玮,1985-03-14,,13900000001,\n"                                    // 2: similar name, same birth date as 0
      "李娜,1990-01-01,,13812345678;13700000000,ZW@example.com\n"          // 3: phone and e-mail of 0
      "王芳,1990-01-01,,13700000000,\n"                                    // 4: phone of 3; name unlike 李娜
      "Chen Jie,1970-05-05,,,\n"                                           // 5
      "chen  jie,1970-05-05,,,\n"                                          // 6: same name, normalised
      "陈,1970-05-05,,,\n";                                                // 7: one character: no fuzzy match
  const auto report = MUST(crm.imports().import_customers_csv(kClerk, book));
  REQUIRE_EQ(report.imported, 8U);
  const auto& id = report.ids;

  const auto pairs = MUST(crm.duplicates().candidates(kClerk));
  auto reasons_of = [&](std::size_t a, std::size_t b) -> std::vector<MatchReason> {
    for (const auto& p : pairs)
      if (p.first == id[a] && p.second == id[b]) return p.reasons;
    return {};
  };
  CHECK_EQ(pairs.size(), 6U);
  CHECK(reasons_of(0, 1) == std::vector{MatchReason::IdentityNumber, MatchReason::NameAndBirthDate});
  CHECK(reasons_of(1, 2) == std::vector{MatchReason::NameAndBirthDate});
  CHECK(reasons_of(0, 2) == std::vector{MatchReason::NameAndBirthDate});
  CHECK(reasons_of(0, 3) == std::vector{MatchReason::Phone, MatchReason::Email});
  CHECK(reasons_of(3, 4) == std::vector{MatchReason::Phone});
  CHECK(reasons_of(5, 6) == std::vector{MatchReason::NameAndBirthDate});
  for (std::size_t i = 1; i < pairs.size(); ++i)
    CHECK(std::pair{pairs[i - 1].first.value, pairs[i - 1].second.value} <
          std::pair{pairs[i].first.value, pairs[i].second.value});

  // A role without personal-data rights gets the same pairs (ids and reasons only).
  CHECK_EQ(MUST(crm.duplicates().candidates(kAnalyst)).size(), pairs.size());
  // A shared number held by more customers than max_group pairs nobody.
  CHECK_EQ(MUST(crm.duplicates().candidates(kClerk, {.max_group = 1})).size(), 0U);
}

TEST_CASE("duplicates: similar names") {
  CHECK(similar_names("张伟", "张 伟"));
  CHECK(similar_names("张伟", "张玮"));
  CHECK(similar_names("欧阳娜娜", "欧阳娜"));
  CHECK(similar_names("Zhang Wei", "ＺＨＡＮＧ　ＷＥＩ"));
  CHECK(similar_names("Chen Jie", "Chen Jia"));
  CHECK_FALSE(similar_names("张伟", "李娜"));
  CHECK_FALSE(similar_names("陈", "林"));
  CHECK_FALSE(similar_names("", ""));
  CHECK_FALSE(similar_names("Chen Jie", "Chen Jianguo"));
}

}  // namespace
}  // namespace inscrm::conformance
