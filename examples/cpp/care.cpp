// Consent, the care calendar and a campaign (domain.md C7, C12) on a manual clock: customers give
// and withdraw consent per purpose and channel; the calendar's run for a day produces birthday
// greetings, a premium reminder and the follow-up call (回访) after a new policy — each once, only
// for customers who consented — and agents work their queue; a campaign takes its members from a
// rule less those without marketing consent and is evaluated at the end.
// Usage: care [storage-uri]   (default: memory:)

#include <inscrm/crm.hpp>

#include <fmt/format.h>

#include <cstdio>
#include <map>
#include <memory>
#include <string>

using namespace std::chrono_literals;

namespace {

int fail(const inscrm::Error& e) {
  std::fprintf(stderr, "error: %s\n", e.to_string().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace inscrm;
  const std::string uri = argc > 1 ? argv[1] : "memory:";
  auto clock = std::make_shared<ManualClock>(Date{2026y / 12 / 6});
  OpenOptions options;
  options.clock = clock;
  options.care.holidays = {{Date{2026y / 12 / 25}, "圣诞节"}};
  options.care.premium_due_lead_days = 7;
  auto opened = Crm::open(uri, options);
  if (!opened) return fail(opened.error());
  const Crm& crm = opened.value();
  const Actor admin{.user = "admin", .roles = {Role::Administrator}};

  auto unit = crm.organisation().create_unit(admin, {.code = "SH", .name = "上海分公司", .kind = OrgUnitKind::HeadOffice});
  if (!unit) return fail(unit.error());
  auto agent = crm.organisation().create_agent(admin, {.code = "A-1", .name = "王芳", .org_unit = unit.value().id});
  if (!agent) return fail(agent.error());
  if (auto p = crm.products().create(admin, {.code = "WL", .name = "终身寿险", .term_years = 20}); !p) return fail(p.error());

  auto ann = crm.customers().create(admin, {.name = "李娜", .birth_date = Date{1986y / 12 / 7}, .region = "310000",
                                            .org_unit = unit.value().id, .agent = agent.value().id});
  auto bob = crm.customers().create(admin, {.name = "赵强", .birth_date = Date{1979y / 12 / 7}, .region = "310000",
                                            .org_unit = unit.value().id, .agent = agent.value().id});
  if (!ann) return fail(ann.error());
  if (!bob) return fail(bob.error());
  // A monthly policy migrated in force (an instalment falls due on 14 December) and a whole-life
  // policy issued today (its follow-up call is due tomorrow), both the agent's.
  PolicyImportRow row;
  row.application = {.product = "WL", .holder = ann.value().id, .sum_insured = Money::cny(200'000'00),
                     .premium = Money::cny(800'00), .frequency = Frequency::Monthly, .agent = agent.value().id,
                     .application_date = Date{2026y / 3 / 10}, .effective_date = Date{2026y / 3 / 14},
                     .number = "P-2026-000001"};
  if (auto imported = crm.policies().import(admin, {row}); !imported) return fail(imported.error());
  if (auto issued = crm.policies().issue(admin, {.product = "WL", .holder = bob.value().id,
                                                 .sum_insured = Money::cny(500'000'00), .premium = Money::cny(12'000'00),
                                                 .agent = agent.value().id, .whole_life = true});
      !issued)
    return fail(issued.error());

  // Consent: 李娜 takes care by SMS and call, and marketing by SMS; 赵强 only calls about his policies.
  auto consents = crm.consents();
  for (auto [who, purpose, channel] :
       {std::tuple{ann.value().id, ConsentPurpose::Care, Channel::Sms},
        std::tuple{ann.value().id, ConsentPurpose::Care, Channel::CallCentre},
        std::tuple{ann.value().id, ConsentPurpose::Marketing, Channel::Sms},
        std::tuple{bob.value().id, ConsentPurpose::Care, Channel::CallCentre}})
    if (auto r = consents.grant(admin, who, purpose, channel, "signed form"); !r) return fail(r.error());

  const Date day{2026y / 12 / 7};
  auto run = crm.care().run(admin, day);
  if (!run) return fail(run.error());
  fmt::print("care run {}: {} tasks produced, {} occasions skipped for want of consent\n", to_string(day),
             run.value().produced, run.value().without_consent);
  auto again = crm.care().run(admin, day);
  if (!again) return fail(again.error());
  fmt::print("run again the same day: {} new, {} already there\n", again.value().produced,
             again.value().already_produced);

  storage::CareTaskQuery q;
  q.due = day;
  q.agent = agent.value().id;
  auto tasks = crm.care().tasks(admin, q);
  if (!tasks) return fail(tasks.error());
  fmt::print("agent {}'s queue for {}:\n", agent.value().name, to_string(day));
  for (const auto& t : tasks.value())
    fmt::print("  #{:<3} {:<18} customer {:<3} by {:<12} about {}\n", t.id.value, to_string(t.kind), t.customer.value,
               to_string(t.channel), to_string(t.about));
  if (tasks.value().empty()) return fail(Error::internal("the queue should not be empty"));
  if (auto done = crm.care().complete(admin, tasks.value().front().id, "greeted by SMS"); !done) return fail(done.error());

  // 李娜 withdraws care by SMS: next year's greeting is not produced.
  if (auto w = consents.withdraw(admin, ann.value().id, ConsentPurpose::Care, Channel::Sms, "phoned to opt out"); !w)
    return fail(w.error());
  auto next_year = crm.care().run(admin, Date{2027y / 12 / 7});
  if (!next_year) return fail(next_year.error());
  fmt::print("a year later, after the withdrawal: {} birthday greetings\n",
             next_year.value().by_kind[static_cast<std::size_t>(CareKind::Birthday)]);

  // A campaign for Shanghai customers: only those with marketing consent by SMS join.
  auto campaign = crm.campaigns().create(admin, {.name = "冬季重疾加保", .objective = "cross-sell critical illness",
                                                 .target_rule = "region = '310000'", .channel = Channel::Sms,
                                                 .starts_on = Date{2026y / 12 / 1}, .ends_on = Date{2026y / 12 / 31},
                                                 .budget = Money::cny(2'000'00)});
  if (!campaign) return fail(campaign.error());
  auto members = crm.campaigns().add_members(admin, campaign.value().id);
  if (!members) return fail(members.error());
  fmt::print("campaign '{}': {} selected by the rule, {} without consent, {} members\n", campaign.value().name,
             members.value().matched, members.value().without_consent, members.value().added);
  if (auto o = crm.campaigns().record_outcome(admin, campaign.value().id, ann.value().id, CampaignOutcome::Converted);
      !o)
    return fail(o.error());
  if (auto s = crm.surveys().record(admin, {.customer = ann.value().id, .kind = SurveyKind::Service, .score = 5,
                                            .answered_on = Date{2026y / 12 / 6}});
      !s)
    return fail(s.error());
  auto e = crm.campaigns().evaluate(admin, campaign.value().id);
  if (!e) return fail(e.error());
  fmt::print("evaluation: response rate {:.0f}%, conversion rate {:.0f}%, cost per conversion {}.{:02} yuan, "
             "satisfaction {:.1f}\n",
             100 * e.value().response_rate, 100 * e.value().conversion_rate, e.value().cost_per_conversion->minor / 100,
             e.value().cost_per_conversion->minor % 100, e.value().satisfaction.value_or(0.0));
  return 0;
}
