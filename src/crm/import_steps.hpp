#pragma once
// The write side of bulk import, one batch per call and one transaction per batch: the rows are
// validated against the domain rules and the stored records first, every bad row is reported once
// (row = index into the batch), and the good rows are written — or, in AllOrNothing mode, nothing
// when any row is bad. Shared by the services' own bulk calls and ImportService (files).
// The caller has checked the actor's permission. validate_only: check and report, write nothing
// (an all-or-nothing file import whose other rows already failed to read).

#include <inscrm/crm/customers.hpp>
#include <inscrm/crm/policies.hpp>

#include "crm/engine.hpp"

#include <string>
#include <vector>

namespace inscrm::detail {

// customers.cpp
Result<ImportReport> import_customer_rows(Engine& engine, const Actor& actor, std::vector<Customer> drafts,
                                          ImportMode mode, bool validate_only = false);

// A policy row of a file: the holder may be named by its external_ref instead of its id.
struct PolicyFileRow {
  PolicyImportRow row;
  std::string holder_ref;  // used when row.application.holder is not set
};
// policies.cpp
Result<ImportReport> import_policy_rows(Engine& engine, const Actor& actor, std::vector<PolicyFileRow> rows,
                                        ImportMode mode, bool validate_only = false);

struct PaymentFileRow {
  std::string policy_number;
  PaymentInput input;
};
// policies.cpp. Payments are recorded as record_payment would, except that the paid date defaults
// to the due date (a history being migrated, not a payment arriving today).
Result<ImportReport> import_payment_rows(Engine& engine, const Actor& actor, std::vector<PaymentFileRow> rows,
                                         ImportMode mode, bool validate_only = false);

}  // namespace inscrm::detail
