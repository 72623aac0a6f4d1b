// Surveys through the facade: NPS and mean satisfaction over a small set computed by hand,
// satisfaction with complaint handling from both sources, and the checks.

#include <doctest/doctest.h>

#include "test_service_fixture.hpp"

#include <algorithm>
#include <string>

using namespace std::chrono_literals;
using namespace inscrm;
using inscrm::test::clerk;
using inscrm::test::handler;
using inscrm::test::ServiceFixture;

namespace {
long count_events(const ServiceFixture& f, std::string_view type) {
  const auto types = f.event_types();
  return std::count(types.begin(), types.end(), type);
}
}  // namespace

TEST_CASE("NPS and mean satisfaction over a period, by hand") {
  ServiceFixture f;
  f.clock->set(Date{2024y / 9 / 30});
  const auto surveys = f.crm.surveys();
  auto answer = [&](SurveyKind kind, int score, Date on, std::string dimension = {}) {
    auto r = surveys.record(clerk, {.customer = f.holder.id, .kind = kind, .dimension = std::move(dimension),
                                    .score = score, .answered_on = on});
    REQUIRE(r);
    return r.value();
  };
  // NPS in September: promoters 10, 10, 9; passive 8; detractors 6, 3 → (3 − 2) / 6 = 16.7.
  for (int score : {10, 10, 9, 8, 6, 3}) answer(SurveyKind::Nps, score, Date{2024y / 9 / 20});
  answer(SurveyKind::Nps, 0, Date{2024y / 8 / 31});  // August: outside the period
  // Service: call centre 4 and 5, agent 2 → service 11/3; price 3.
  answer(SurveyKind::Service, 4, Date{2024y / 9 / 2}, "call_centre");
  answer(SurveyKind::Service, 5, Date{2024y / 9 / 3}, "call_centre");
  answer(SurveyKind::Service, 2, Date{2024y / 9 / 4}, "agent");
  answer(SurveyKind::Price, 3, Date{2024y / 9 / 5});

  auto n = surveys.nps(clerk, Date{2024y / 9 / 1}, Date{2024y / 10 / 1});
  REQUIRE(n);
  CHECK(n.value().responses == 6);
  CHECK(n.value().promoters == 3);
  CHECK(n.value().passives == 1);
  CHECK(n.value().detractors == 2);
  CHECK(n.value().score == doctest::Approx(100.0 / 6));
  CHECK(surveys.nps(clerk, Date{2024y / 8 / 1}, Date{2024y / 9 / 1}).value().score == doctest::Approx(-100.0));

  auto s = surveys.satisfaction(clerk, Date{2024y / 9 / 1}, Date{2024y / 10 / 1});
  REQUIRE(s);
  const auto& by_kind = s.value().by_kind;
  REQUIRE(by_kind.size() == 3);  // service, price, nps — in kind order
  CHECK(by_kind[0].kind == SurveyKind::Service);
  CHECK(by_kind[0].responses == 3);
  CHECK(by_kind[0].mean == doctest::Approx(11.0 / 3));
  CHECK(by_kind[1].kind == SurveyKind::Price);
  CHECK(by_kind[1].mean == doctest::Approx(3.0));
  CHECK(by_kind[2].kind == SurveyKind::Nps);
  CHECK(by_kind[2].mean == doctest::Approx(46.0 / 6));
  const auto& dims = s.value().by_dimension;
  const auto agent = std::find_if(dims.begin(), dims.end(), [](const SatisfactionMean& m) { return m.dimension == "agent"; });
  REQUIRE(agent != dims.end());
  CHECK(agent->mean == doctest::Approx(2.0));
  const auto call = std::find_if(dims.begin(), dims.end(), [](const SatisfactionMean& m) { return m.dimension == "call_centre"; });
  REQUIRE(call != dims.end());
  CHECK(call->responses == 2);
  CHECK(call->mean == doctest::Approx(4.5));
  CHECK(s.value().complaint_handling_responses == 0);
  CHECK_FALSE(s.value().complaint_close_mean);

  CHECK(count_events(f, "survey.answered") == 11);
}

