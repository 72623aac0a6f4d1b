// Fuzz harness: sequences of C API calls on one handle (an in-memory database on a manual clock).
// The input is decoded (fuzz_input.hpp) into up to 64 calls — create, read and update customers,
// products, policies, lifecycle events, payments, the clock, the daily run, the event outbox,
// lists — with fuzzed strings and numbers, and known-good values often enough to get past
// validation. After every call:
//   - the status is one of the documented codes, never INSCRM_INTERNAL, and never a storage
//     error (the memory store cannot fail);
//   - a failed call leaves a message in inscrm_last_error() and its out pointer NULL;
//   - a customer or policy that was created can be read back.
// ASan/UBSan (scripts/fuzz builds with them) catch what the checks do not.

#include "fuzz_input.hpp"

#include <inscrm.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

using inscrm::fuzz::Input;

const char* const kDates[] = {"2026-01-15", "2026-02-01", "2026-02-29", "2026-03-31", "2027-01-15", "1999-12-31", "2026-1-5"};
const char* const kIdentity[] = {"110105198503142318", "11010519491231002X", "110105198503142319", "440300200001010000"};
const char* const kRegions[] = {"310000", "110000", "440300", ""};
const char* const kCodes[] = {"WL-2024", "CI-2023", "TRV-1", ""};
const char* const kLines[] = {"life", "critical_illness", "travel", "motor", "pets"};
const char* const kTerms[] = {"long_term", "short_term"};
const char* const kFrequencies[] = {"annual", "monthly", "single", "quarterly", "fortnightly"};
const char* const kChannels[] = {"bank_counter", "online", "auto_debit", "pigeon"};
const char* const kGenders[] = {"male", "female", "unknown", "other"};

[[noreturn]] void fail(const char* what, int op, inscrm_status st) {
  std::fprintf(stderr, "fuzz_capi: op %d: %s (status %s: %s)\n", op, what, inscrm_status_name(st), inscrm_last_error());
  std::abort();
}

// The checks every call gets. `out` is the call's out pointer (nullptr when it has none).
// Call it after the call (a statement of its own), never with the call as an argument: the out
// pointer would then be read in an unspecified order relative to the call.
void checked(inscrm_status st, int op, const void* out = nullptr, bool has_out = false) {
  if (st < INSCRM_OK || st > INSCRM_INTERNAL) fail("undocumented status", op, st);
  if (st == INSCRM_INTERNAL || st == INSCRM_STORAGE_ERROR || st == INSCRM_STORAGE_UNAVAILABLE)
    fail("an internal or storage error from the memory store", op, st);
  if (st != INSCRM_OK) {
    const char* message = inscrm_last_error();
    if (!message || !*message) fail("a failed call left no message", op, st);
    if (inscrm_last_error_code() != st) fail("inscrm_last_error_code() differs from the returned status", op, st);
    if (has_out && out) fail("a failed call set its out pointer", op, st);
  } else if (has_out && !out) {
    fail("a successful call left its out pointer NULL", op, st);
  }
}

