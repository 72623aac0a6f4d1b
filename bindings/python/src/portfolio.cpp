// crm.portfolio(as_of): the columnar snapshot of the book (analytics/portfolio.hpp) as a Python
// object. Rules are evaluated over whole columns in C++ and fact columns leave as NumPy arrays, so
// nothing here costs one Python call per customer. The analytics that also read the book's
// records (RFM, loyalty, profitability, lapse risk) load them once, on first use, through the
// services (portfolio_analytics.cpp).

#include "portfolio.hpp"

#include "arrays.hpp"

#include <inscrm/rules/evaluate.hpp>
#include <inscrm/rules/rule.hpp>

#include <limits>

namespace inscrm::python {
namespace {

constexpr std::int64_t kNaT = std::numeric_limits<std::int64_t>::min();

// Calls fn with the column's elements as a typed span (the narrowed width it is stored in).
template <class Fn>
void with_elements(const Column& c, Fn&& fn) {
  std::visit([&](const auto& v) { fn(std::span(v)); }, c.data);
}

// A column as one NumPy array, nulls as the dtype's own missing value where it has one:
//   Int, Money (fen)   int64, or float64 with NaN when the column has nulls
//   Decimal            float64, NaN for null
//   Bool               bool, or object with None when the column has nulls
//   Day                datetime64[D], NaT for null
//   String             object: str, None for null
//   StringSet          object: a tuple of str per row (empty when null)
py::object column_array(const Portfolio& p, FactId id) {
  const Column& c = p.column(id);
  const std::size_t n = p.size();
  switch (c.type) {
    case FactType::Int:
    case FactType::Money:
      if (!c.has_nulls()) {
        std::vector<std::int64_t> out(n);
        with_elements(c, [&](auto span) {
          for (std::size_t r = 0; r < n; ++r) out[r] = static_cast<std::int64_t>(span[r]);
        });
        return numpy_array(out);
      } else {
        std::vector<double> out(n);
        with_elements(c, [&](auto span) {
          for (std::size_t r = 0; r < n; ++r)
            out[r] = c.is_null(r) ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(span[r]);
        });
        return numpy_array(out);
      }
    case FactType::Decimal: {
      std::vector<double> out(n);
      with_elements(c, [&](auto span) {
        for (std::size_t r = 0; r < n; ++r)
          out[r] = c.is_null(r) ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(span[r]);
      });
      return numpy_array(out);
    }
    case FactType::Day: {
      std::vector<std::int64_t> out(n);
      with_elements(c, [&](auto span) {
        for (std::size_t r = 0; r < n; ++r) out[r] = c.is_null(r) ? kNaT : static_cast<std::int64_t>(span[r]);
      });
      return numpy_array(out).attr("view")("datetime64[D]");
    }
    case FactType::Bool: {
      if (!c.has_nulls()) {
        py::array_t<bool> out(static_cast<py::ssize_t>(n));
        auto* data = out.mutable_data();
        with_elements(c, [&](auto span) {
          for (std::size_t r = 0; r < n; ++r) data[r] = span[r] != 0;
        });
        return out;
      }
      py::list out(n);
      with_elements(c, [&](auto span) {
        for (std::size_t r = 0; r < n; ++r)
          out[r] = c.is_null(r) ? py::object(py::none()) : py::object(py::bool_(span[r] != 0));
      });
      return py::module_::import("numpy").attr("array")(out, py::arg("dtype") = "object");
    }
    case FactType::String: {
      // One str per dictionary entry, shared by every row that holds it.
      std::vector<py::object> texts;
      for (const auto& t : c.dictionary) texts.push_back(py::str(t));
      py::list out(n);
      with_elements(c, [&](auto span) {
        for (std::size_t r = 0; r < n; ++r)
          out[r] = c.is_null(r) ? py::object(py::none()) : texts.at(static_cast<std::size_t>(span[r]));
      });
      return py::module_::import("numpy").attr("array")(out, py::arg("dtype") = "object");
    }
    case FactType::StringSet: {
      py::list out(n);
      for (std::size_t r = 0; r < n; ++r) {
        const auto members = std::get<std::vector<std::string>>(
            c.is_null(r) ? FactValue{std::vector<std::string>{}} : p.value(id, r));
        py::tuple t(members.size());
        for (std::size_t i = 0; i < members.size(); ++i) t[i] = py::str(members[i]);
        out[r] = std::move(t);
      }
      // np.array would turn equal-length tuples into a 2-D array: fill an object array instead.
      auto np = py::module_::import("numpy");
      py::array result = np.attr("empty")(n, py::arg("dtype") = "object");
      for (std::size_t r = 0; r < n; ++r) result.attr("__setitem__")(r, out[r]);
      return result;
    }
  }
  raise_invalid("fact", "unsupported fact type");
}

FactId fact_of(const Portfolio& p, const std::string& name) {
  if (auto id = p.find(name)) return *id;
  std::string message = "unknown fact '" + name + "'";
  if (auto near = p.registry().nearest(name)) message += " (did you mean '" + *near + "'?)";
  raise(Error::not_found("fact", message));
}

py::object from_fact_value(const FactValue& v) {
  return std::visit(
      [](const auto& x) -> py::object {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) return py::none();
        else if constexpr (std::is_same_v<T, bool>) return py::bool_(x);
        else if constexpr (std::is_same_v<T, std::int64_t>) return py::int_(x);
        else if constexpr (std::is_same_v<T, double>) return py::float_(x);
        else if constexpr (std::is_same_v<T, Date>) return from_date(x);
        else if constexpr (std::is_same_v<T, Money>) return py::int_(x.minor);
        else if constexpr (std::is_same_v<T, std::string>) return py::str(x);
        else {
          py::tuple t(x.size());
          for (std::size_t i = 0; i < x.size(); ++i) t[i] = py::str(x[i]);
          return t;
        }
      },
      v);
}

// Compiles and evaluates a rule without the GIL.
rules::Selection selected_rows(const Portfolio& portfolio, const std::string& text) {
  return unwrap(without_gil([&]() -> Result<rules::Selection> {
    auto rule = rules::compile(text, portfolio.registry());
    if (!rule) return std::move(rule).error();
    return rules::evaluate(rule.value(), portfolio);
  }));
}

}  // namespace

