#pragma once
// domain.md C13: bulk import of customers, policies and payments from CSV or JSON files, with a
// per-row error report. Each file is read whole, every row normalised (core/normalize.hpp) and
// validated, and the good rows are written in one transaction per batch — never half a batch.
//
// Columns (CSV header names, or JSON member names; case-insensitive; unknown columns are ignored):
//   customers: name*, external_ref, kind (person|organisation), gender (male|female|男|女|m|f),
//     birth_date, id_type (resident_id…, default resident_id), id_number, phone, email, address
//     (several phones / e-mails separated by ';', the first primary), region, postal_code,
//     occupation, industry, annual_income, marital_status, source, org_unit, agent.
//   policies: number*, product*, holder_ref* (the holder's external_ref) or holder_id, sum_insured*,
//     premium*, currency (CNY), frequency (annual…), premium_years, status (in_force…),
//     application_date, effective_date*, expiry_date, whole_life (true|false|1|0), external_ref,
//     agent, org_unit.
//   payments: policy_number*, due*, paid (default: due), amount (default: the premium), channel.
// Dates take the usual Chinese forms (2024-03-14, 2024/3/14, 2024年3月14日); amounts are in major
// units ("12000.50"). A row's error names the column it is about (field "birth_date", "phone"…).

#include <inscrm/core/result.hpp>
#include <inscrm/crm/customers.hpp>
#include <inscrm/crm/service_base.hpp>
#include <inscrm/security/actor.hpp>

#include <cstddef>
#include <functional>
#include <string_view>

namespace inscrm {

enum class ImportFormat { Csv, Json };
INSCRM_ENUM_TEXT(ImportFormat, "csv", "json")

struct ImportOptions {
  ImportMode mode = ImportMode::AllOrNothing;
  // SkipBadRows: rows per write transaction (0 = the whole file in one), so that a very large file
  // does not hold one transaction open; each batch is written whole or not at all. AllOrNothing
  // always writes the whole file in one transaction.
  std::size_t batch = 0;
  // Called after each batch with (rows processed, rows in the file), on the calling thread; the
  // last call has processed == total. For progress bars; it must not call back into the Crm.
  std::function<void(std::size_t processed, std::size_t total)> progress;
};

class ImportService : detail::ServiceBase {
 public:
  // report.rows: data rows in the file; report.imported: rows written; report.errors: each bad row
  // once (row = 0-based data row, the header excluded), in row order; report.ids: new ids.
  // A file that cannot be read at all (no CSV header, malformed JSON) is an error of the call
  // (InvalidArgument "csv" / "json"), not a report.
  Result<ImportReport> customers(const Actor& actor, ImportFormat format, std::string_view text,
                                 const ImportOptions& options = {}) const;
  Result<ImportReport> policies(const Actor& actor, ImportFormat format, std::string_view text,
                                const ImportOptions& options = {}) const;
  Result<ImportReport> payments(const Actor& actor, ImportFormat format, std::string_view text,
                                const ImportOptions& options = {}) const;

  Result<ImportReport> import_customers_csv(const Actor& a, std::string_view text, const ImportOptions& o = {}) const {
    return customers(a, ImportFormat::Csv, text, o);
  }
  Result<ImportReport> import_customers_json(const Actor& a, std::string_view text, const ImportOptions& o = {}) const {
    return customers(a, ImportFormat::Json, text, o);
  }
  Result<ImportReport> import_policies_csv(const Actor& a, std::string_view text, const ImportOptions& o = {}) const {
    return policies(a, ImportFormat::Csv, text, o);
  }
  Result<ImportReport> import_policies_json(const Actor& a, std::string_view text, const ImportOptions& o = {}) const {
    return policies(a, ImportFormat::Json, text, o);
  }
  Result<ImportReport> import_payments_csv(const Actor& a, std::string_view text, const ImportOptions& o = {}) const {
    return payments(a, ImportFormat::Csv, text, o);
  }
  Result<ImportReport> import_payments_json(const Actor& a, std::string_view text, const ImportOptions& o = {}) const {
    return payments(a, ImportFormat::Json, text, o);
  }

 private:
  friend class Crm;
  using ServiceBase::ServiceBase;
};

}  // namespace inscrm