int64_t pick(Input& in, const std::vector<int64_t>& ids) {
  const auto b = in.byte();
  if (ids.empty() || b >= 0xF0) return static_cast<int64_t>(b) - 0xF8;  // sometimes a bad id: 0, negative, unknown
  return ids[b % ids.size()];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Input in(data, size);
  inscrm_open_options opts = INSCRM_OPEN_OPTIONS_INIT;
  opts.clock = INSCRM_CLOCK_MANUAL;
  opts.today = "2026-01-15";
  inscrm_db* db = nullptr;
  if (inscrm_open("memory:", &opts, &db) != INSCRM_OK) fail("open", -1, INSCRM_OK);
  const inscrm_actor admin = {INSCRM_ACTOR_VERSION, "fuzz", INSCRM_ROLE_ADMINISTRATOR, 0, 0, 0};

  std::vector<int64_t> customers, policies;
  std::vector<std::string> product_codes;
  for (int step = 0; step < 64 && !in.empty(); ++step) {
    const int op = in.byte() % 14;
    switch (op) {
      case 0: {  // create a customer
        const std::string name = in.text(), id_number = in.text_or(kIdentity), region = in.text_or(kRegions),
                          ref = in.text(), gender = in.text_or(kGenders), birth = in.text_or(kDates);
        inscrm_customer_input c = INSCRM_CUSTOMER_INPUT_INIT;
        c.name = name.c_str();
        if (in.byte() & 1) c.identity_number = id_number.c_str();
        c.region = region.c_str();
        if (!ref.empty()) c.external_ref = ref.c_str();
        if (in.byte() & 1) c.gender = gender.c_str();
        if (in.byte() & 1) c.birth_date = birth.c_str();
        int64_t id = 0;
        const auto st = inscrm_customer_create(db, &admin, &c, &id);
        checked(st, op);
        if (st == INSCRM_OK) {
          inscrm_customer* back = nullptr;
          const auto got = inscrm_customer_get(db, &admin, id, &back);
          checked(got, op, back, true);
          if (got != INSCRM_OK) fail("a created customer cannot be read back", op, got);
          inscrm_customer_free(&back);
          customers.push_back(id);
        }
        break;
      }
      case 1: {  // read a customer
        inscrm_customer* c = nullptr;
        const int64_t id = pick(in, customers);
        const inscrm_status st_ = inscrm_customer_get(db, &admin, id, &c);
        checked(st_, op, c, true);
        inscrm_customer_free(&c);
        break;
      }
      case 2: {  // update a customer, sometimes from a stale version
        inscrm_customer* c = nullptr;
        if (inscrm_customer_get(db, &admin, pick(in, customers), &c) != INSCRM_OK) break;
        inscrm_customer_input input;
        checked(inscrm_customer_input_from(c, &input), op);
        const std::string name = in.text(), region = in.text_or(kRegions);
        if (!name.empty()) input.name = name.c_str();
        input.region = region.c_str();
        input.expected_version -= in.byte() % 2;
        inscrm_customer* updated = nullptr;
        const inscrm_status st_ = inscrm_customer_update(db, &admin, &input, &updated);
        checked(st_, op, updated, true);
        inscrm_customer_free(&updated);
        inscrm_customer_free(&c);
        break;
      }
      case 3: {  // create a product
        const std::string code = in.text_or(kCodes), name = in.text(), line = in.text_or(kLines), term = in.text_or(kTerms);
        inscrm_product_input p = INSCRM_PRODUCT_INPUT_INIT;
        p.code = code.c_str();
        p.name = name.empty() ? "product" : name.c_str();
        p.line = line.c_str();
        p.term = term.c_str();
        p.renewable = in.byte() & 1;
        p.term_years = static_cast<int>(in.byte()) - 8;
        p.free_look_days = static_cast<int>(in.byte() % 40) - 2;
        int64_t id = 0;
        const auto st = inscrm_product_create(db, &admin, &p, &id);
        checked(st, op);
        if (st == INSCRM_OK) product_codes.push_back(code);
        break;
      }
      case 4: {  // issue a policy
        const std::string code = product_codes.empty() || in.byte() >= 0xF0 ? in.text() : product_codes[in.byte() % product_codes.size()];
        const std::string frequency = in.text_or(kFrequencies), effective = in.text_or(kDates);
        inscrm_policy_application a = INSCRM_POLICY_APPLICATION_INIT;
        a.product = code.c_str();
        a.holder = pick(in, customers);
        a.sum_insured.minor = static_cast<int64_t>(in.byte()) * 1'000'000 - 1;
        a.premium.minor = static_cast<int64_t>(in.byte()) * 10'000 - 100;
        a.frequency = frequency.c_str();
        if (in.byte() & 1) a.effective_date = effective.c_str();
        a.whole_life = in.byte() & 1;
        a.premium_years = in.byte() % 30;
        inscrm_policy* p = nullptr;
        const auto st = inscrm_policy_issue(db, &admin, &a, &p);
        checked(st, op, p, true);
        if (st == INSCRM_OK) {
          policies.push_back(p->id);
          inscrm_policy* back = nullptr;
          if (inscrm_policy_get(db, &admin, p->id, &back) != INSCRM_OK) fail("an issued policy cannot be read back", op, st);
          inscrm_policy_free(&back);
        }
        inscrm_policy_free(&p);
        break;
      }
      case 5: {  // a lifecycle event, including values outside the enum
        // Unknown events too, but within the enum's range of values: outside it even forming the
        // value is undefined behaviour in C++ (UBSan flags the load), though not in C.
        const auto event = static_cast<inscrm_policy_event>(in.byte() % 16);
        const std::string reason = in.text(), on = in.text_or(kDates);
        inscrm_policy* p = nullptr;
        const int64_t id = pick(in, policies);
        const char* day = (in.byte() & 1) ? on.c_str() : nullptr;
        const inscrm_status st_ = inscrm_policy_apply_event(db, &admin, id, event, reason.c_str(), day, &p);
        checked(st_, op, p, true);
        inscrm_policy_free(&p);
        break;
      }
      case 6: {  // record a payment
        const std::string due = in.text_or(kDates), paid = in.text_or(kDates), channel = in.text_or(kChannels);
        inscrm_payment_input pay = {INSCRM_PAYMENT_INPUT_VERSION, due.c_str(), nullptr, nullptr, channel.c_str()};
        inscrm_money amount = INSCRM_MONEY_CNY(0);
        amount.minor = static_cast<int64_t>(in.byte()) * 10'000 - 50;
        if (in.byte() & 1) pay.paid = paid.c_str();
        if (in.byte() & 1) pay.amount = &amount;
        inscrm_payment* p = nullptr;
        const int64_t id = pick(in, policies);
        const inscrm_status st_ = inscrm_payment_record(db, &admin, id, &pay, &p);
        checked(st_, op, p, true);
        inscrm_payment_free(&p);
        break;
      }
      case 7: {  // move the clock
        const std::string day = in.text_or(kDates);
        checked(inscrm_db_set_date(db, day.c_str()), op);
        break;
      }
      case 8: {  // the daily run
        const std::string day = in.text_or(kDates);
        inscrm_daily_report* report = nullptr;
        const inscrm_status st_ = inscrm_db_run_daily(db, &admin, (in.byte() & 1) ? day.c_str() : nullptr, &report);
        checked(st_, op, report, true);
        inscrm_daily_report_free(&report);
        break;
      }
      case 9: {  // the outbox
        inscrm_event_list* events = nullptr;
        const std::size_t max = in.byte();
        const int64_t after = static_cast<int64_t>(in.byte()) - 2;
        const auto st = inscrm_events_poll(db, max, after, &events);
        checked(st, op, events, true);
        inscrm_event_list_free(&events);
        checked(inscrm_events_ack(db, static_cast<int64_t>(in.byte()) - 2), op);
        break;
      }
      case 10: {  // a page of customers
        inscrm_customer_query q = INSCRM_CUSTOMER_QUERY_INIT;
        q.stage = static_cast<int>(in.byte() % 10) - 2;
        q.after = static_cast<int64_t>(in.byte()) - 2;
        q.limit = in.byte();
        inscrm_customer_list* list = nullptr;
        const inscrm_status st_ = inscrm_customers_list(db, &admin, &q, &list);
        checked(st_, op, list, true);
        inscrm_customer_list_free(&list);
        break;
      }
      case 11: {  // lookups by identity number and external ref
        const std::string number = in.text_or(kIdentity), ref = in.text();
        inscrm_customer_list* list = nullptr;
        const inscrm_status st_ = inscrm_customer_find_by_identity(db, &admin, number.c_str(), &list);
        checked(st_, op, list, true);
        inscrm_customer_list_free(&list);
        inscrm_customer* c = nullptr;
        // OK with *out NULL means "no customer has this reference" (inscrm.h).
        const inscrm_status by_ref = inscrm_customer_find_by_external_ref(db, &admin, ref.c_str(), &c);
        checked(by_ref, op);
        if (by_ref != INSCRM_OK && c) fail("a failed lookup set its out pointer", op, by_ref);
        inscrm_customer_free(&c);
        break;
      }
      case 12: {  // a policy's history, payments and schedule
        const int64_t id = pick(in, policies);
        const std::string through = in.text_or(kDates);
        inscrm_transition_list* history = nullptr;
        const inscrm_status st_ = inscrm_policy_history(db, &admin, id, &history);
        checked(st_, op, history, true);
        inscrm_transition_list_free(&history);
        inscrm_payment_list* payments = nullptr;
        const inscrm_status paid = inscrm_policy_payments(db, &admin, id, &payments);
        checked(paid, op, payments, true);
        inscrm_payment_list_free(&payments);
        inscrm_schedule* schedule = nullptr;
        const inscrm_status scheduled = inscrm_policy_schedule(db, &admin, id, through.c_str(), &schedule);
        checked(scheduled, op, schedule, true);
        inscrm_schedule_free(&schedule);
        break;
      }
      default: {  // the portfolio summary
        inscrm_portfolio_summary* summary = nullptr;
        const inscrm_status st_ = inscrm_db_summary(db, &admin, &summary);
        checked(st_, op, summary, true);
        inscrm_portfolio_summary_free(&summary);
        break;
      }
    }
  }
  inscrm_close(&db);
  if (db) fail("inscrm_close left the handle set", -1, INSCRM_OK);
  return 0;
}
