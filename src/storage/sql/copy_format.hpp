#pragma once
// PostgreSQL COPY text format for the bulk paths: SOCI's vector binding costs one round trip per
// row on PostgreSQL (and re-sends stale values on re-execution, SOCI #910/#1167), COPY streams a
// whole chunk in one.

#include "storage/sql/columns.hpp"
#include "storage/sql/prepared.hpp"

#include <charconv>
#include <string>

namespace inscrm::storage::sql {

inline void copy_field(std::string& out, const IntCol& c) {
  if (c.null()) {
    out += "\\N";
    return;
  }
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, c.v);
  out.append(buf, end);
}

inline void copy_field(std::string& out, const TextCol& c) {
  if (c.null()) {
    out += "\\N";
    return;
  }
  for (char ch : c.v) {
    switch (ch) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out.push_back(ch);
    }
  }
}

// One line: every column of the row, id included, tab-separated in each() order.
template <class Row>
void append_copy_row(std::string& out, Row& r) {
  bool first = true;
  r.each([&](std::string_view, const auto& col) {
    if (!first) out.push_back('\t');
    first = false;
    copy_field(out, col);
  });
  out.push_back('\n');
}

template <class Row>
const std::string& copy_sql() {
  static const std::string sql = "COPY " + std::string{Row::table} + " (" + select_list<Row>() + ") FROM STDIN";
  return sql;
}

}  // namespace inscrm::storage::sql
