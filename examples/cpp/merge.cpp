// Merge of duplicate customers (domain.md C13): two records of one person found by the duplicate
// check, merged — the survivor keeps its phone and takes the e-mail and occupation it lacked, the
// policy and the points of the other record move to it — then the merge undone, which gives the
// policy and points back and restores the other record. Usage: merge [storage-uri] (default: memory:)

#include <inscrm/crm.hpp>

#include <fmt/format.h>

#include <cstdio>
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
  auto clock = std::make_shared<ManualClock>(Date{2025y / 3 / 1});
  auto opened = Crm::open(uri, {.clock = clock});
  if (!opened) return fail(opened.error());
  Crm& crm = opened.value();
  const Actor clerk{.user = "clerk-1", .roles = {Role::ServiceRep, Role::Administrator}};

  if (auto p = crm.products().create(clerk, {.code = "WL", .name = "Whole life", .term_years = 20}); !p)
    return fail(p.error());
  auto wei = crm.customers().create(clerk, {.name = "张伟", .birth_date = Date{1985y / 3 / 14},
                                            .phones = {{.number = "13812345678"}}});
  auto twin = crm.customers().create(clerk, {.name = "张 伟", .birth_date = Date{1985y / 3 / 14},
                                             .occupation = "engineer", .emails = {{.address = "zw@example.com"}}});
  if (!wei) return fail(wei.error());
  if (!twin) return fail(twin.error());
  const CustomerId survivor = wei.value().id, other = twin.value().id;
  auto policy = crm.policies().issue(clerk, {.product = "WL", .holder = other, .sum_insured = Money::cny(500'000'00),
                                             .premium = Money::cny(12'000'00)});
  if (!policy) return fail(policy.error());
  if (auto a = crm.loyalty().adjust(clerk, other, 300, "welcome", "welcome bonus"); !a) return fail(a.error());

  auto pairs = crm.duplicates().candidates(clerk);
  if (!pairs) return fail(pairs.error());
  fmt::print("duplicate candidates: {}\n", pairs.value().size());

  auto merged = crm.duplicates().merge(clerk, survivor, other);
  if (!merged) return fail(merged.error());
  const CustomerMerge& m = merged.value();
  fmt::print("merge {}: customer {} into {} ({}), fields taken: {}\n", m.id.value, m.merged_away.value,
             m.survivor.value, to_string(m.rule), fmt::join(m.taken_fields, ", "));
  for (const auto& r : m.moved) fmt::print("  moved {:<16} {}\n", to_string(r.table), fmt::join(r.ids, ", "));
  const auto after = crm.customers().get(clerk, survivor);
  const auto holder = crm.policies().get(clerk, policy.value().id);
  const auto points = crm.loyalty().balance(clerk, survivor);
  if (!after || !holder || !points) return 1;
  fmt::print("survivor now: e-mail {}, occupation {}, policy holder {}, {} points\n",
             after.value().emails.empty() ? "-" : after.value().emails.front().address, after.value().occupation,
             holder.value().holder.value, points.value().balance);

  clock->advance(1h);
  auto undone = crm.duplicates().undo(clerk, m.id);
  if (!undone) return fail(undone.error());
  const auto back = crm.policies().get(clerk, policy.value().id);
  const auto restored = crm.customers().get(clerk, other);
  if (!back || !restored) return 1;
  fmt::print("undone: policy holder {}, customer {} merged_into {}\n", back.value().holder.value, other.value,
             restored.value().merged_into ? std::to_string(restored.value().merged_into->value) : "none");
  // The example is also a test: the undo must have given everything back.
  return back.value().holder == other && !restored.value().merged_into ? 0 : 1;
}
