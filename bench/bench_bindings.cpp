// Binding overhead benchmark (issues: C ABI, Python). Side by side in one run, the same rows:
//   1. bulk import of N customers through the C ABI  vs  through the C++ facade; target <= 10 % slower
//   2. a trivial getter (the schema version) through the C ABI and through C++: ns per call
// Both imports go into "memory:" stores, so the figure is the cost of the boundary, not of a disk.
// --csv PATH also writes the rows for bench_python.py, which compares Python against this C++ time.
// Usage: bench_bindings [--rows N] [--calls N] [--csv PATH]

#include "sample_portfolio.hpp"

#include <inscrm.h>

#include <fmt/format.h>
#include <fmt/os.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

const inscrm::Actor kAdmin{.user = "bench", .roles = {inscrm::Role::Administrator}};

double cxx_import(std::vector<inscrm::Customer> rows) {
  auto crm = inscrm::Crm::open("memory:").value();
  const auto start = Clock::now();
  auto report = crm.customers().import(kAdmin, std::move(rows));
  const double s = seconds_since(start);
  if (!report || !report.value().errors.empty()) std::exit(1);
  return s;
}

// The C inputs borrow the strings of `rows`, which outlive the call.
double c_import(const std::vector<inscrm::Customer>& rows) {
  std::vector<inscrm_customer_input> in(rows.size(), inscrm_customer_input INSCRM_CUSTOMER_INPUT_INIT);
  std::vector<inscrm_phone> phones(rows.size());
  std::vector<std::string> sources(rows.size());
  std::vector<inscrm_money> incomes(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& c = rows[i];
    in[i].external_ref = c.external_ref->c_str();
    in[i].name = c.name.c_str();
    in[i].identity_number = c.identity->number.c_str();
    in[i].occupation = c.occupation.c_str();
    in[i].region = c.region.c_str();
    incomes[i] = inscrm_money{c.annual_income->minor, "CNY"};
    in[i].annual_income = &incomes[i];
    phones[i] = inscrm_phone{c.phones[0].number.c_str(), 1, 0};
    in[i].phones = &phones[i];
    in[i].phone_count = 1;
    sources[i] = std::string{inscrm::to_string(c.source)};
    in[i].source = sources[i].c_str();
  }
  inscrm_db* db = nullptr;
  inscrm_open_options opts INSCRM_OPEN_OPTIONS_INIT;
  if (inscrm_open("memory:", &opts, &db) != INSCRM_OK) std::exit(1);
  inscrm_actor actor INSCRM_ACTOR_SYSTEM_INIT;
  inscrm_import_report* report = nullptr;
  const auto start = Clock::now();
  const auto status = inscrm_customers_import(db, &actor, in.data(), in.size(), INSCRM_IMPORT_ALL_OR_NOTHING, &report);
  const double s = seconds_since(start);
  if (status != INSCRM_OK || report->error_count != 0) {
    fmt::print(stderr, "C import failed: {}\n", inscrm_last_error());
    std::exit(1);
  }
  inscrm_import_report_free(&report);
  inscrm_close(&db);
  return s;
}

void write_csv(const std::string& path, const std::vector<inscrm::Customer>& rows) {
  auto out = fmt::output_file(path);
  out.print("external_ref,name,identity_number,occupation,region,annual_income,phone,source\n");
  for (const auto& c : rows)
    out.print("{},{},{},{},{},{},{},{}\n", *c.external_ref, c.name, c.identity->number, c.occupation, c.region,
              c.annual_income->minor, c.phones[0].number, inscrm::to_string(c.source));
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t rows = 1'000'000, calls = 10'000'000;
  std::string csv;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    if (arg == "--rows") rows = std::strtoull(argv[i + 1], nullptr, 10);
    else if (arg == "--calls") calls = std::strtoull(argv[i + 1], nullptr, 10);
    else if (arg == "--csv") csv = argv[i + 1];
  }
  inscrm::sample::Options options;
  options.customers = rows;
  auto org = inscrm::sample::create_organisation(inscrm::Crm::open("memory:").value(), kAdmin).value();
  auto customers = inscrm::sample::generate_customers(options, org);
  for (auto& c : customers) {  // the stores below have no org units or agents
    c.org_unit = inscrm::OrgUnitId{};
    c.agent.reset();
  }
  if (!csv.empty()) write_csv(csv, customers);

  const double t_cxx = cxx_import(customers);
  const double t_c = c_import(customers);
  fmt::print("bulk import of {} customers: C++ facade {:.3f} s, C ABI {:.3f} s: C ABI {:+.1f} % (target <= +10 %) {}\n",
             rows, t_cxx, t_c, 100.0 * (t_c / t_cxx - 1.0), t_c <= 1.10 * t_cxx ? "ok" : "ABOVE TARGET");
  fmt::print("cxx_import_seconds={:.6f}\n", t_cxx);

  auto crm = inscrm::Crm::open("memory:").value();
  inscrm_db* db = nullptr;
  inscrm_open_options opts INSCRM_OPEN_OPTIONS_INIT;
  if (inscrm_open("memory:", &opts, &db) != INSCRM_OK) return 1;
  long long sink = 0;
  auto start = Clock::now();
  for (std::size_t i = 0; i < calls; ++i) {
    int v = 0;
    inscrm_db_schema_version(db, &v);
    sink += v;
  }
  const double ns_c = 1e9 * seconds_since(start) / static_cast<double>(calls);
  start = Clock::now();
  for (std::size_t i = 0; i < calls; ++i) {
    sink += crm.schema_version();
    asm volatile("" ::: "memory");  // keep the loop from being folded away
  }
  const double ns_cxx = 1e9 * seconds_since(start) / static_cast<double>(calls);
  inscrm_close(&db);
  fmt::print("trivial getter (schema version): C ABI {:.1f} ns/call, C++ {:.1f} ns/call ({} calls, checksum {})\n",
             ns_c, ns_cxx, calls, sink % 7);
  return 0;
}
