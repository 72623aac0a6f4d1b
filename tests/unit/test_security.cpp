// Access control, masking and the audit chain through the facade (domain.md C12): the role table,
// row-level scope (org unit subtree, assigned agent, self-service), masked values on every read
// path of customers for a role without the right to personal data, and denials in the audit chain.

#include <doctest/doctest.h>

#include <inscrm/crm.hpp>
#include <inscrm/security/masking.hpp>
#include <inscrm/security/permissions.hpp>

#include <memory>
#include <string>

using namespace std::chrono_literals;
using namespace inscrm;

namespace {

const Actor admin{.user = "admin-1", .roles = {Role::Administrator}};
const Actor analyst{.user = "analyst-1", .roles = {Role::Analyst}};
const Actor auditor{.user = "auditor-1", .roles = {Role::Auditor}};

constexpr const char* kIdentity = "110105198503142318";

struct Fixture {
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(Date{2024y / 1 / 10});
  storage::Store* store = nullptr;  // owned by crm; for reading the audit chain directly
  Crm crm = open();
  OrgUnit head = crm.organisation().create_unit(admin, {.code = "HQ", .name = "总部", .kind = OrgUnitKind::HeadOffice}).value();
  OrgUnit shanghai = crm.organisation().create_unit(admin, {.code = "SH", .name = "上海", .parent = head.id}).value();
  OrgUnit pudong = crm.organisation().create_unit(admin, {.code = "SH-PD", .name = "浦东", .parent = shanghai.id}).value();
  OrgUnit beijing = crm.organisation().create_unit(admin, {.code = "BJ", .name = "北京", .parent = head.id}).value();
  Agent wang = crm.organisation().create_agent(admin, {.code = "A-1", .name = "王", .org_unit = pudong.id}).value();
  Agent zhao = crm.organisation().create_agent(admin, {.code = "A-2", .name = "赵", .org_unit = pudong.id}).value();
  Product wl = crm.products().create(admin, {.code = "WL", .name = "Whole life", .term_years = 20}).value();
  Customer zhang = crm.customers().create(admin, person("张伟", pudong.id, wang.id, kIdentity)).value();
  Customer li = crm.customers().create(admin, person("李娜", beijing.id, zhao.id, std::nullopt)).value();

  Crm open() {
    auto s = storage::open_store("memory:").value();
    store = s.get();
    return Crm::open(std::move(s), {.clock = clock}).value();
  }

  static Customer person(std::string name, OrgUnitId unit, AgentId agent, std::optional<std::string> identity) {
    Customer c;
    c.name = std::move(name);
    if (identity) c.identity = IdentityDocument{IdType::ResidentId, *identity};
    c.phones = {{"13812345678", true, false}};
    c.emails = {{"zhang.wei@example.com", true, false}};
    c.addresses = {{"上海市浦东新区世纪大道100号", "310115", "200120", true, false}};
    c.annual_income = Money::cny(360'000'00);
    c.org_unit = unit;
    c.agent = agent;
    c.external_ref = "CORE-" + c.name;
    return c;
  }

  std::vector<storage::AuditRecord> audit_log() const {
    auto tx = store->begin(storage::TxMode::Read).value();
    return tx->audit().audit_records(0, 100000).value();
  }
};

void check_masked(const Customer& c) {
  REQUIRE(c.identity.has_value());
  CHECK(c.identity->number == "110***********2318");
  REQUIRE(c.phones.size() == 1);
  CHECK(c.phones[0].number == "138****5678");
  CHECK(c.emails[0].address == "z***@example.com");
  CHECK(c.addresses[0].line == "***");
  CHECK(c.addresses[0].region_code == "310115");  // statistics, not personal
  CHECK_FALSE(c.annual_income.has_value());
  CHECK(c.name == "张伟");
}

}  // namespace

TEST_CASE("masking: identity numbers, phones, e-mails and addresses keep only what is not personal") {
  CHECK(mask_identity_number("310101199001011234") == "310***********1234");
  CHECK(mask_identity_number("E1234") == "*****");  // too short to show any of it
  CHECK(mask_phone("13812345678") == "138****5678");
  CHECK(mask_phone("02112345678") == "021****5678");
  CHECK(mask_email("zhang.san@example.com") == "z***@example.com");
  CHECK(mask_email("no-at-sign") == "**********");
  CHECK(mask_address_line("上海市浦东新区") == "***");
  CHECK(mask_address_line("").empty());
}

