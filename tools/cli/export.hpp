#pragma once
// `inscrm export`: customers or policies, every page of them, as CSV (RFC 4180, a header row) or
// JSON (an array of flat objects with the same keys). The columns are the ones a core system or a
// spreadsheet needs to reconcile; read through the facade, so masking applies to the actor's roles.

#include <inscrm/core/result.hpp>
#include <inscrm/crm.hpp>
#include <inscrm/security/actor.hpp>

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

namespace inscrm::cli {

enum class ExportFormat { Csv, Json };

// The number of records written.
Result<std::size_t> export_customers(const Crm& crm, const Actor& actor, ExportFormat format, std::ostream& out);
Result<std::size_t> export_policies(const Crm& crm, const Actor& actor, ExportFormat format, std::ostream& out);

// One CSV field: quoted when it holds a comma, quote, CR or LF (quotes doubled).
std::string csv_field(std::string_view value);
// A JSON string literal with its quotes.
std::string json_string(std::string_view value);

}  // namespace inscrm::cli
