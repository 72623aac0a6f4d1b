// crm.imports and crm.exports: file import of customers, policies and payments (CSV or JSON, from
// a path or from a str) with the inscrm.ImportReport of every bulk import, a progress callback,
// and the customer export. The file is read and the import runs with the GIL released; the GIL is
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
          "'name_and_birth_date'). A value shared by more than max_group customers pairs none.");
}

}  // namespace inscrm::python
