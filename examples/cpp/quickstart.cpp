// The quickstart story: open the embedded default, register a customer, issue a policy, pay the
// first premiums, miss one, watch grace and lapse fire from the calendar, reinstate, and print the
// policy's history. Usage: quickstart [storage-uri]   (default: sqlite in the temp directory)

#include <inscrm/crm.hpp>

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
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
  std::string uri;
  if (argc > 1) {
    uri = argv[1];
  } else {
    const auto path = std::filesystem::temp_directory_path() / "inscrm-quickstart.db";
    std::filesystem::remove(path);
    uri = "sqlite:" + path.string();
  }

  // A manual clock makes the story reproducible: the library reads time only from it.
  auto clock = std::make_shared<inscrm::ManualClock>(inscrm::Date{2024y / 1 / 10});
  auto crm = inscrm::Crm::open(uri, {.clock = clock});
  if (!crm) return fail(crm.error());

  const auto clerk = inscrm::Actor{.user = "u-1024", .roles = {inscrm::Role::ServiceRep}};
  // Products are reference data: the administrator's to define (security/permissions.hpp).
  const auto admin = inscrm::Actor{.user = "admin", .roles = {inscrm::Role::Administrator}};

  auto product = crm.value().products().create(admin, {.code = "WL-2024", .name = "Whole Life 2024",
                                                       .line = inscrm::LineOfBusiness::Life,
                                                       .free_look_days = 15, .grace_days = 60, .term_years = 20});
  if (!product) return fail(product.error());

  auto wei = crm.value().customers().create(clerk, {.name = "张伟",
                                                    .identity = inscrm::IdentityDocument{inscrm::IdType::ResidentId,
                                                                                         "110105198503142318"},
                                                    .region = "310000",
                                                    .phones = {{.number = "138 1234 5678"}},
                                                    .source = inscrm::Source::AgentReferral});
  if (!wei) return fail(wei.error());
  auto spouse = crm.value().customers().create(clerk, {.name = "李娜", .gender = inscrm::Gender::Female,
                                                       .birth_date = inscrm::Date{1987y / 6 / 2}});
  if (!spouse) return fail(spouse.error());
  fmt::print("customer {} {}: born {}, {} ({})\n", wei.value().id.value, wei.value().name,
             inscrm::to_string(*wei.value().birth_date), inscrm::to_string(wei.value().gender),
             inscrm::to_string(wei.value().stage));

  // Bad input is a typed error naming the field, and nothing is written.
  auto bad = crm.value().customers().create(
      clerk, {.name = "王芳", .identity = inscrm::IdentityDocument{inscrm::IdType::ResidentId, "110105198503142315"}});
  fmt::print("rejected: {}\n", bad.error().to_string());

  auto policy = crm.value().policies().issue(clerk, {.product = "WL-2024", .holder = wei.value().id,
                                                     .beneficiaries = {{spouse.value().id, 100}},
                                                     .sum_insured = inscrm::Money::cny(500'000'00),
                                                     .premium = inscrm::Money::cny(12'000'00),
                                                     .frequency = inscrm::Frequency::Annual});
  if (!policy) return fail(policy.error());
  const auto id = policy.value().id;
  fmt::print("policy {} is {}\n", policy.value().number, inscrm::to_string(policy.value().status));

  // Two annual premiums paid on time…
  for (auto due : {inscrm::Date{2024y / 1 / 10}, inscrm::Date{2025y / 1 / 10}}) {
    clock->set(due);
    auto paid = crm.value().policies().record_payment(clerk, id, {.due = due, .channel = inscrm::PayChannel::BankCounter});
    if (!paid) return fail(paid.error());
    fmt::print("paid {} due {} ({})\n", paid.value().amount.to_string(), inscrm::to_string(due),
               inscrm::to_string(paid.value().kind()));
  }
  // …the third is missed. A year later the daily run finds it overdue: grace, then lapse.
  clock->set(inscrm::Date{2027y / 1 / 10});
  auto run = crm.value().run_daily(inscrm::Actor::system());
  if (!run) return fail(run.error());
  fmt::print("daily run {}: {} entered grace, {} lapsed\n", inscrm::to_string(run.value().day),
             run.value().entered_grace, run.value().lapsed);

  // The customer asks to come back: reinstate, then pay the arrears.
  if (auto r = crm.value().policies().reinstate(clerk, id, "customer request, health declaration ok"); !r)
    return fail(r.error());
  for (auto due : {inscrm::Date{2026y / 1 / 10}, inscrm::Date{2027y / 1 / 10}}) {
    if (auto paid = crm.value().policies().record_payment(clerk, id, {.due = due}); !paid) return fail(paid.error());
  }
  auto now = crm.value().policies().get(clerk, id);
  if (!now) return fail(now.error());
  fmt::print("policy {} is {} again\n", now.value().number, inscrm::to_string(now.value().status));

  auto history = crm.value().policies().history(clerk, id);
  if (!history) return fail(history.error());
  fmt::print("history of {}:\n", now.value().number);
  for (const auto& t : history.value())
    fmt::print("  {}  {:<12} → {:<12} {:<18} by {} ({})\n", inscrm::to_string(t.effective_on), inscrm::to_string(t.from),
               inscrm::to_string(t.to), inscrm::to_string(t.event), t.actor, t.reason);
  return 0;
}
