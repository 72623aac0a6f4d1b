// A complaint from intake to closure: received on a Friday afternoon, left unacknowledged over
// the weekend so the SLA watchdog escalates it on Monday, handled, closed, reopened because the
// customer disagrees, and closed again — then its deadlines, its history and the month's
// statistics. Usage: complaints [storage-uri]   (default: memory:)

#include <inscrm/crm.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

using namespace std::chrono_literals;

namespace {

int fail(const inscrm::Error& e) {
  std::fprintf(stderr, "error: %s\n", e.to_string().c_str());
  return 1;
}

// The library works in UTC; people in Shanghai read China time.
std::string china(inscrm::Instant t) { return fmt::format("{:%a %Y-%m-%d %H:%M}", std::chrono::floor<std::chrono::minutes>(t + 8h)); }
std::string china(const std::optional<inscrm::Instant>& t) { return t ? china(*t) : std::string{"(paused)"}; }
inscrm::Instant at_china(inscrm::Date d, int hour) { return inscrm::start_of(d) + std::chrono::hours{hour - 8}; }

std::string outcome(bool missed, const std::optional<inscrm::Instant>& done) {
  std::string text = missed ? "MISSED" : done ? "in time" : "open";
  if (done) text += ", done " + china(*done);
  return text;
}

void print_deadlines(const inscrm::Deadlines& d) {
  fmt::print("  acknowledge by {}  ({})\n", china(d.acknowledge), outcome(d.acknowledge_breached, d.acknowledged_at));
  fmt::print("  resolve     by {}  ({})\n", china(d.resolve), outcome(d.resolve_breached, d.resolved_at));
}

}  // namespace

int main(int argc, char** argv) {
  const std::string uri = argc > 1 ? argv[1] : "memory:";

  // Friday 18 October 2024, 16:00 in Shanghai. The library reads time only from this clock.
  auto clock = std::make_shared<inscrm::ManualClock>(at_china(inscrm::Date{2024y / 10 / 18}, 16));
  // Office hours 9–12 and 13–18, Monday to Friday; the SLA policy is the library's standard one
  // (8 working hours to acknowledge a medium complaint, 80 to resolve it).
  inscrm::ServiceSettings service;
  service.calendar = inscrm::BusinessCalendar::office_hours({{9h, 12h}, {13h, 18h}});
  auto crm = inscrm::Crm::open(uri, {.clock = clock, .service = service});
  if (!crm) return fail(crm.error());
  const auto clerk = inscrm::Actor{.user = "u-1024", .roles = {inscrm::Role::ServiceRep}};
  const auto handler = inscrm::Actor{.user = "h-li", .roles = {inscrm::Role::ComplaintHandler}};
  // Org units are reference data: the administrator's to define (security/permissions.hpp).
  const auto admin = inscrm::Actor{.user = "admin", .roles = {inscrm::Role::Administrator}};
  const auto complaints = crm.value().complaints();

  auto head = crm.value().organisation().create_unit(
      admin, {.code = "HO", .name = "Head office", .kind = inscrm::OrgUnitKind::HeadOffice});
  if (!head) return fail(head.error());
  auto branch = crm.value().organisation().create_unit(
      admin, {.code = "SH", .name = "Shanghai", .kind = inscrm::OrgUnitKind::Branch, .parent = head.value().id});
  if (!branch) return fail(branch.error());
  auto wei = crm.value().customers().create(clerk, {.name = "张伟", .org_unit = branch.value().id});
  if (!wei) return fail(wei.error());

  // Intake: the call centre logs the complaint; no department is named, so nobody is assigned yet.
  auto received = complaints.receive(clerk, {.customer = wei.value().id,
                                             .channel = inscrm::Channel::CallCentre,
                                             .matter = "the agent promised a bonus the contract does not pay",
                                             .category = inscrm::ComplaintCategory::Service,
                                             .subcategory = "agent_conduct",
                                             .severity = inscrm::ComplaintSeverity::Medium});
  if (!received) return fail(received.error());
  const auto id = received.value().id;
  fmt::print("complaint {} received {}\n", id.value, china(received.value().received_at));
  auto d = complaints.deadlines(clerk, id);
  if (!d) return fail(d.error());
  print_deadlines(d.value());

  // The weekend passes. Monday 17:00: the acknowledgement was due at 16:00 and nobody answered.
  clock->set(at_china(inscrm::Date{2024y / 10 / 21}, 17));
  for (int run = 1; run <= 2; ++run) {
    auto report = crm.value().run_daily(inscrm::Actor::system());
    if (!report) return fail(report.error());
    fmt::print("run_daily #{} at {}: {} complaint(s) escalated\n", run, china(clock->now()),
               report.value().complaints_escalated);
    // The escalation fires once: the breach is recorded on the complaint.
    if (report.value().complaints_escalated != (run == 1 ? 1u : 0u)) return fail(inscrm::Error::internal("escalation count"));
  }
  d = complaints.deadlines(clerk, id);
  if (!d) return fail(d.error());
  print_deadlines(d.value());

  // Handling: assigned, investigated, answered, closed — and reopened because the customer disagrees.
  auto step = [&](auto&& r) {
    if (!r) {
      std::fprintf(stderr, "error: %s\n", r.error().to_string().c_str());
      std::exit(1);
    }
    clock->advance(30min);
  };
  step(complaints.assign(handler, id, "customer_service", "h-li"));
  step(complaints.start_investigation(handler, id, "call recording requested"));
  step(complaints.propose_solution(handler, id, "apologise and explain the bonus terms"));
  step(complaints.inform_customer(handler, id, "called the customer"));
  step(complaints.close(handler, id, inscrm::RootCause::AgentConduct, 2));
  clock->set(at_china(inscrm::Date{2024y / 10 / 23}, 10));
  step(complaints.reopen(handler, id, "the customer wants the promised bonus honoured"));
  step(complaints.propose_solution(handler, id, "pay the promised bonus as a goodwill gesture"));
  step(complaints.inform_customer(handler, id));
  step(complaints.close(handler, id, std::nullopt, 4, "customer accepts"));

  auto done = complaints.get(clerk, id);
  if (!done) return fail(done.error());
  fmt::print("complaint {} is {}: escalation level {}, reopened {} time(s), satisfaction {}/5\n", id.value,
             inscrm::to_string(done.value().status), done.value().escalation_level, done.value().reopen_count,
             done.value().customer_satisfaction.value_or(0));
  d = complaints.deadlines(clerk, id);
  if (!d) return fail(d.error());
  print_deadlines(d.value());

  auto history = complaints.history(clerk, id);
  if (!history) return fail(history.error());
  fmt::print("history:\n");
  for (const auto& s : history.value())
    fmt::print("  {}  {:<7} {:<19} {:>17} → {:<17} {}\n", china(s.at), s.actor, inscrm::to_string(s.event),
               inscrm::to_string(s.from), inscrm::to_string(s.to), s.note);

  auto stats = complaints.statistics(clerk, at_china(inscrm::Date{2024y / 10 / 1}, 0),
                                     at_china(inscrm::Date{2024y / 11 / 1}, 0));
  if (!stats) return fail(stats.error());
  const auto& st = stats.value();
  fmt::print("October: {} received, {} closed, {} escalated; acknowledged in time {}/{}; reopen rate {:.0f} %\n",
             st.received, st.closed, st.escalated, st.acknowledged_in_time, st.acknowledge_decided,
             100.0 * st.reopen_rate.value_or(0.0));
  return 0;
}