TEST_CASE("permissions: the role table") {
  CHECK(role_allows(Role::Administrator, Entity::Audit, Action::Read));
  CHECK(role_allows(Role::Auditor, Entity::Audit, Action::Read));
  CHECK_FALSE(role_allows(Role::Auditor, Entity::Customer, Action::Update));
  CHECK_FALSE(role_allows(Role::Auditor, Entity::PersonalData, Action::Read));
  CHECK(role_allows(Role::Analyst, Entity::Customer, Action::Read));
  CHECK_FALSE(role_allows(Role::Analyst, Entity::PersonalData, Action::Read));
  CHECK(role_allows(Role::Analyst, Entity::Segment, Action::Create));
  CHECK_FALSE(role_allows(Role::Analyst, Entity::Audit, Action::Read));
  CHECK(role_allows(Role::Agent, Entity::Policy, Action::Create));
  CHECK_FALSE(role_allows(Role::Agent, Entity::Product, Action::Create));
  CHECK(role_allows(Role::ServiceRep, Entity::Claim, Action::Update));
  CHECK_FALSE(role_allows(Role::ServiceRep, Entity::Complaint, Action::Update));
  CHECK(role_allows(Role::ComplaintHandler, Entity::Complaint, Action::Update));
  CHECK_FALSE(role_allows(Role::ComplaintHandler, Entity::Claim, Action::Update));
  CHECK(role_allows(Role::Customer, Entity::Claim, Action::Read));
  CHECK_FALSE(role_allows(Role::Customer, Entity::Claim, Action::Create));
  CHECK_FALSE(role_allows(Role::Customer, Entity::Analytics, Action::Read));
  CHECK(role_allows(Role::System, Entity::DailyRun, Action::Update));
  CHECK_FALSE(allows(Actor{.user = "nobody"}, Entity::Customer, Action::Read));
}

TEST_CASE("a role without rights gets masked values everywhere customers are read") {
  Fixture f;
  check_masked(f.crm.customers().get(analyst, f.zhang.id).value());
  check_masked(f.crm.customers().find_by_external_ref(analyst, "CORE-张伟").value().value());
  const auto by_identity = f.crm.customers().find_by_identity(analyst, kIdentity).value();
  REQUIRE(by_identity.size() == 1);
  check_masked(by_identity[0]);
  const auto all = f.crm.customers().list(analyst).value();
  REQUIRE(all.size() == 2);
  check_masked(all[0]);
  CHECK(all[1].phones[0].number == "138****5678");
  CHECK(all[1].emails[0].address == "z***@example.com");
  CHECK_FALSE(all[1].annual_income.has_value());
  // The auditor reads everything, masked too.
  check_masked(f.crm.customers().get(auditor, f.zhang.id).value());

  // Analytics outputs that carry personal fields: the portfolio's income column is null for them.
  const auto masked = f.crm.portfolio(analyst, Date{2024y / 1 / 10}).value();
  const auto full = f.crm.portfolio(admin, Date{2024y / 1 / 10}).value();
  CHECK(masked.column(fact::annual_income).is_null(0));
  CHECK(masked.column(fact::annual_income).is_null(1));
  CHECK_FALSE(full.column(fact::annual_income).is_null(0));

  // The administrator sees the record as stored.
  const auto plain = f.crm.customers().get(admin, f.zhang.id).value();
  CHECK(plain.identity->number == kIdentity);
  CHECK(plain.phones[0].number == "13812345678");
  CHECK(plain.annual_income == Money::cny(360'000'00));
}

TEST_CASE("reads of personal data are recorded in the audit chain; masked reads are not") {
  Fixture f;
  const auto before = f.audit_log().size();
  (void)f.crm.customers().get(analyst, f.zhang.id).value();
  CHECK(f.audit_log().size() == before);
  (void)f.crm.customers().get(admin, f.zhang.id).value();
  auto log = f.audit_log();
  REQUIRE(log.size() == before + 1);
  CHECK(log.back().action == "customer.read");
  CHECK(log.back().actor == "admin-1");
  CHECK(log.back().entity == "customer");
  CHECK(log.back().entity_id == f.zhang.id.value);
  (void)f.crm.customers().list(admin).value();
  log = f.audit_log();
  REQUIRE(log.size() == before + 2);
  CHECK(log.back().entity_id == 0);  // a list: the ids read are in the digest
  CHECK(f.crm.verify_audit(auditor).value().ok());
}

TEST_CASE("every change is in the audit chain with a digest of before and after") {
  Fixture f;
  auto c = f.crm.customers().get(admin, f.zhang.id).value();
  c.occupation = "engineer";
  const auto before = f.audit_log();
  (void)f.crm.customers().update(admin, c).value();
  const auto after = f.audit_log();
  REQUIRE(after.size() == before.size() + 1);
  CHECK(after.back().action == "customer.updated");
  CHECK(after.back().entity_id == f.zhang.id.value);
  CHECK(after.back().prev_hash == before.back().hash);
  CHECK(after.back().digest.size() == 64);  // hex BLAKE2b-256
  const auto v = f.crm.verify_audit(auditor).value();
  CHECK(v.ok());
  CHECK(v.checked == static_cast<std::int64_t>(after.size()));
}

