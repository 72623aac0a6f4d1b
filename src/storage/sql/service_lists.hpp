#pragma once
// The nested parts of the service records, stored as JSON text (json.hpp) in their rows, like a
// customer's contact lists (customer_lists.hpp): an SLA clock's pauses, a claim's checklist and
// received documents, and a service request's payload. Instants are epoch microseconds, as in
// the columns.
//
//   pauses:             [{"start":µs,"end":µs,"reason":"…"}]            "end" omitted while open
//   documents:          [{"name":"diagnosis","received_at":µs}]
//   required_documents: ["claim_form","diagnosis"]
//   payload:            {} (none) or {"type":"contact_change","phones":[…],"emails":[…]},
//                       {"type":"address_change","address":{…}},
//                       {"type":"beneficiary_change","beneficiaries":[{"customer":id,"share_percent":n}]},
//                       {"type":"payment_method_change","channel":"auto_debit","account":"…"}
//                       (phones, e-mails and the address in the customer columns' shapes)

#include <inscrm/core/result.hpp>
#include <inscrm/domain/claim.hpp>
#include <inscrm/domain/service_request.hpp>
#include <inscrm/domain/sla.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace inscrm::storage::sql {

// Encoders overwrite `out`, reusing its capacity in bulk loops.
void encode_sla_pauses(const std::vector<SlaPause>& pauses, std::string& out);
void encode_claim_documents(const std::vector<ClaimDocument>& documents, std::string& out);
void encode_strings(const std::vector<std::string>& strings, std::string& out);
void encode_service_payload(const ServicePayload& payload, std::string& out);

// StorageError naming `column` when the text is not what the encoders write.
Result<std::vector<SlaPause>> decode_sla_pauses(std::string_view json, std::string_view column);
Result<std::vector<ClaimDocument>> decode_claim_documents(std::string_view json, std::string_view column);
Result<std::vector<std::string>> decode_strings(std::string_view json, std::string_view column);
Result<ServicePayload> decode_service_payload(std::string_view json, std::string_view column);

}  // namespace inscrm::storage::sql
