// crm.imports and crm.exports: file import of customers, policies and payments (CSV or JSON, from
// a path or from a str) with the inscrm.ImportReport of every bulk import, a progress callback,
// and the customer export; crm.duplicates: candidate pairs, merge, undo and the merge history. The file is read and the import runs with the GIL released; the GIL is
// taken back only to call the progress callback.

#include "common.hpp"
#include "import_report.hpp"

#include <inscrm/crm.hpp>

#include <pybind11/functional.h>
#include <pybind11/numpy.h>

#include <cctype>
#include <fstream>
#include <optional>
#include <sstream>

namespace inscrm::python {
namespace {

ImportMode mode_of(const std::string& mode) {
  if (mode == "all_or_nothing") return ImportMode::AllOrNothing;
  if (mode == "skip_bad_rows") return ImportMode::SkipBadRows;
  raise_invalid("mode", "unknown import mode '" + mode + "'; expected all_or_nothing or skip_bad_rows");
}

ImportFormat format_of(const std::string& format) {
  if (format == "csv") return ImportFormat::Csv;
  if (format == "json") return ImportFormat::Json;
  raise_invalid("format", "unknown format '" + format + "'; expected csv or json");
}

// The text to import and its format: from `text` (a str or bytes), or read from `path`; the format
// given, else the path's suffix, else JSON when the text starts with '[' and CSV otherwise.
struct Source {
  std::string text;
  ImportFormat format = ImportFormat::Csv;
};

Source source_of(const py::object& path, const py::object& text, const py::object& format) {
  if (path.is_none() == text.is_none()) raise_invalid("path", "give either a path or text=, not both or neither");
  Source out;
  std::optional<ImportFormat> chosen;
  if (!format.is_none()) chosen = format_of(py::cast<std::string>(format));
  if (!text.is_none()) {
    out.text = py::cast<std::string>(text);  // str (as UTF-8) or bytes
  } else {
    const std::string file = py::cast<std::string>(py::module_::import("os").attr("fspath")(path));
    std::string lowered = file;
    for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!chosen && lowered.ends_with(".json")) chosen = ImportFormat::Json;
    if (!chosen && lowered.ends_with(".csv")) chosen = ImportFormat::Csv;
    bool opened = true;
    out.text = without_gil([&] {
      std::ifstream in{file, std::ios::binary};
      if (!in) {
        opened = false;
        return std::string{};
      }
      std::ostringstream content;
      content << in.rdbuf();
      return std::move(content).str();
    });
    if (!opened) {
      // Let Python's open() raise the OSError it would (FileNotFoundError, PermissionError…).
      py::module_::import("io").attr("open")(file, "rb").attr("close")();
      raise_invalid("path", "cannot read '" + file + "'");
    }
  }
  if (!chosen) {
    std::size_t i = out.text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    while (i < out.text.size() && (out.text[i] == ' ' || out.text[i] == '\n' || out.text[i] == '\r' || out.text[i] == '\t'))
      ++i;
    chosen = i < out.text.size() && out.text[i] == '[' ? ImportFormat::Json : ImportFormat::Csv;
  }
  out.format = *chosen;
  return out;
}

enum class Kind { Customers, Policies, Payments };

ImportReportPy run(const ImportsHandle& h, Kind kind, const py::object& path, const py::object& text,
                   const py::object& format, const std::string& mode, std::size_t batch, const py::object& progress,
                   const py::object& actor) {
  const auto import_mode = mode_of(mode);
  Source source = source_of(path, text, format);
  auto crm = h.state->live();
  const auto who = h.state->actor_for(actor);
  ImportOptions options{.mode = import_mode, .batch = batch, .progress = {}};
  // An exception in the callback cannot stop the import (it runs in C++ with the GIL released);
  // the first is kept and raised once the import has returned, and later calls are skipped.
  std::optional<py::error_already_set> raised;
  if (!progress.is_none()) {
    options.progress = [&progress, &raised](std::size_t done, std::size_t total) {
      py::gil_scoped_acquire gil;
      if (raised) return;
      try {
        progress(done, total);
      } catch (py::error_already_set& e) {
        raised.emplace(std::move(e));
      }
    };
  }
  auto report = unwrap(without_gil([&] {
    auto imports = crm.imports();
    switch (kind) {
      case Kind::Customers: return imports.customers(who, source.format, source.text, options);
      case Kind::Policies: return imports.policies(who, source.format, source.text, options);
      case Kind::Payments: break;
    }
    return imports.payments(who, source.format, source.text, options);
  }));
  if (raised) throw std::move(*raised);

  ImportReportPy out;
  out.imported = report.imported;
  out.rows = report.rows;
  out.mode = mode;
  auto cls = row_error_class();
  for (const auto& e : report.errors) {
    const auto code = to_string(e.error.code());
    out.errors.append(cls(e.row, py::str(code.data(), code.size()), e.error.field(), e.error.message()));
  }
  py::array_t<std::int64_t> ids(static_cast<py::ssize_t>(report.ids.size()));
  auto* p = ids.mutable_data();
  for (std::size_t i = 0; i < report.ids.size(); ++i) p[i] = report.ids[i].value;
  out.ids = std::move(ids);
  return out;
}

constexpr const char* kImportDoc =
    "Imports a CSV (header row) or JSON (array of objects) file: from `path`, or from `text=` (str or\n"
    "bytes). format: 'csv' or 'json' (default: the path's suffix, else JSON when the text starts\n"
    "with '['). mode: 'all_or_nothing' (any bad row: nothing is written) or 'skip_bad_rows'.\n"
    "batch: rows per transaction in skip_bad_rows mode (0 = one). progress(processed, total) is\n"
    "called after each batch. Text is normalised (full-width forms, 2024年3月14日 dates, +86\n"
    "phones). Returns an ImportReport whose errors name each bad row once with its column.";

}  // namespace

