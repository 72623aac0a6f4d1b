// Merge of duplicate customers (inscrm.h, "Merge of duplicate customers"). Thin: the facade's
// DuplicateService merges, undoes and lists; this turns C arguments into its and the merge record
// into an inscrm_merge.
#include <inscrm.h>

#include <inscrm/crm.hpp>

#include "guard.hpp"
#include "handle.hpp"
#include "input.hpp"
#include "output.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace inscrm::capi {

template <>
struct Versioned<inscrm_merge_options> {
  static constexpr const char* name = "inscrm_merge_options";
  static constexpr unsigned current = INSCRM_MERGE_OPTIONS_VERSION;
  static constexpr std::size_t sizes[] = {sizeof(inscrm_merge_options)};
  static constexpr inscrm_merge_options defaults = INSCRM_MERGE_OPTIONS_INIT;
};

namespace {

static_assert(names_are_c_strings<MergedTable>() && names_are_c_strings<Survivorship>());

Result<MergeOptions> options_of(const inscrm_merge_options* options) {
  inscrm_merge_options o = Versioned<inscrm_merge_options>::defaults;
  if (options) {
    INSCRM_TRY(o, read_struct(options, "options"));
  }
  MergeOptions out;
  INSCRM_TRY(out.rule, enum_named(o.rule, Survivorship::SurvivorFirst, "options.rule"));
  return out;
}

void fill(inscrm_merge& o, const CustomerMerge& m, Arena& a) {
  o.id = m.id.value;
  o.survivor = m.survivor.value;
  o.merged_away = m.merged_away.value;
  o.rule = name_of(m.rule);
  o.taken_fields = strings_out(a, m.taken_fields);
  o.taken_field_count = m.taken_fields.size();
  auto* moved = a.array<inscrm_merge_moved>(m.moved.size());
  for (std::size_t i = 0; i < m.moved.size(); ++i) {
    moved[i].table = name_of(m.moved[i].table);
    auto* ids = a.array<int64_t>(m.moved[i].ids.size());
    for (std::size_t k = 0; k < m.moved[i].ids.size(); ++k) ids[k] = m.moved[i].ids[k];
    moved[i].ids = ids;
    moved[i].count = m.moved[i].ids.size();
  }
  o.moved = moved;
  o.moved_count = m.moved.size();
  o.actor = a.str(m.actor);
  o.merged_at_unix_micros = to_c(m.merged_at);
  o.undone_at_unix_micros = to_c(m.undone_at);
  o.undone_by = a.str(m.undone_by);
}

}  // namespace
}  // namespace inscrm::capi

using namespace inscrm;

inscrm_status inscrm_merge_options_init(inscrm_merge_options* options, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(options, version, "options"); });
}

inscrm_status inscrm_customers_merge(inscrm_db* db, const inscrm_actor* actor, int64_t survivor_id,
                                     int64_t merged_away_id, const inscrm_merge_options* options, inscrm_merge** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto opts, capi::options_of(options));
    INSCRM_TRY(auto m, capi::from_handle(db).crm.duplicates().merge(who, CustomerId{survivor_id},
                                                                   CustomerId{merged_away_id}, opts));
    if (out) *out = capi::make_output<inscrm_merge>([&](inscrm_merge& o, capi::Arena& a) { capi::fill(o, m, a); });
    return ok();
  });
}

void inscrm_merge_free(inscrm_merge** merge) {
  capi::guard_void([&] { capi::free_output(merge); });
}

inscrm_status inscrm_merge_undo(inscrm_db* db, const inscrm_actor* actor, int64_t merge_id, inscrm_merge** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto m, capi::from_handle(db).crm.duplicates().undo(who, MergeId{merge_id}));
    if (out) *out = capi::make_output<inscrm_merge>([&](inscrm_merge& o, capi::Arena& a) { capi::fill(o, m, a); });
    return ok();
  });
}

inscrm_status inscrm_merge_history(inscrm_db* db, const inscrm_actor* actor, int64_t customer_id,
                                   inscrm_merge_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    std::optional<CustomerId> customer;
    if (customer_id != 0) customer = CustomerId{customer_id};
    INSCRM_TRY(auto all, capi::from_handle(db).crm.duplicates().history(who, customer));
    *out = capi::make_output<inscrm_merge_list>([&](inscrm_merge_list& o, capi::Arena& a) {
      auto* items = a.array<inscrm_merge>(all.size());
      for (std::size_t i = 0; i < all.size(); ++i) capi::fill(items[i], all[i], a);
      o.count = all.size();
      o.items = items;
    });
    return ok();
  });
}

void inscrm_merge_list_free(inscrm_merge_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}
