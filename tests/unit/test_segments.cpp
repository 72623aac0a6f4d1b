// Segments through the facade (domain.md C8) and Crm::portfolio's service facts, on the memory
// store; the SQL adapters are held to the same results by tests/storage/conformance_segments.cpp.
#include "test_service_fixture.hpp"

#include <inscrm/rules/ast.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace inscrm;
using namespace inscrm::test;
using namespace std::chrono_literals;

namespace {

struct SegmentFixture : ServiceFixture {
  SegmentFixture() {
    // Two NPS answers from the holder (the later one counts) and a service survey from the spouse.
    clock->set(local(Date{2024y / 9 / 1}, 10));
    take(crm.surveys().record(clerk, {.customer = holder.id, .kind = SurveyKind::Nps, .score = 3}));
    clock->set(local(Date{2024y / 9 / 10}, 10));
    take(crm.surveys().record(clerk, {.customer = holder.id, .kind = SurveyKind::Nps, .score = 9}));
    take(crm.surveys().record(clerk, {.customer = spouse.id, .kind = SurveyKind::Service, .score = 4}));
    clock->set(local(Date{2024y / 9 / 12}, 16));
    Interaction visit;
    visit.customer = holder.id;
    visit.channel = Channel::CallCentre;
    visit.purpose = InteractionPurpose::Service;
    visit.org_unit = branch.id;
    visit.started_at = local(Date{2024y / 9 / 10}, 11);
    take(crm.interactions().log(clerk, visit));
    take(crm.complaints().receive(clerk, complaint_draft()));  // received today
  }

  FactValue fact_of(const Portfolio& p, FactId fact, CustomerId id) const {
    const auto row = p.row_of(id);
    REQUIRE(row.has_value());
    return p.value(fact, *row);
  }
};

std::vector<CustomerId> ids(std::initializer_list<CustomerId> list) { return list; }

}  // namespace

TEST_CASE("movement: entered, left and stayed between two snapshots") {
  SegmentSnapshot before{SegmentSnapshotId{1}, SegmentId{1}, 1, Date{2026y / 1 / 1}, {}, 4,
                         {CustomerId{1}, CustomerId{3}, CustomerId{5}, CustomerId{7}}};
  SegmentSnapshot after{SegmentSnapshotId{2}, SegmentId{1}, 1, Date{2026y / 2 / 1}, {}, 4,
                        {CustomerId{2}, CustomerId{3}, CustomerId{7}, CustomerId{9}}};
  const SegmentMovement m = movement(before, after);
  CHECK(m.from == SegmentSnapshotId{1});
  CHECK(m.to == SegmentSnapshotId{2});
  CHECK(m.from_day == Date{2026y / 1 / 1});
  CHECK(m.to_day == Date{2026y / 2 / 1});
  CHECK(m.entered == ids({CustomerId{2}, CustomerId{9}}));
  CHECK(m.left == ids({CustomerId{1}, CustomerId{5}}));
  CHECK(m.stayed == ids({CustomerId{3}, CustomerId{7}}));
  const SegmentMovement none = movement(SegmentSnapshot{}, after);
  CHECK(none.entered == after.members);
  CHECK(none.left.empty());
  CHECK(none.stayed.empty());
}

TEST_CASE_FIXTURE(SegmentFixture, "portfolio: open complaints, latest NPS and last contact come from the service records") {
  const Portfolio today = take(crm.portfolio(analyst, Date{2024y / 9 / 12}));
  CHECK(today.size() == 2);
  CHECK(today.as_of() == Date{2024y / 9 / 12});
  CHECK(fact_of(today, fact::open_complaints, holder.id) == FactValue{std::int64_t{1}});
  CHECK(fact_of(today, fact::open_complaints, spouse.id) == FactValue{std::int64_t{0}});
  CHECK(fact_of(today, fact::nps, holder.id) == FactValue{std::int64_t{9}});
  CHECK(fact_of(today, fact::nps, spouse.id) == FactValue{});  // a service survey is not an NPS answer
  CHECK(fact_of(today, fact::last_contact, holder.id) == FactValue{Date{2024y / 9 / 10}});
  CHECK(fact_of(today, fact::last_contact, spouse.id) == FactValue{});
  CHECK(fact_of(today, fact::age, spouse.id) == FactValue{std::int64_t{37}});

  // As of an earlier day only what had happened by then counts.
  const Portfolio earlier = take(crm.portfolio(analyst, Date{2024y / 9 / 5}));
  CHECK(fact_of(earlier, fact::open_complaints, holder.id) == FactValue{std::int64_t{0}});
  CHECK(fact_of(earlier, fact::nps, holder.id) == FactValue{std::int64_t{3}});
  CHECK(fact_of(earlier, fact::last_contact, holder.id) == FactValue{});

  const auto bad = crm.portfolio(analyst, Date{2024y / 2 / 30});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code() == Errc::InvalidArgument);
  CHECK(bad.error().field() == "as_of");
}

