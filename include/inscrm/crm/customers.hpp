#pragma once

#include <inscrm/core/result.hpp>
#include <inscrm/crm/service_base.hpp>
#include <inscrm/domain/customer.hpp>
#include <inscrm/security/actor.hpp>
#include <inscrm/storage/store.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace inscrm {

// Per-row outcome of a bulk call: which input rows failed and why.
struct RowError {
  std::size_t row = 0;  // 0-based index into the input
  Error error;
};

struct ImportReport {
  std::size_t rows = 0;      // rows in the input
  std::size_t imported = 0;  // rows written
  std::vector<RowError> errors;
  std::vector<CustomerId> ids;  // in input order, for the imported rows (customer imports only)
};

enum class ImportMode { AllOrNothing, SkipBadRows };

class CustomerService : detail::ServiceBase {
 public:
  // Validates and normalises the draft (name, identity number against birth date and gender,
  // phones, e-mails, beneficiary-free facts), stores it, and emits customer.created. The draft's
  // id, version, stage and timestamps are ignored.
  Result<Customer> create(const Actor& actor, Customer draft) const;
  // Bulk path: every row validated first; AllOrNothing writes nothing if any row is bad,
  // SkipBadRows writes the good ones. Either way one transaction.
  Result<ImportReport> import(const Actor& actor, std::vector<Customer> drafts,
                              ImportMode mode = ImportMode::AllOrNothing) const;
  Result<Customer> get(const Actor& actor, CustomerId id) const;
  Result<std::optional<Customer>> find_by_external_ref(const Actor& actor, std::string_view ref) const;
  Result<std::vector<Customer>> find_by_identity(const Actor& actor, std::string_view number) const;
  Result<std::vector<Customer>> list(const Actor& actor, const storage::CustomerQuery& query = {}) const;
  // Saves changed facts; customer.version must be the one read (else Conflict). Returns the stored record.
  Result<Customer> update(const Actor& actor, Customer customer) const;

 private:
  friend class Crm;
  friend class ExportService;  // exports read through list(), the one masked and audited read path
  using ServiceBase::ServiceBase;
};

// The checks create() applies, exposed so hosts can validate a form before submitting it.
// Normalises in place (trimmed name, 11-digit mobiles, lower-case e-mail domains, X check char).
Result<void> validate_customer(Customer& draft, Date today);

}  // namespace inscrm
