// Fuzz harness: bulk import of CSV and JSON files (crm/imports.hpp). The first byte chooses the
// format, what is imported (customers, policies, payments) and the mode; the rest is the file.
// Each input runs against a fresh in-memory book holding one product ("WL"), one customer ("C-1")
// and one policy ("P-1"), so that rows naming them reach the code behind the references. Checked:
//  - a file is either refused as a whole (InvalidArgument "csv"/"json") or reported row by row;
//  - the report is consistent: errors in row order, each row at most once, every row either
//    imported or reported, nothing written in all-or-nothing mode when any row is bad;
//  - no row error is a storage or internal error (bad input is the input's fault);
//  - the store holds exactly what the report says was imported (customers, policies, payments).

#include <inscrm/crm.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

using namespace inscrm;
using namespace std::chrono_literals;

namespace {

const Actor kAdmin{.user = "fuzz", .roles = {Role::Administrator}};

[[noreturn]] void fail(std::string_view input, const std::string& what) {
  std::fprintf(stderr, "fuzz_import: %s\ninput: %.*s\n", what.c_str(), static_cast<int>(input.size()), input.data());
  std::abort();
}

struct Counts {
  std::size_t customers = 0, policies = 0, payments = 0;
};

Counts count(const Crm& crm) {
  Counts c;
  c.customers = crm.customers().list(kAdmin, {.limit = 100000}).value().size();
  const auto policies = crm.policies().list(kAdmin, {.limit = 100000}).value();
  c.policies = policies.size();
  for (const auto& p : policies) c.payments += crm.policies().payments(kAdmin, p.id).value().size();
  return c;
}

Crm book() {
  auto crm = Crm::open("memory:", {.clock = std::make_shared<ManualClock>(Date{2026y / 6 / 1})}).value();
  (void)crm.products().create(kAdmin, {.code = "WL", .name = "Whole life", .term_years = 20}).value();
  const auto c = crm.customers()
                     .create(kAdmin, {.external_ref = "C-1", .name = "张伟",
                                      .identity = IdentityDocument{IdType::ResidentId, "110105198503142318"}})
                     .value();
  (void)crm.policies()
      .import(kAdmin, {{.application = {.product = "WL", .holder = c.id, .sum_insured = Money::cny(500'000'00),
                                        .premium = Money::cny(12'000'00), .effective_date = Date{2024y / 3 / 1},
                                        .number = "P-1"}}})
      .value();
  return crm;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t selector = data[0];
  const std::string_view text{reinterpret_cast<const char*>(data + 1), size - 1};
  const auto format = (selector & 1) ? ImportFormat::Json : ImportFormat::Csv;
  const int what = (selector >> 1) % 3;
  const auto mode = (selector & 8) ? ImportMode::SkipBadRows : ImportMode::AllOrNothing;
  const std::size_t batch = (selector >> 4) % 4;  // 0 = one transaction

  Crm crm = book();  // fresh per input: an input's outcome must not depend on the ones before it
  const Counts before = count(crm);
  std::size_t progress_calls = 0;
  std::size_t last_done = 0;
  const ImportOptions options{.mode = mode, .batch = batch, .progress = [&](std::size_t done, std::size_t total) {
                                ++progress_calls;
                                if (done < last_done || done > total) fail(text, "progress goes backwards or past the end");
                                last_done = done;
                              }};
  auto imports = crm.imports();
  const auto result = what == 0   ? imports.customers(kAdmin, format, text, options)
                      : what == 1 ? imports.policies(kAdmin, format, text, options)
                                  : imports.payments(kAdmin, format, text, options);
  const Counts after = count(crm);
  if (!result) {
    const auto& e = result.error();
    if (e.code() != Errc::InvalidArgument || (e.field() != "csv" && e.field() != "json"))
      fail(text, "a file was refused for a reason other than its syntax: " + e.to_string());
    if (after.customers != before.customers || after.policies != before.policies || after.payments != before.payments)
      fail(text, "a refused file changed the store");
    return 0;
  }
  const auto& report = result.value();
  if (progress_calls == 0) fail(text, "no progress was reported");
  std::size_t previous = 0;
  for (std::size_t i = 0; i < report.errors.size(); ++i) {
    const auto& e = report.errors[i];
    if (e.row >= report.rows) fail(text, "an error names a row past the end");
    if (i > 0 && e.row <= previous) fail(text, "errors out of order or a row reported twice");
    previous = e.row;
    const auto code = e.error.code();
    if (code == Errc::Ok || code == Errc::StorageError || code == Errc::StorageUnavailable || code == Errc::Internal)
      fail(text, "a row error is not the row's fault: " + e.error.to_string());
    if (e.error.message().empty()) fail(text, "a row error without a message");
  }
  if (mode == ImportMode::AllOrNothing && !report.errors.empty() && report.imported != 0)
    fail(text, "all or nothing wrote rows of a file with bad rows");
  if (mode == ImportMode::SkipBadRows && report.imported + report.errors.size() != report.rows)
    fail(text, "a row was neither imported nor reported");
  const std::size_t grown = what == 0   ? after.customers - before.customers
                            : what == 1 ? after.policies - before.policies
                                        : after.payments - before.payments;
  if (grown != report.imported) fail(text, "the store does not hold what the report says was imported");
  if (what == 0 && report.ids.size() != report.imported) fail(text, "ids do not match the imported count");
  return 0;
}
