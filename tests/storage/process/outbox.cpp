// The outbox across a crash (domain.md C13, architecture.md "Events"): delivery is at least once —
// an event stays pending until the host acknowledges it. A worker process commits a change (its
// event is written to the outbox in the same transaction), takes the event — by poll, or inside a
// drain() callback — tells the parent which event it holds, and is SIGKILLed before it acks: no
// destructor, no rollback, no flush. Afterwards the event must be pending exactly once (not lost,
// not doubled), with the payload it was committed with; once acknowledged it is never delivered
// again. A third worker acks and is killed after the ack: its event must stay delivered.
//
// Each round runs the three workers on one database in turn, so later rounds also check that the
// events of earlier rounds keep their state. INSCRM_OUTBOX_ROUNDS (default 3) sizes the run.

#include <doctest/doctest.h>

#include "support.hpp"

#include <inscrm/crm.hpp>

#include <fmt/format.h>

#include <sys/wait.h>

#include <algorithm>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace inscrm::process_tests {
namespace {

using namespace std::chrono_literals;

Actor host() { return Actor{"outbox-test", {Role::Administrator}, OrgUnitId{}, std::nullopt, std::nullopt}; }

std::int64_t number_after(std::string_view line, std::string_view prefix) {
  std::int64_t v = -1;
  if (!line.starts_with(prefix)) return v;
  line.remove_prefix(prefix.size());
  std::from_chars(line.data(), line.data() + line.size(), v);
  return v;
}

// Waits for the worker's "holding <event id> <customer id>" line and returns the two ids.
std::pair<std::int64_t, std::int64_t> held_event(Worker& w) {
  const auto line = w.read_line(60s);
  REQUIRE_MESSAGE(line, "the worker said nothing");
  const auto held = number_after(*line, "holding ");
  REQUIRE_MESSAGE(held > 0, "worker: " << *line);
  const auto space = line->rfind(' ');
  return {held, number_after(std::string_view{*line}.substr(space), " ")};
}

void kill_and_reap(Worker& w) {
  w.kill(SIGKILL);
  const auto status = w.wait(30s);
  REQUIRE_MESSAGE(status, "the worker did not die");
  CHECK_MESSAGE((WIFSIGNALED(*status) && WTERMSIG(*status) == SIGKILL), describe_status(*status));
}

}  // namespace

// --worker=outbox <uri> <poll|drain|ack> <name>: creates a customer named <name>, takes its event
// and says "holding <event id> <customer id>"; with "ack" it acknowledges it first and says so.
// Then it waits to be killed.
int outbox_worker(std::span<char* const> args) {
  if (args.size() != 3) {
    std::fprintf(stderr, "usage: --worker=outbox <uri> <poll|drain|ack> <name>\n");
    return 2;
  }
  const std::string how = args[1];
  auto opened = Crm::open(args[0]);
  if (!opened) {
    worker_write_line("error open: " + describe(opened.error()));
    return 1;
  }
  const Crm crm = std::move(opened).value();
  Customer draft;
  draft.name = args[2];
  auto created = crm.customers().create(host(), draft);
  if (!created) {
    worker_write_line("error create: " + describe(created.error()));
    return 1;
  }
  const auto customer = created.value().id.value;
  // The newest pending event for this customer: earlier rounds left unacknowledged ones before it.
  auto find = [&](const std::vector<DomainEvent>& events) -> const DomainEvent* {
    for (const auto& e : events)
      if (e.type == "customer.created" && e.entity_id == customer) return &e;
    return nullptr;
  };
  if (how == "drain") {
    // The host's callback has the event in hand when the process dies: drain() cannot have acked it.
    (void)crm.events().drain([&](const DomainEvent& e) {
      if (e.type == "customer.created" && e.entity_id == customer) {
        worker_write_line(fmt::format("holding {} {}", e.id.value, customer));
        while (worker_read_line()) {
        }
        return false;
      }
      return false;  // an older event: leave it pending, unhandled
    });
    worker_write_line("error drain returned");
    return 1;
  }
  auto events = crm.events().poll(100000);
  if (!events) {
    worker_write_line("error poll: " + describe(events.error()));
    return 1;
  }
  const DomainEvent* e = find(events.value());
  if (e == nullptr) {
    worker_write_line("error: the committed change has no pending event");
    return 1;
  }
  if (how == "ack") {
    if (auto acked = crm.events().ack(e->id); !acked) {
      worker_write_line("error ack: " + describe(acked.error()));
      return 1;
    }
  }
  worker_write_line(fmt::format("holding {} {}", e->id.value, customer));
  while (worker_read_line()) {
  }
  return 0;
}

TEST_SUITE("outbox") {

TEST_CASE("an event committed but not acknowledged when the process is killed is delivered exactly once") {
  const long long rounds = env_int("INSCRM_OUTBOX_ROUNDS", 3);
  TestDatabase db{"outbox"};
  // expected[event id] = whether it must still be pending; payload checks go by customer id.
  std::map<std::int64_t, bool> expected;
  std::map<std::int64_t, std::int64_t> customer_of;

  for (long long round = 0; round < rounds; ++round) {
    for (const char* how : {"poll", "drain", "ack"}) {
      CAPTURE(round);
      CAPTURE(how);
      // A drain worker stops at the first pending event it is not looking for; the earlier rounds'
      // pending events are acknowledged by the parent below before the next worker starts, so each
      // worker finds its own event first.
      Worker w{"outbox", {db.uri(), how, fmt::format("outbox-{}-{}", round, how)}};
      const auto [event, customer] = held_event(w);
      kill_and_reap(w);
      expected[event] = std::string_view{how} != "ack";
      customer_of[event] = customer;

      auto opened = Crm::open(db.uri());
      REQUIRE_MESSAGE(opened, describe(opened.error()));
      const Crm crm = std::move(opened).value();
      auto pending = crm.events().poll(100000);
      REQUIRE_MESSAGE(pending, describe(pending.error()));
      std::map<std::int64_t, int> seen;
      for (const auto& e : pending.value()) {
        if (e.type != "customer.created") continue;
        ++seen[e.id.value];
      }
      // Exactly the killed worker's event is pending (if it did not ack), once, with its payload.
      for (const auto& [id, must_pend] : expected) {
        CAPTURE(id);
        CHECK_EQ(seen[id], must_pend ? 1 : 0);
      }
      for (const auto& e : pending.value())
        if (e.id.value == event)
          CHECK_MESSAGE(e.payload.find(fmt::format("\"customer_id\":{}", customer)) != std::string::npos, e.payload);
      // The host now delivers it: one more delivery, then never again.
      if (expected[event]) {
        std::vector<std::int64_t> delivered;
        auto drained = crm.events().drain([&](const DomainEvent& e) {
          delivered.push_back(e.id.value);
          return true;
        });
        REQUIRE_MESSAGE(drained, describe(drained.error()));
        CHECK_EQ(std::count(delivered.begin(), delivered.end(), event), 1);
        expected[event] = false;
        auto after = crm.events().poll(100000);
        REQUIRE(after);
        CHECK(after.value().empty());
      }
    }
  }
  CHECK_EQ(expected.size(), static_cast<std::size_t>(rounds * 3));
}

}  // TEST_SUITE("outbox")

}  // namespace inscrm::process_tests
