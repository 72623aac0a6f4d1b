// domain.md C3: the customer lifecycle stage, derived from facts; and the derived customer facts
// of C1 (primary contact points, age).

#include <inscrm/domain/customer.hpp>
#include <inscrm/domain/customer_stage.hpp>

#include <doctest/doctest.h>

#include <optional>
#include <string>

using namespace inscrm;
using namespace std::chrono_literals;

namespace {

using St = CustomerStage;

constexpr Date kToday = 2025y / 6 / 15;

// A settled customer: one policy in force for years, contacted recently, nothing wrong.
CustomerFacts settled() {
  CustomerFacts f;
  f.policies_ever = 1;
  f.policies_in_force = 1;
  f.first_policy_on = 2020y / 3 / 1;
  f.latest_in_force_start = 2020y / 3 / 1;
  f.last_contact_on = 2025y / 5 / 1;
  f.lapse_risk = 0.1;
  return f;
}

struct Outcome {
  CustomerStage stage;
  std::string reason;
};

Outcome derive(const CustomerFacts& f, std::optional<CustomerStage> previous = std::nullopt,
               std::optional<Date> previous_since = std::nullopt, const StageThresholds& t = {}) {
  const auto d = derive_stage(f, t, kToday, previous, previous_since);
  return {d.stage, d.reason};
}

}  // namespace

TEST_CASE("prospect: no policy was ever issued") {
  CustomerFacts f;
  auto o = derive(f);
  CHECK(o.stage == St::Prospect);
  CHECK(o.reason == "no policy yet");

  // A prospect with a complaint or a stale contact is still a prospect, not a customer at risk.
  f.open_complaints = 1;
  f.last_contact_on = 2020y / 1 / 1;
  CHECK(derive(f).stage == St::Prospect);
}

TEST_CASE("active: a policy in force and nothing else to say") {
  const auto o = derive(settled());
  CHECK(o.stage == St::Active);
  CHECK(o.reason == "policy in force");
}

TEST_CASE("lapsed: policies were issued but none is in force") {
  CustomerFacts f = settled();
  f.policies_ever = 2;
  f.policies_in_force = 0;
  f.open_complaints = 1;  // no cover left outranks any risk signal
  const auto o = derive(f, St::AtRisk, 2025y / 1 / 1);
  CHECK(o.stage == St::Lapsed);
  CHECK(o.reason == "no policy in force");
}

TEST_CASE("new: the first policy within new_months") {
  CustomerFacts f = settled();
  f.first_policy_on = 2025y / 1 / 1;
  auto o = derive(f);
  CHECK(o.stage == St::New);
  CHECK(o.reason == "first policy within N months");

  SUBCASE("new ends on the N-month anniversary") {
    f.first_policy_on = 2024y / 12 / 16;
    CHECK(derive(f).stage == St::New);
    f.first_policy_on = 2024y / 12 / 15;
    CHECK(derive(f).stage == St::Active);
  }
  SUBCASE("the threshold is configuration") {
    StageThresholds t;
    t.new_months = 3;
    f.first_policy_on = 2025y / 3 / 16;
    CHECK(derive(f, std::nullopt, std::nullopt, t).stage == St::New);
    f.first_policy_on = 2025y / 3 / 15;
    CHECK(derive(f, std::nullopt, std::nullopt, t).stage == St::Active);
  }
}

