// domain.md C4: the interaction log entry and its checks.

#include <inscrm/domain/interaction.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <string>

using namespace inscrm;
using namespace std::chrono_literals;

namespace {

const Instant kNow = start_of(2024y / 9 / 23) + 6h;

// A referral visit by an agent at the customer's home.
Interaction visit() {
  Interaction in;
  in.customer = CustomerId{1};
  in.channel = Channel::AgentVisit;
  in.direction = Direction::Outbound;
  in.purpose = InteractionPurpose::SalesVisit;
  in.agent = AgentId{9};
  in.started_at = kNow - 2h;
  in.duration = 45min;
  in.outcome = InteractionOutcome::Sale;
  in.visit_kind = VisitKind::Referral;
  in.notes = "introduced by her sister; bought critical illness cover";
  return in;
}

std::string field_of(const Interaction& in) {
  const auto r = validate_interaction(in, kNow);
  REQUIRE_FALSE(r);
  CHECK(r.error().is_invalid_argument());
  return r.error().field();
}

}  // namespace

TEST_CASE("an interaction is checked as of now") {
  CHECK(validate_interaction(visit(), kNow));

  Interaction call = visit();
  call.channel = Channel::CallCentre;
  call.purpose = InteractionPurpose::Inquiry;
  call.visit_kind.reset();
  call.agent.reset();
  call.outcome = InteractionOutcome::NoAnswer;
  call.duration = 0s;
  CHECK(validate_interaction(call, kNow));

  Interaction in = visit();
  in.customer = CustomerId{};
  CHECK(field_of(in) == "customer");
  in = visit();
  in.started_at = kNow + 1s;
  CHECK(field_of(in) == "started_at");
  in = visit();
  in.duration = -1s;
  CHECK(field_of(in) == "duration");
  in = visit();
  in.agent.reset();
  CHECK(field_of(in) == "agent");
  // A visit kind on a phone inquiry would skew cold-visit vs referral conversion.
  call.visit_kind = VisitKind::Cold;
  CHECK(field_of(call) == "visit_kind");
}

TEST_CASE("every interaction enum has its stable text") {
  CHECK(to_string(Channel::WeChat) == "wechat");
  CHECK(to_string(Channel::CallCentre) == "call_centre");
  CHECK(enum_from_string<Channel>("agent_visit") == Channel::AgentVisit);
  CHECK(enum_count<Channel>() == 9);
  CHECK(to_string(InteractionPurpose::SalesVisit) == "sales_visit");
  CHECK(to_string(InteractionOutcome::CallbackRequested) == "callback_requested");
  CHECK(to_string(VisitKind::FollowUp) == "follow_up");
  CHECK(to_string(Direction::Outbound) == "outbound");
}