TEST_CASE("satisfaction with complaint handling: survey answers and the scores given at close") {
  ServiceFixture f;
  const auto complaints = f.crm.complaints();
  std::vector<ComplaintId> ids;
  for (int score : {5, 2}) {
    auto id = complaints.receive(clerk, f.complaint_draft()).value().id;
    REQUIRE(complaints.assign(handler, id, "cs", "h-1"));
    REQUIRE(complaints.start_investigation(handler, id));
    REQUIRE(complaints.propose_solution(handler, id, "apologise"));
    REQUIRE(complaints.inform_customer(handler, id));
    REQUIRE(complaints.close(handler, id, RootCause::Communication, score));
    ids.push_back(id);
  }
  REQUIRE(f.crm.surveys().record(clerk, {.customer = f.holder.id, .kind = SurveyKind::ComplaintHandling, .score = 3,
                                         .complaint = ids[0]}));
  REQUIRE(f.crm.surveys().record(clerk, {.customer = f.holder.id, .kind = SurveyKind::ComplaintHandling, .score = 4,
                                         .complaint = ids[1]}));
  auto s = f.crm.surveys().satisfaction(clerk, Date{2024y / 9 / 1}, Date{2024y / 10 / 1}).value();
  CHECK(s.complaint_handling_responses == 2);
  CHECK(s.complaint_handling_mean == doctest::Approx(3.5));
  CHECK(s.complaint_close_scores == 2);
  CHECK(s.complaint_close_mean == doctest::Approx(3.5));
  // Outside the period nothing counts.
  auto october = f.crm.surveys().satisfaction(clerk, Date{2024y / 10 / 1}, Date{2024y / 11 / 1}).value();
  CHECK(october.complaint_close_scores == 0);
  CHECK(october.by_kind.empty());
}

TEST_CASE("survey checks name the field and write nothing") {
  ServiceFixture f;
  const auto mine = f.crm.complaints().receive(clerk, f.complaint_draft()).value().id;
  auto theirs_draft = f.complaint_draft();
  theirs_draft.customer = f.spouse.id;
  const auto theirs = f.crm.complaints().receive(clerk, theirs_draft).value().id;
  const auto before = f.snapshot();
  const auto surveys = f.crm.surveys();
  auto refused = [&](SurveyResponse r, Errc code, std::string field) {
    auto got = surveys.record(clerk, std::move(r));
    REQUIRE_FALSE(got);
    CHECK(got.error().code() == code);
    CHECK(got.error().field() == field);
  };
  refused({.customer = f.holder.id, .kind = SurveyKind::Nps, .score = 11}, Errc::InvalidArgument, "score");
  refused({.customer = f.holder.id, .kind = SurveyKind::Service, .score = 0}, Errc::InvalidArgument, "score");
  refused({.customer = CustomerId{999}, .kind = SurveyKind::Nps, .score = 9}, Errc::NotFound, "customer");
  refused({.customer = f.holder.id, .kind = SurveyKind::Service, .score = 4, .complaint = mine}, Errc::InvalidArgument,
          "complaint");
  refused({.customer = f.holder.id, .kind = SurveyKind::ComplaintHandling, .score = 4, .complaint = ComplaintId{999}},
          Errc::NotFound, "complaint");
  refused({.customer = f.holder.id, .kind = SurveyKind::ComplaintHandling, .score = 4, .complaint = theirs},
          Errc::InvalidArgument, "complaint");
  refused({.customer = f.holder.id, .kind = SurveyKind::Nps, .score = 9, .answered_on = Date{2024y / 9 / 13}},
          Errc::InvalidArgument, "answered_on");
  CHECK(f.snapshot() == before);
  auto period = surveys.nps(clerk, Date{2024y / 10 / 1}, Date{2024y / 9 / 1});
  REQUIRE_FALSE(period);
  CHECK(period.error().field() == "to");
}
