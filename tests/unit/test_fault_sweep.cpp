// Fault injection over the service calls (issue: reliability): for each call, the k-th write of its
// transaction fails, for k = 1, 2, … until the call goes through. Every failed attempt must
// return the injected StorageUnavailable and leave the whole observable state — every record's
// version, every history, the outbox (ServiceFixture::snapshot) — exactly as it found it. The
// calls cover a complaint from intake to reopening and escalation, a claim from report to payment,
// an interaction, a survey answer, a premium payment, a customer import, a merge of duplicate
// customers and its undo, and a daily run that escalates overdue complaints.

#include <doctest/doctest.h>

#include "test_service_fixture.hpp"

#include <fmt/format.h>

#include <string>
#include <utility>

using namespace inscrm;
using namespace inscrm::test;

namespace {

struct Sweep {
  ServiceFixture& f;
  testing::FaultPlan& plan;
  int calls = 0;
  int failures = 0;

  // Runs `call` failing each of its writes in turn, then for real; returns the call's result.
  template <class Call>
  auto run(const char* what, Call&& call) {
    for (int k = 1;; ++k) {
      plan.fail_at = 0;
      const auto before = f.snapshot();
      plan.fail_at = k;
      auto r = call();
      plan.fail_at = 0;
      if (r) {
        ++calls;
        INFO(what);
        CHECK_MESSAGE(k > 1, "a call that writes nothing cannot be swept");
        return r;
      }
      INFO(fmt::format("{}: write {} failed", what, k));
      CHECK(r.error().code() == Errc::StorageUnavailable);
      CHECK(f.snapshot() == before);
      ++failures;
      REQUIRE(k < 100);
    }
  }
  // The same, for a step whose result the test does not need.
  template <class Call>
  void operator()(const char* what, Call&& call) {
    [[maybe_unused]] const auto done = run(what, std::forward<Call>(call));
  }
};

}  // namespace

TEST_CASE("every service call that fails at any write leaves exactly what it found") {
  auto plan = std::make_shared<testing::FaultPlan>();
  ServiceFixture f(plan);
  Sweep sweep{f, *plan};
  const auto& complaints = f.crm.complaints();

  // A complaint through every step of its flow, then reopened and escalated.
  const auto id = sweep.run("receive", [&] { return complaints.receive(clerk, f.complaint_draft()); }).value().id;
  sweep("assign", [&] { return complaints.assign(handler, id, "customer service", "h-1"); });
  sweep("start_investigation", [&] { return complaints.start_investigation(handler, id, "called the agent"); });
  sweep("wait_on_customer", [&] { return complaints.wait_on_customer(handler, id, "bank statement asked for"); });
  sweep("customer_responded", [&] { return complaints.customer_responded(handler, id); });
  sweep("propose_solution", [&] { return complaints.propose_solution(handler, id, "goodwill payment"); });
  sweep("inform_customer", [&] { return complaints.inform_customer(handler, id); });
  sweep("close", [&] { return complaints.close(handler, id, RootCause::AgentConduct, 4); });
  sweep("reopen", [&] { return complaints.reopen(handler, id, "the payment never arrived"); });
  sweep("escalate", [&] { return complaints.escalate(handler, id, "second complaint on the same matter"); });

  // A claim from report to payment.
  f.clock->set(Date{2024y / 9 / 25});
  Claim draft;
  draft.policy = f.policy.id;
  draft.claimant = f.holder.id;
  draft.type = ClaimType::Medical;
  draft.incident_date = Date{2024y / 9 / 14};
  draft.claimed_amount = Money::cny(20'000'00);
  const auto claim = sweep.run("claim report", [&] { return f.crm.claims().report(clerk, draft); }).value();
  for (const auto& name : claim.required_documents)
    sweep("receive_document", [&] { return f.crm.claims().receive_document(clerk, claim.id, name); });
  sweep("start_assessment", [&] { return f.crm.claims().start_assessment(clerk, claim.id); });
  sweep("approve", [&] { return f.crm.claims().approve(clerk, claim.id, Money::cny(18'000'00)); });
  sweep("pay", [&] { return f.crm.claims().pay(clerk, claim.id); });

  // The contact log, a survey answer, a premium, an import.
  sweep("interaction", [&] {
    return f.crm.interactions().log(clerk, {.customer = f.holder.id, .purpose = InteractionPurpose::Service});
  });
  sweep("survey", [&] {
    return f.crm.surveys().record(clerk, {.customer = f.holder.id, .kind = SurveyKind::Nps, .score = 9});
  });
  sweep("import", [&] {
    return f.crm.customers().import(clerk, {Customer{.name = "王芳"}, Customer{.name = "赵磊"}});
  });

  // A duplicate record with a contact of its own merged into the holder, and the merge undone.
  const auto dup = f.crm.customers().create(clerk, {.name = "张伟", .org_unit = f.branch.id}).value();
  (void)f.crm.interactions().log(clerk, {.customer = dup.id, .purpose = InteractionPurpose::Service}).value();
  const auto merge = sweep.run("merge", [&] { return f.crm.duplicates().merge(clerk, f.holder.id, dup.id); }).value();
  sweep("undo merge", [&] { return f.crm.duplicates().undo(clerk, merge.id); });

  // A second complaint left to run over its deadlines: the daily run escalates it.
  sweep("receive (to breach)", [&] { return complaints.receive(clerk, f.complaint_draft(ComplaintSeverity::High)); });
  f.clock->set(Date{2024y / 11 / 1});
  const auto report = sweep.run("run_daily", [&] { return f.crm.run_daily(Actor::system()); }).value();
  CHECK(report.complaints_escalated >= 1);

  MESSAGE(fmt::format("{} calls swept, {} injected failures each left the state untouched", sweep.calls, sweep.failures));
  CHECK(sweep.calls >= 20);
}