TEST_CASE("at risk: each signal on its own, with its reason") {
  SUBCASE("a premium in grace") {
    CustomerFacts f = settled();
    f.policies_in_grace = 1;
    const auto o = derive(f);
    CHECK(o.stage == St::AtRisk);
    CHECK(o.reason == "premium overdue");
  }
  SUBCASE("an open complaint") {
    CustomerFacts f = settled();
    f.open_complaints = 2;
    const auto o = derive(f);
    CHECK(o.stage == St::AtRisk);
    CHECK(o.reason == "open complaint");
  }
  SUBCASE("a lapse-risk score at or above the threshold") {
    CustomerFacts f = settled();
    f.lapse_risk = 0.7;
    auto o = derive(f);
    CHECK(o.stage == St::AtRisk);
    CHECK(o.reason == "high lapse risk");
    f.lapse_risk = 0.69;
    CHECK(derive(f).stage == St::Active);

    StageThresholds t;
    t.lapse_risk_at_risk = 0.9;
    f.lapse_risk = 0.85;
    CHECK(derive(f, std::nullopt, std::nullopt, t).stage == St::Active);
    f.lapse_risk = 0.9;
    CHECK(derive(f, std::nullopt, std::nullopt, t).stage == St::AtRisk);
  }
  SUBCASE("no score means no risk signal") {
    CustomerFacts f = settled();
    f.lapse_risk.reset();
    CHECK(derive(f).stage == St::Active);
  }
  SUBCASE("no contact for no_contact_months") {
    CustomerFacts f = settled();
    f.last_contact_on = 2024y / 6 / 15;  // exactly twelve months ago
    auto o = derive(f);
    CHECK(o.stage == St::AtRisk);
    CHECK(o.reason == "no contact for N months");
    f.last_contact_on = 2024y / 6 / 16;
    CHECK(derive(f).stage == St::Active);

    StageThresholds t;
    t.no_contact_months = 3;
    f.last_contact_on = 2025y / 3 / 15;
    CHECK(derive(f, std::nullopt, std::nullopt, t).stage == St::AtRisk);
    f.last_contact_on = 2025y / 3 / 16;
    CHECK(derive(f, std::nullopt, std::nullopt, t).stage == St::Active);
  }
  SUBCASE("an unknown last contact is not counted against the customer") {
    CustomerFacts f = settled();
    f.last_contact_on.reset();
    CHECK(derive(f).stage == St::Active);
  }
  SUBCASE("with several signals the first in priority order is the reason") {
    CustomerFacts f = settled();
    f.open_complaints = 1;
    f.lapse_risk = 0.95;
    f.policies_in_grace = 1;
    CHECK(derive(f).reason == "premium overdue");
    f.policies_in_grace = 0;
    CHECK(derive(f).reason == "open complaint");
  }
  SUBCASE("risk outranks new and won back") {
    CustomerFacts f = settled();
    f.first_policy_on = 2025y / 5 / 1;
    f.open_complaints = 1;
    CHECK(derive(f).stage == St::AtRisk);
    CHECK(derive(f, St::Lapsed, 2024y / 1 / 1).stage == St::AtRisk);
  }
}

TEST_CASE("won back: a lapsed customer with cover again") {
  CustomerFacts f = settled();

  SUBCASE("straight after the lapse") {
    const auto o = derive(f, St::Lapsed, 2024y / 1 / 1);
    CHECK(o.stage == St::WonBack);
    CHECK(o.reason == "returned after lapse");
  }
  SUBCASE("won back outranks new") {
    f.first_policy_on = 2025y / 5 / 1;
    CHECK(derive(f, St::Lapsed, 2025y / 5 / 20).stage == St::WonBack);
  }
  SUBCASE("stays won back for won_back_months, then becomes active") {
    auto o = derive(f, St::WonBack, 2024y / 6 / 16);
    CHECK(o.stage == St::WonBack);
    CHECK(o.reason == "returned after lapse");
    CHECK(derive(f, St::WonBack, 2024y / 6 / 15).stage == St::Active);

    StageThresholds t;
    t.won_back_months = 24;
    CHECK(derive(f, St::WonBack, 2023y / 6 / 16, t).stage == St::WonBack);
    CHECK(derive(f, St::WonBack, 2023y / 6 / 15, t).stage == St::Active);
  }
  SUBCASE("a won-back stage of unknown age is not kept forever") {
    CHECK(derive(f, St::WonBack, std::nullopt).stage == St::Active);
  }
  SUBCASE("only a lapse makes a return") {
    CHECK(derive(f, St::AtRisk, 2025y / 6 / 1).stage == St::Active);
    CHECK(derive(f, St::Active, 2025y / 6 / 1).stage == St::Active);
    CHECK(derive(f, St::Prospect, 2025y / 6 / 1).stage == St::Active);
  }
}

TEST_CASE("primary contact points") {
  Customer c;
  CHECK(c.primary_phone() == nullptr);
  CHECK(c.primary_email() == nullptr);

  c.phones = {{"13800000001", false, false}, {"13800000002", false, true}};
  c.emails = {{"a@example.cn", false, false}};
  REQUIRE(c.primary_phone() != nullptr);
  CHECK(c.primary_phone()->number == "13800000001");  // none marked: the first one
  CHECK(c.primary_email()->address == "a@example.cn");

  c.phones.push_back({"13800000003", true, false});
  c.emails.push_back({"b@example.cn", true, true});
  CHECK(c.primary_phone()->number == "13800000003");
  CHECK(c.primary_email()->address == "b@example.cn");
}

TEST_CASE("age is derived from the birth date") {
  Customer c;
  CHECK_FALSE(age_on(c, kToday));
  c.birth_date = 1985y / 3 / 14;
  CHECK(age_on(c, 2025y / 3 / 13) == 39);
  CHECK(age_on(c, 2025y / 3 / 14) == 40);
  CHECK(age_on(c, 1985y / 3 / 14) == 0);
  CHECK_FALSE(age_on(c, 1985y / 3 / 13));

  c.birth_date = 2000y / 2 / 29;
  CHECK(age_on(c, 2021y / 2 / 28) == 20);
  CHECK(age_on(c, 2021y / 3 / 1) == 21);
}