TEST_CASE_FIXTURE(SegmentFixture, "segments: a bad definition is a typed error and writes nothing") {
  const auto before = snapshot();

  const auto syntax = crm.segments().define(analyst, {.name = "broken", .rule = "age >= 30 and and nps > 8"});
  REQUIRE_FALSE(syntax);
  CHECK(syntax.error().code() == Errc::InvalidArgument);
  CHECK(syntax.error().field() == "rule");
  const auto at = rules::rule_error_position(syntax.error());
  REQUIRE(at.has_value());
  CHECK(at->line == 1);
  CHECK(at->column == 15);

  const auto unknown = crm.segments().define(analyst, {.name = "typo", .rule = "agee > 30"});
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().code() == Errc::InvalidArgument);
  CHECK(unknown.error().field() == "rule");
  CHECK(unknown.error().message().find("unknown fact 'agee'") != std::string::npos);
  CHECK(unknown.error().message().find("did you mean 'age'") != std::string::npos);

  const auto not_a_condition = crm.segments().define(analyst, {.name = "x", .rule = "age + 1"});
  CHECK(not_a_condition.error().field() == "rule");
  const auto host_fact = crm.segments().define(analyst, {.name = "x", .rule = "churn_score > 0.5"});
  CHECK(host_fact.error().field() == "rule");
  const auto nameless = crm.segments().define(analyst, {.name = "", .rule = "age > 30"});
  CHECK(nameless.error().field() == "name");
  const auto ruleless = crm.segments().define(analyst, {.name = "empty", .rule = "  "});
  CHECK(ruleless.error().field() == "rule");

  CHECK(take(crm.segments().list(analyst)).empty());
  CHECK(snapshot() == before);

  take(crm.segments().define(analyst, {.name = "mature", .kind = SegmentKind::Demographic, .rule = "age >= 30"}));
  const auto twice = crm.segments().define(analyst, {.name = "mature", .rule = "age >= 40"});
  REQUIRE_FALSE(twice);
  CHECK(twice.error().code() == Errc::AlreadyExists);
  CHECK(twice.error().field() == "name");
  CHECK(take(crm.segments().get(analyst, "mature")).rule == "age >= 30");
}

TEST_CASE_FIXTURE(SegmentFixture, "segments: the rule is versioned; old texts stay in the history") {
  const Segment s = take(crm.segments().define(
      analyst, {.name = "promoters", .kind = SegmentKind::Behavioural, .description = "ask for referrals", .rule = "nps >= 9"}));
  CHECK(s.rule_version == 1);
  CHECK(s.version == 1);
  const Segment same = take(crm.segments().change_rule(analyst, "promoters", "nps >= 9"));
  CHECK(same.rule_version == 1);  // the same text is not a new version
  const Segment changed = take(crm.segments().change_rule(analyst, "promoters", "nps >= 9 and open_complaints = 0"));
  CHECK(changed.rule_version == 2);
  CHECK(changed.version == 2);
  CHECK(changed.description == "ask for referrals");

  const auto bad = crm.segments().change_rule(analyst, "promoters", "nps >= 'nine'");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().field() == "rule");
  CHECK(rules::rule_error_position(bad.error()).has_value());
  const auto missing = crm.segments().change_rule(analyst, "nobody", "nps >= 9");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code() == Errc::NotFound);
  CHECK(missing.error().field() == "segment");

  const auto history = take(crm.segments().rule_history(analyst, "promoters"));
  REQUIRE(history.size() == 2);
  CHECK(history[0].version == 1);
  CHECK(history[0].text == "nps >= 9");
  CHECK(history[1].version == 2);
  CHECK(history[1].text == "nps >= 9 and open_complaints = 0");
  CHECK(take(crm.segments().get(analyst, "promoters")).rule == history[1].text);
}

