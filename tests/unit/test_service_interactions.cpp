// The interaction log through the facade: one entry with its defaults, the checks, and the bulk
// import in both modes.

#include <doctest/doctest.h>

#include "test_service_fixture.hpp"

#include <algorithm>
#include <string>

using namespace std::chrono_literals;
using namespace inscrm;
using inscrm::test::admin;
using inscrm::test::clerk;
using inscrm::test::local;
using inscrm::test::ServiceFixture;

namespace {
long count_events(const ServiceFixture& f, std::string_view type) {
  const auto types = f.event_types();
  return std::count(types.begin(), types.end(), type);
}
}  // namespace

TEST_CASE("the interaction log: one entry, the checks, and a bulk import all or nothing") {
  ServiceFixture f;
  auto agent = f.crm.organisation()
                   .create_agent(admin, {.code = "A-1", .name = "王强", .org_unit = f.branch.id})
                   .value();
  const auto log = f.crm.interactions();
  auto call = log.log(clerk, {.customer = f.holder.id, .purpose = InteractionPurpose::Service,
                              .duration = std::chrono::seconds{240}, .notes = "asked about the bonus"});
  REQUIRE(call);
  CHECK(call.value().started_at == f.clock->now());
  CHECK(call.value().org_unit == f.branch.id);
  CHECK(count_events(f, "interaction.logged") == 1);

  const auto before = f.snapshot();
  auto no_agent = log.log(clerk, {.customer = f.holder.id, .channel = Channel::AgentVisit});
  REQUIRE_FALSE(no_agent);
  CHECK(no_agent.error().field() == "agent");
  auto unknown_agent = log.log(clerk, {.customer = f.holder.id, .channel = Channel::AgentVisit, .agent = AgentId{99}});
  REQUIRE_FALSE(unknown_agent);
  CHECK(unknown_agent.error().code() == Errc::NotFound);
  CHECK(unknown_agent.error().field() == "agent");
  auto future = log.log(clerk, {.customer = f.holder.id, .started_at = f.clock->now() + 1h});
  REQUIRE_FALSE(future);
  CHECK(future.error().field() == "started_at");
  CHECK(f.snapshot() == before);

  const auto t0 = local(Date{2024y / 9 / 12}, 10);
  std::vector<Interaction> rows{
      {.customer = f.holder.id, .channel = Channel::AgentVisit, .purpose = InteractionPurpose::SalesVisit,
       .agent = agent.id, .started_at = t0, .visit_kind = VisitKind::Referral},
      {.customer = CustomerId{999}, .started_at = t0},
      {.customer = f.spouse.id, .channel = Channel::Sms, .direction = Direction::Outbound,
       .purpose = InteractionPurpose::Care, .started_at = t0 + 1h},
      {.customer = f.spouse.id, .started_at = t0, .duration = std::chrono::seconds{-5}},
  };
  auto strict = log.import(clerk, rows, ImportMode::AllOrNothing);
  REQUIRE(strict);
  CHECK(strict.value().imported == 0);
  REQUIRE(strict.value().errors.size() == 2);
  CHECK(strict.value().errors[0].row == 1);
  CHECK(strict.value().errors[0].error.field() == "customer");
  CHECK(strict.value().errors[1].row == 3);
  CHECK(strict.value().errors[1].error.field() == "duration");
  CHECK(f.snapshot() == before);

  auto lenient = log.import(clerk, rows, ImportMode::SkipBadRows);
  REQUIRE(lenient);
  CHECK(lenient.value().imported == 2);
  CHECK(lenient.value().ids.size() == 2);
  CHECK(count_events(f, "interaction.imported") == 1);

  storage::InteractionQuery spouse_only;
  spouse_only.customer = f.spouse.id;
  auto theirs = log.list(clerk, spouse_only).value();
  REQUIRE(theirs.size() == 1);
  CHECK(theirs[0].channel == Channel::Sms);
  storage::InteractionQuery morning;
  morning.from = t0;
  morning.to = t0 + 30min;
  CHECK(log.list(clerk, morning).value().size() == 1);
  storage::InteractionQuery by_agent;
  by_agent.agent = agent.id;
  CHECK(log.list(clerk, by_agent).value().size() == 1);
}