void register_portfolio(py::module_& m) {
  py::class_<PortfolioHandle> cls(
      m, "Portfolio",
      "The columnar snapshot of the book as of a day (crm.portfolio(as_of)): one row per customer, one\n"
      "array per fact. evaluate() runs a rule over whole columns; column() and arrays() give the facts\n"
      "as NumPy arrays (money in int64 fen), dataframe() as a pandas DataFrame indexed by customer.");
  cls.def("__len__", [](const PortfolioHandle& h) { return h.portfolio->size(); })
      .def_property_readonly("as_of", [](const PortfolioHandle& h) { return from_date(h.portfolio->as_of()); })
      .def_property_readonly(
          "customers",
          [](const PortfolioHandle& h) {
            const auto rows = h.portfolio->customers();
            return id_array(std::vector<CustomerId>(rows.begin(), rows.end()));
          },
          "The customer of each row (int64 array, row order).")
      .def_property_readonly(
          "facts",
          [](const PortfolioHandle& h) {
            const auto portfolio = h.portfolio;
            py::dict out;
            for (const auto& f : portfolio->registry().facts()) out[py::str(f.name)] = from_enum(f.type);
            return out;
          },
          "{fact name: type name} of every fact, in registry order.")
      .def(
          "column",
          [](const PortfolioHandle& h, const std::string& fact) { return column_array(*h.portfolio, fact_of(*h.portfolio, fact)); },
          py::arg("fact"),
          "One fact for every row as a NumPy array: integers and money (fen) int64 (float64 with NaN when\n"
          "some are null), decimals float64, dates datetime64[D] (NaT), booleans bool, strings object (None),\n"
          "string sets object arrays of tuples. NotFound 'fact' for an unknown name.")
      .def(
          "arrays",
          [](const PortfolioHandle& h) {
            const auto portfolio = h.portfolio;
            py::dict out;
            out["customer"] = id_array(std::vector<CustomerId>(portfolio->customers().begin(), portfolio->customers().end()));
            const auto& facts = portfolio->registry().facts();
            for (FactId id = 0; id < facts.size(); ++id) out[py::str(facts[id].name)] = column_array(*portfolio, id);
            return out;
          },
          "{'customer': ids, fact: column(fact) for every fact}.")
      .def(
          "dataframe",
          [](py::object self) { return py::module_::import("inscrm._frames").attr("portfolio_frame")(self.attr("arrays")()); },
          "arrays() as a pandas DataFrame indexed by customer (needs pandas).")
      .def(
          "evaluate",
          [](const PortfolioHandle& h, const std::string& rule) {
            const auto portfolio = h.portfolio;
            const auto selected = selected_rows(*portfolio, rule);
            return id_array(rules::customers_of(selected, *portfolio));
          },
          py::arg("rule"),
          "The customers a rule selects (int64 array, row order). A rule that does not parse or type-check\n"
          "raises InvalidArgument with field 'rule', its line and column.")
      .def(
          "count",
          [](const PortfolioHandle& h, const std::string& rule) {
            const auto portfolio = h.portfolio;  // kept alive while the rule runs without the GIL
            return selected_rows(*portfolio, rule).count();
          }, py::arg("rule"),
          "How many customers a rule selects.")
      .def(
          "count_by",
          [](const PortfolioHandle& h, const std::string& rule, const std::string& fact) {
            const auto portfolio = h.portfolio;
            const auto selected = selected_rows(*portfolio, rule);
            auto groups = unwrap(without_gil([&] { return rules::count_by(selected, *portfolio, fact); }));
            py::dict out;
            for (const auto& g : groups) out[from_fact_value(g.key)] = g.count;
            return out;
          },
          py::arg("rule"), py::arg("fact"),
          "{value of `fact`: selected customers}, ordered by value (None = null first); a string-set fact\n"
          "counts a customer once under each member.")
      .def("__repr__", [](const PortfolioHandle& h) {
        const auto portfolio = h.portfolio;
        return "<inscrm.Portfolio of " + std::to_string(portfolio->size()) + " customers as of " +
               to_string(portfolio->as_of()) + ">";
      });
  register_portfolio_analytics(cls);
}

}  // namespace inscrm::python