void register_imports(py::module_& m) {
  auto def_import = [](py::class_<ImportsHandle>& cls, const char* name, Kind kind) {
    cls.def(
        name,
        [kind](const ImportsHandle& h, py::object path, py::object text, py::object format, const std::string& mode,
               std::size_t batch, py::object progress, py::object actor) {
          return run(h, kind, path, text, format, mode, batch, progress, actor);
        },
        py::arg("path") = py::none(), py::kw_only(), py::arg("text") = py::none(), py::arg("format") = py::none(),
        py::arg("mode") = "all_or_nothing", py::arg("batch") = 0, py::arg("progress") = py::none(),
        py::arg("actor") = py::none(), kImportDoc);
  };
  py::class_<ImportsHandle> imports(m, "ImportService",
                                    "crm.imports: customers, policies and payments from CSV or JSON files.");
  def_import(imports, "customers", Kind::Customers);
  def_import(imports, "policies", Kind::Policies);
  def_import(imports, "payments", Kind::Payments);

  py::class_<ExportsHandle>(m, "ExportService", "crm.exports: customers as CSV or JSON text.")
      .def(
          "customers",
          [](const ExportsHandle& h, const std::string& format, py::object path, py::object actor) -> py::object {
            const auto f = format_of(format);
            auto text = call_service(h.state, actor, [&](Crm& crm, const Actor& who) { return crm.exports().customers(who, f); });
            if (path.is_none()) return py::str(text);
            const std::string file = py::cast<std::string>(py::module_::import("os").attr("fspath")(path));
            py::module_::import("pathlib").attr("Path")(file).attr("write_bytes")(py::bytes(text));
            return py::none();
          },
          py::kw_only(), py::arg("format") = "csv", py::arg("path") = py::none(), py::arg("actor") = py::none(),
          "Every customer the actor may see, in the columns imports.customers reads. Returns the text,\n"
          "or writes it to `path` (and returns None). Roles without the right to personal data get\n"
          "masked identity numbers, phones, e-mails and addresses.");

  static auto* pair_class = new py::object(py::module_::import("collections")
                                               .attr("namedtuple")("DuplicatePair", py::make_tuple("first", "second", "reasons"),
                                                                   py::arg("module") = "inscrm"));
  m.attr("DuplicatePair") = *pair_class;
  py::class_<DuplicatesHandle>(m, "DuplicateService", "crm.duplicates: candidate pairs of customers.")
      .def(
          "candidates",
          [](const DuplicatesHandle& h, std::size_t max_group, py::object actor) {
            DuplicateOptions options;
            options.max_group = max_group;
            auto pairs = call_service(h.state, actor,
                                      [&](Crm& crm, const Actor& who) { return crm.duplicates().candidates(who, options); });
            py::list out;
            for (const auto& p : pairs) {
              py::list reasons;
              for (auto r : p.reasons) {
                const auto name = to_string(r);
                reasons.append(py::str(name.data(), name.size()));
              }
              out.append((*pair_class)(p.first.value, p.second.value, py::tuple(reasons)));
            }
            return out;
          },
          py::kw_only(), py::arg("max_group") = 50, py::arg("actor") = py::none(),
          "Every pair of customers in the actor's scope that share an identity number, phone or\n"
          "e-mail, or have similar names and the same birth date, as DuplicatePair(first, second,\n"
          "reasons) ordered by ids; reasons name every match ('identity_number', 'phone', 'email',\n"
          "'name_and_birth_date'). A value shared by more than max_group customers pairs none.")
      .def(
          "merge",
          [](const DuplicatesHandle& h, std::int64_t survivor, std::int64_t merged_away, const std::string& rule,
             py::object actor) {
            MergeOptions options;
            const auto parsed = enum_from_string<Survivorship>(rule);
            if (!parsed) raise_invalid("rule", "unknown survivorship rule '" + rule + "'; expected survivor_first or most_recent");
            options.rule = *parsed;
            return call_service(h.state, actor, [&](Crm& crm, const Actor& who) {
              return crm.duplicates().merge(who, CustomerId{survivor}, CustomerId{merged_away}, options);
            });
          },
          py::arg("survivor"), py::arg("merged_away"), py::kw_only(), py::arg("rule") = "survivor_first",
          py::arg("actor") = py::none(),
          "Merges customer `merged_away` into `survivor` in one transaction and returns the Merge.\n"
          "Every policy, claim, interaction, complaint, service request, survey response, consent,\n"
          "care task, campaign membership and points entry of the merged-away customer moves to the\n"
          "survivor (whose balance becomes the sum of both); the merged-away record is kept with\n"
          "merged_into set and leaves lists, lookups and duplicate candidates. rule: which filled\n"
          "field wins — 'survivor_first' (the survivor's) or 'most_recent' (the record updated last);\n"
          "an empty field always takes the other's value. Needs the right to update customers.")
      .def(
          "undo",
          [](const DuplicatesHandle& h, std::int64_t merge_id, py::object actor) {
            return call_service(h.state, actor,
                                [&](Crm& crm, const Actor& who) { return crm.duplicates().undo(who, MergeId{merge_id}); });
          },
          py::arg("merge_id"), py::kw_only(), py::arg("actor") = py::none(),
          "Undoes a merge: exactly the records that moved go back (not those created for the survivor\n"
          "since), the merged-away customer is restored, and the survivor's fields the merge filled\n"
          "return unless changed since. IllegalTransition when undone already; Conflict when the\n"
          "survivor was merged into another customer since.")
      .def(
          "history",
          [](const DuplicatesHandle& h, std::optional<std::int64_t> customer_id, py::object actor) {
            std::optional<CustomerId> customer;
            if (customer_id) customer = CustomerId{*customer_id};
            return call_service(h.state, actor,
                                [&](Crm& crm, const Actor& who) { return crm.duplicates().history(who, customer); });
          },
          py::arg("customer_id") = py::none(), py::kw_only(), py::arg("actor") = py::none(),
          "The merges a customer took part in (survivor or merged away), or every merge in the\n"
          "actor's scope, in id order.");

  py::class_<CustomerMerge>(m, "Merge", "A merge of two customer records (read-only).")
      .def_property_readonly("id", [](const CustomerMerge& x) { return x.id.value; })
      .def_property_readonly("survivor", [](const CustomerMerge& x) { return x.survivor.value; })
      .def_property_readonly("merged_away", [](const CustomerMerge& x) { return x.merged_away.value; })
      .def_property_readonly("rule", [](const CustomerMerge& x) { return std::string{to_string(x.rule)}; })
      .def_readonly("taken_fields", &CustomerMerge::taken_fields,
                    "The fields the survivor took from the merged-away record.")
      .def_property_readonly(
          "moved",
          [](const CustomerMerge& x) {
            py::dict out;
            for (const auto& r : x.moved) out[py::str(std::string{to_string(r.table)})] = r.ids;
            return out;
          },
          "The ids that moved, per table ('policies', 'claims', …; campaign_members: campaign ids).")
      .def_readonly("actor", &CustomerMerge::actor)
      .def_property_readonly("merged_at", [](const CustomerMerge& x) { return from_instant(x.merged_at); })
      .def_property_readonly("undone_at", [](const CustomerMerge& x) { return from_instant(x.undone_at); })
      .def_readonly("undone_by", &CustomerMerge::undone_by)
      .def("__repr__", [](const CustomerMerge& x) {
        return "Merge(id=" + std::to_string(x.id.value) + ", survivor=" + std::to_string(x.survivor.value) +
               ", merged_away=" + std::to_string(x.merged_away.value) + (x.undone_at ? ", undone" : "") + ")";
      });
}

}  // namespace inscrm::python