TEST_CASE("a denial is PermissionDenied naming what was denied, recorded in the audit chain") {
  Fixture f;
  const auto before = f.audit_log().size();
  auto denied = f.crm.customers().create(analyst, Fixture::person("新客户", f.pudong.id, f.wang.id, std::nullopt));
  REQUIRE_FALSE(denied);
  CHECK(denied.error().code() == Errc::PermissionDenied);
  CHECK(denied.error().field() == "customer.create");
  CHECK(f.crm.customers().list(admin).value().size() == 2);  // nothing written
  auto log = f.audit_log();
  REQUIRE(log.size() >= before + 1);
  CHECK(log[before].action == "permission.denied");
  CHECK(log[before].actor == "analyst-1");
  CHECK(log[before].entity == "customer.create");

  auto no_audit = f.crm.verify_audit(analyst);
  REQUIRE_FALSE(no_audit);
  CHECK(no_audit.error().code() == Errc::PermissionDenied);
  CHECK(no_audit.error().field() == "audit.read");
  CHECK(f.crm.run_daily(analyst).error().field() == "daily_run.update");
  CHECK(f.crm.products().create(Actor{.user = "a", .roles = {Role::Agent}}, {.code = "X", .name = "X"}).error().field() ==
        "product.create");
  CHECK(f.crm.verify_audit(auditor).value().ok());
}

TEST_CASE("scope: unit staff see their unit's subtree, agents their own book, customers themselves") {
  Fixture f;
  const Actor shanghai_rep{.user = "rep-sh", .roles = {Role::ServiceRep}, .org_unit = f.shanghai.id};
  const Actor beijing_rep{.user = "rep-bj", .roles = {Role::ServiceRep}, .org_unit = f.beijing.id};
  const Actor agent_wang{.user = "wang", .roles = {Role::Agent}, .org_unit = f.pudong.id, .agent = f.wang.id};
  const Actor agent_zhao{.user = "zhao", .roles = {Role::Agent}, .org_unit = f.pudong.id, .agent = f.zhao.id};
  const Actor self{.user = "zhang-app", .roles = {Role::Customer}, .customer = f.zhang.id};

  CHECK(f.crm.customers().get(shanghai_rep, f.zhang.id));  // Pudong is under Shanghai
  auto outside = f.crm.customers().get(beijing_rep, f.zhang.id);
  REQUIRE_FALSE(outside);
  CHECK(outside.error().code() == Errc::PermissionDenied);
  CHECK(outside.error().field() == "customer");
  CHECK(f.audit_log().back().action == "permission.denied");

  auto listed = f.crm.customers().list(shanghai_rep).value();
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].id == f.zhang.id);

  CHECK(f.crm.customers().get(agent_wang, f.zhang.id));
  CHECK(f.crm.customers().get(agent_zhao, f.zhang.id).error().code() == Errc::PermissionDenied);
  CHECK(f.crm.customers().list(agent_zhao).value().size() == 1);

  // Self-service: the customer's own record (unmasked: it is theirs) and own policies only.
  const auto own = f.crm.customers().get(self, f.zhang.id).value();
  CHECK(own.identity->number == kIdentity);
  CHECK(f.crm.customers().get(self, f.li.id).error().code() == Errc::PermissionDenied);
  auto zhang_policy = f.crm.policies()
                          .issue(admin, {.product = "WL", .holder = f.zhang.id, .sum_insured = Money::cny(100'000'00),
                                         .premium = Money::cny(1'000'00)})
                          .value();
  auto li_policy = f.crm.policies()
                       .issue(admin, {.product = "WL", .holder = f.li.id, .sum_insured = Money::cny(100'000'00),
                                      .premium = Money::cny(1'000'00)})
                       .value();
  CHECK(f.crm.policies().get(self, zhang_policy.id));
  CHECK(f.crm.policies().get(self, li_policy.id).error().code() == Errc::PermissionDenied);
  const auto mine = f.crm.policies().list(self).value();
  REQUIRE(mine.size() == 1);
  CHECK(mine[0].id == zhang_policy.id);
  CHECK(f.crm.policies().payments(self, zhang_policy.id));
  CHECK(f.crm.policies().issue(self, {.product = "WL", .holder = f.zhang.id, .sum_insured = Money::cny(1),
                                      .premium = Money::cny(1)})
            .error()
            .field() == "policy.create");
  CHECK(f.crm.verify_audit(auditor).value().ok());
}