TEST_CASE_FIXTURE(SegmentFixture, "segments: runs store dated snapshots; movement says who entered, left and stayed") {
  take(crm.segments().define(analyst, {.name = "complainants", .kind = SegmentKind::Behavioural,
                                     .rule = "open_complaints >= 1"}));
  take(crm.segments().define(analyst, {.name = "recently_seen", .kind = SegmentKind::Behavioural,
                                     .rule = "days_since(last_contact) <= 1"}));
  take(crm.segments().define(analyst, {.name = "women", .rule = "gender = 'female'"}));

  const Date day_before{2024y / 9 / 11};
  const Date today{2024y / 9 / 12};
  for (const char* name : {"complainants", "recently_seen", "women"}) {
    take(crm.segments().run(analyst, name, day_before));
    take(crm.segments().run(analyst, name, today));
  }

  const auto entered = take(crm.segments().movement(analyst, "complainants", day_before, today));
  CHECK(entered.entered == ids({holder.id}));
  CHECK(entered.left.empty());
  CHECK(entered.stayed.empty());
  const auto left = take(crm.segments().movement(analyst, "recently_seen", day_before, today));
  CHECK(left.entered.empty());
  CHECK(left.left == ids({holder.id}));
  const auto stayed = take(crm.segments().movement(analyst, "women", day_before, today));
  CHECK(stayed.stayed == ids({spouse.id}));
  CHECK(stayed.entered.empty());
  CHECK(stayed.left.empty());

  const auto runs = take(crm.segments().snapshots(analyst, "complainants"));
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].as_of == day_before);
  CHECK(runs[0].member_count == 0);
  CHECK(runs[1].as_of == today);
  CHECK(runs[1].member_count == 1);
  CHECK(runs[1].rule_version == 1);
  CHECK(runs[1].taken_at == clock->now());
  const auto stored = take(crm.segments().snapshot(analyst, runs[1].id));
  CHECK(stored.members == ids({holder.id}));
  const auto by_id = take(crm.segments().movement(analyst, runs[1].id, runs[0].id));
  CHECK(by_id.left == ids({holder.id}));

  // A changed rule runs at its new version; the earlier snapshots keep theirs.
  take(crm.segments().change_rule(analyst, "complainants", "open_complaints >= 1 or nps >= 9"));
  const auto rerun = take(crm.segments().run(analyst, "complainants", today));
  CHECK(rerun.rule_version == 2);
  CHECK(rerun.members == ids({holder.id}));
  CHECK(take(crm.segments().snapshot(analyst, runs[1].id)).rule_version == 1);

  const auto types = event_types();
  CHECK(std::count(types.begin(), types.end(), "segment.defined") == 3);
  CHECK(std::count(types.begin(), types.end(), "segment.run") == 7);
  CHECK(std::count(types.begin(), types.end(), "segment.rule_changed") == 1);
}

TEST_CASE_FIXTURE(SegmentFixture, "segments: unknown segments, days without a snapshot and ad hoc rules") {
  const auto unknown = crm.segments().run(analyst, "ghosts", Date{2024y / 9 / 12});
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().code() == Errc::NotFound);
  CHECK(unknown.error().field() == "segment");
  CHECK(crm.segments().get(analyst, "ghosts").error().field() == "segment");
  CHECK(crm.segments().snapshots(analyst, "ghosts").error().code() == Errc::NotFound);
  CHECK(crm.segments().snapshot(analyst, SegmentSnapshotId{99}).error().field() == "snapshot");
  CHECK(crm.segments().movement(analyst, SegmentSnapshotId{98}, SegmentSnapshotId{99}).error().field() == "from");

  take(crm.segments().define(analyst, {.name = "women", .rule = "gender = 'female'"}));
  take(crm.segments().run(analyst, "women", Date{2024y / 9 / 12}));
  const auto no_day = crm.segments().movement(analyst, "women", Date{2024y / 9 / 1}, Date{2024y / 9 / 12});
  REQUIRE_FALSE(no_day);
  CHECK(no_day.error().code() == Errc::NotFound);
  CHECK(no_day.error().field() == "from");
  const auto bad_day = crm.segments().run(analyst, "women", Date{2024y / 13 / 1});
  CHECK(bad_day.error().field() == "as_of");

  CHECK(take(crm.segments().evaluate(analyst, "nps >= 9 or gender = 'female'", Date{2024y / 9 / 12})) ==
        ids({holder.id, spouse.id}));
  CHECK(take(crm.segments().evaluate(analyst, "nps >= 9", Date{2024y / 9 / 5})).empty());
  const auto bad_rule = crm.segments().evaluate(analyst, "nps >=", Date{2024y / 9 / 12});
  CHECK(bad_rule.error().field() == "rule");
}
