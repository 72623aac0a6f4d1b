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
  // Lookups by personal data: through the store's keyed blind index (no plaintext is searched).
  // The value is normalised first as create() would (mobiles to 11 digits, e-mail domains to lower
  // case); one that cannot be normalised is InvalidArgument "number" / "email". Erased customers
  // are not found.
  Result<std::vector<Customer>> find_by_identity(const Actor& actor, std::string_view number) const;
  Result<std::vector<Customer>> find_by_phone(const Actor& actor, std::string_view number) const;
  Result<std::vector<Customer>> find_by_email(const Actor& actor, std::string_view address) const;

  // domain.md C12, erasure on request: destroys the customer's data key (crypto-shredding: what
  // remains of the personal fields anywhere, a WAL or a backup, cannot be decrypted) and anonymises
  // the record — name, external ref, identity, contacts, addresses, income and relationships go;
  // what statistics need stays (kind, gender, birth date, region, org unit, agent, stage, needs),
  // as do policies, payments, ledgers and the audit chain. Needs the right to update personal
  // data (PermissionDenied). Already erased: IllegalTransition "erased_on". Returns the record as
  // it now is; emits customer.erased.
  Result<Customer> erase(const Actor& actor, CustomerId id) const;
  // Retention (domain.md C12): the customers not erased whose last cover ended `years` or more
  // before `today` — no policy in force, and the last one that was (issued at least) left that
  // state that long ago; a customer never insured counts from when their record was created.
  // Ascending ids. InvalidArgument "years" unless 1…100.
  Result<std::vector<CustomerId>> due_for_erasure(const Actor& actor, int years, Date today) const;
  // Erases every customer due_for_erasure as of today (the injected clock), each in its own
  // transaction so that one failure leaves the others done; the ids erased, ascending.
  Result<std::vector<CustomerId>> erase_due(const Actor& actor, int years) const;
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
