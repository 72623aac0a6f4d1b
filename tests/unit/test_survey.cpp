// domain.md C6: survey responses, their score ranges, NPS and mean satisfaction.

#include <inscrm/domain/survey.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

using namespace inscrm;
using namespace std::chrono_literals;

namespace {

SurveyResponse response(SurveyKind kind, int score, std::string dimension = {}) {
  SurveyResponse r;
  r.customer = CustomerId{1};
  r.kind = kind;
  r.score = score;
  r.dimension = std::move(dimension);
  r.channel = Channel::Sms;
  r.answered_on = 2024y / 9 / 30;
  return r;
}

}  // namespace

TEST_CASE("scores must lie in their kind's range") {
  for (int s = -1; s <= 11; ++s) {
    INFO(s);
    CHECK(validate_survey_response(response(SurveyKind::Nps, s)).has_value() == (s >= 0 && s <= 10));
    for (const auto kind : {SurveyKind::Product, SurveyKind::Service, SurveyKind::Price, SurveyKind::ComplaintHandling})
      CHECK(validate_survey_response(response(kind, s)).has_value() == (s >= 1 && s <= 5));
  }
  const auto r = validate_survey_response(response(SurveyKind::Service, 6));
  REQUIRE_FALSE(r);
  CHECK(r.error().is_invalid_argument());
  CHECK(r.error().field() == "score");
  CHECK(r.error().message() == "a service score is 1..5 (got 6)");
}

TEST_CASE("a response refers to a complaint only when it judges its handling") {
  SurveyResponse r = response(SurveyKind::ComplaintHandling, 4);
  r.complaint = ComplaintId{77};
  CHECK(validate_survey_response(r));
  r.complaint = ComplaintId{};
  CHECK(validate_survey_response(r).error().field() == "complaint");
  r = response(SurveyKind::Service, 4);
  r.complaint = ComplaintId{77};
  CHECK(validate_survey_response(r).error().field() == "complaint");
  r = response(SurveyKind::Service, 4);
  r.customer = CustomerId{};
  CHECK(validate_survey_response(r).error().field() == "customer");
}

TEST_CASE("NPS: promoters 9-10, passives 7-8, detractors 0-6") {
  std::vector<SurveyResponse> all;
  for (int s : {10, 9, 9, 8, 7, 6, 0, 3}) all.push_back(response(SurveyKind::Nps, s));
  all.push_back(response(SurveyKind::Service, 1));  // not an NPS answer: ignored
  NpsSummary n = nps(all);
  CHECK(n.responses == 8);
  CHECK(n.promoters == 3);
  CHECK(n.passives == 2);
  CHECK(n.detractors == 3);
  CHECK(n.score == doctest::Approx(0.0));

  std::vector<SurveyResponse> happy;
  for (int s : {10, 10, 9, 7, 2}) happy.push_back(response(SurveyKind::Nps, s));
  CHECK(nps(happy).score == doctest::Approx(40.0));

  std::vector<SurveyResponse> angry;
  for (int s : {0, 6}) angry.push_back(response(SurveyKind::Nps, s));
  CHECK(nps(angry).score == doctest::Approx(-100.0));

  const NpsSummary none = nps({});
  CHECK(none.responses == 0);
  CHECK(none.score == 0.0);
}

TEST_CASE("mean satisfaction per kind, and per kind and dimension") {
  const std::vector<SurveyResponse> all{
      response(SurveyKind::Service, 5, "claims"),      response(SurveyKind::Service, 3, "claims"),
      response(SurveyKind::Service, 2, "call_centre"), response(SurveyKind::Service, 4),
      response(SurveyKind::Price, 3),                  response(SurveyKind::Nps, 9),
      response(SurveyKind::Product, 4, "health"),
  };
  REQUIRE(mean_satisfaction(all, SurveyKind::Service));
  CHECK(*mean_satisfaction(all, SurveyKind::Service) == doctest::Approx(3.5));
  CHECK(*mean_satisfaction(all, SurveyKind::Price) == doctest::Approx(3.0));
  CHECK_FALSE(mean_satisfaction(all, SurveyKind::ComplaintHandling));

  const auto by = mean_satisfaction_by_dimension(all);
  REQUIRE(by.size() == 6);
  // Ordered by kind, then dimension (the undimensioned entry first).
  CHECK(by[0].kind == SurveyKind::Product);
  CHECK(by[0].dimension == "health");
  CHECK(by[1].kind == SurveyKind::Service);
  CHECK(by[1].dimension.empty());
  CHECK(by[1].mean == doctest::Approx(4.0));
  CHECK(by[2].dimension == "call_centre");
  CHECK(by[2].responses == 1);
  CHECK(by[3].dimension == "claims");
  CHECK(by[3].responses == 2);
  CHECK(by[3].mean == doctest::Approx(4.0));
  CHECK(by[4].kind == SurveyKind::Price);
  CHECK(by[5].kind == SurveyKind::Nps);
  CHECK(by[5].mean == doctest::Approx(9.0));
}
