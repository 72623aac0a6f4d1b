// Data quality: file import and export and duplicate candidates (inscrm.h, "Data quality"). Thin:
// the facade's ImportService, ExportService and DuplicateService do the work; this turns C arguments into theirs and the report
// into the same inscrm_import_report that inscrm_customers_import returns.
#include <inscrm.h>

#include <inscrm/crm.hpp>

#include "guard.hpp"
#include "handle.hpp"
#include "input.hpp"
#include "output.hpp"

#include <fmt/format.h>

#include <cstddef>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace inscrm::capi {

template <>
struct Versioned<inscrm_import_options> {
  static constexpr const char* name = "inscrm_import_options";
  static constexpr unsigned current = INSCRM_IMPORT_OPTIONS_VERSION;
  static constexpr std::size_t sizes[] = {sizeof(inscrm_import_options)};
  static constexpr inscrm_import_options defaults = INSCRM_IMPORT_OPTIONS_INIT;
};

namespace {

Result<ImportFormat> format_of(int format) {
  if (format == INSCRM_FORMAT_CSV) return ImportFormat::Csv;
  if (format == INSCRM_FORMAT_JSON) return ImportFormat::Json;
  return Error::invalid_argument("format", fmt::format("{} is not an inscrm_file_format", format));
}

Result<ImportOptions> options_of(const inscrm_import_options* options) {
  inscrm_import_options o = Versioned<inscrm_import_options>::defaults;
  if (options) {
    INSCRM_TRY(o, read_struct(options, "options"));
  }
  if (o.mode != INSCRM_IMPORT_ALL_OR_NOTHING && o.mode != INSCRM_IMPORT_SKIP_BAD_ROWS)
    return Error::invalid_argument("options.mode", fmt::format("{} is not an inscrm_import_mode", o.mode));
  ImportOptions out;
  out.mode = o.mode == INSCRM_IMPORT_SKIP_BAD_ROWS ? ImportMode::SkipBadRows : ImportMode::AllOrNothing;
  out.batch = o.batch;
  if (o.progress) {
    const auto fn = o.progress;
    void* const user = o.progress_user_data;
    out.progress = [fn, user](std::size_t done, std::size_t total) { fn(done, total, user); };
  }
  return out;
}

Result<void> run_import(inscrm_db* db, const inscrm_actor* actor, int kind, int format, std::string_view text,
                        const inscrm_import_options* options, inscrm_import_report** out) {
  INSCRM_TRY(auto who, capi::actor(actor));
  INSCRM_TRY(auto fmt_, format_of(format));
  INSCRM_TRY(auto opts, options_of(options));
  auto imports = from_handle(db).crm.imports();
  Result<ImportReport> got = Error::invalid_argument("kind", fmt::format("{} is not an inscrm_import_kind", kind));
  if (kind == INSCRM_IMPORT_CUSTOMERS) got = imports.customers(who, fmt_, text, opts);
  if (kind == INSCRM_IMPORT_POLICIES) got = imports.policies(who, fmt_, text, opts);
  if (kind == INSCRM_IMPORT_PAYMENTS) got = imports.payments(who, fmt_, text, opts);
  INSCRM_TRY(auto report, std::move(got));

  // The data rows the ids came from: every row without an error, in order.
  std::vector<std::size_t> id_rows;
  {
    std::size_t e = 0;
    for (std::size_t row = 0; row < report.rows && id_rows.size() < report.ids.size(); ++row) {
      while (e < report.errors.size() && report.errors[e].row < row) ++e;
      if (e < report.errors.size() && report.errors[e].row == row) continue;
      id_rows.push_back(row);
    }
  }
  *out = make_output<inscrm_import_report>([&](inscrm_import_report& r, Arena& a) {
    r.imported = report.imported;
    auto* ids = a.array<int64_t>(report.ids.size());
    auto* from = a.array<size_t>(report.ids.size());
    for (std::size_t i = 0; i < report.ids.size(); ++i) {
      ids[i] = report.ids[i].value;
      from[i] = i < id_rows.size() ? id_rows[i] : 0;
    }
    r.ids = ids;
    r.id_rows = from;
    r.id_count = report.ids.size();
    r.error_count = report.errors.size();
    r.errors = make_items<inscrm_row_error>(a, report.errors, [](inscrm_row_error& e, Arena& arena, const RowError& source) {
      e.row = source.row;
      e.code = static_cast<inscrm_status>(source.error.code());
      e.field = arena.str(source.error.field());
      e.message = arena.str(source.error.message());
    });
  });
  return ok();
}

}  // namespace
}  // namespace inscrm::capi

using namespace inscrm;

inscrm_status inscrm_import_options_init(inscrm_import_options* options, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(options, version, "options"); });
}

inscrm_status inscrm_import_text(inscrm_db* db, const inscrm_actor* actor, int kind, int format, const char* text,
                                 size_t length, const inscrm_import_options* options, inscrm_import_report** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRYV(capi::require(out, "out"));
    if (text == nullptr && length > 0) return Error::invalid_argument("text", "text is NULL but length is not 0");
    return capi::run_import(db, actor, kind, format, std::string_view{text ? text : "", length}, options, out);
  });
}

inscrm_status inscrm_import_file(inscrm_db* db, const inscrm_actor* actor, int kind, int format, const char* path,
                                 const inscrm_import_options* options, inscrm_import_report** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRYV(capi::require(path, "path"));
    INSCRM_TRYV(capi::require(out, "out"));
    std::ifstream file{path, std::ios::binary};
    if (!file) return Error::invalid_argument("path", fmt::format("cannot open '{}'", path));
    std::ostringstream content;
    content << file.rdbuf();
    if (file.bad()) return Error::invalid_argument("path", fmt::format("cannot read '{}'", path));
    const std::string text = std::move(content).str();
    return capi::run_import(db, actor, kind, format, text, options, out);
  });
}

inscrm_status inscrm_customers_export(inscrm_db* db, const inscrm_actor* actor, int format, inscrm_export** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto f, capi::format_of(format));
    INSCRM_TRY(auto text, capi::from_handle(db).crm.exports().customers(who, f));
    *out = capi::make_output<inscrm_export>([&](inscrm_export& e, capi::Arena& a) {
      e.data = a.str(text);
      e.length = text.size();
    });
    return ok();
  });
}

void inscrm_export_free(inscrm_export** exported) {
  capi::guard_void([&] { capi::free_output(exported); });
}

inscrm_status inscrm_duplicates_find(inscrm_db* db, const inscrm_actor* actor, size_t max_group,
                                     inscrm_duplicate_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto who, capi::actor(actor));
    DuplicateOptions options;
    if (max_group > 0) options.max_group = max_group;
    INSCRM_TRY(auto pairs, capi::from_handle(db).crm.duplicates().candidates(who, options));
    *out = capi::make_output<inscrm_duplicate_list>([&](inscrm_duplicate_list& list, capi::Arena& a) {
      capi::fill_list<inscrm_duplicate_list, inscrm_duplicate_pair>(
          list, a, pairs, [](inscrm_duplicate_pair& p, capi::Arena& arena, const DuplicateCandidate& c) {
            p.first = c.first.value;
            p.second = c.second.value;
            const char** names = arena.array<const char*>(c.reasons.size());
            for (std::size_t i = 0; i < c.reasons.size(); ++i) names[i] = capi::name_of(c.reasons[i]);
            p.reasons = names;
            p.reason_count = c.reasons.size();
          });
    });
    return ok();
  });
}

void inscrm_duplicate_list_free(inscrm_duplicate_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}
