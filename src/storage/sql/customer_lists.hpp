#pragma once
// A customer's phones, e-mails, addresses, relationships and needs are stored in the customer row
// as JSON arrays of flat objects (one TEXT column each) rather than as five child tables: a
// customer is read and written whole, so one row keeps bulk import at one INSERT per customer,
// and both SQLite (json_each) and PostgreSQL (::jsonb) can still query inside them for pushed-down
// segment rules. Absent optional members are omitted; unknown members are ignored, so a later
// schema can add members without a migration. The codec itself is json.hpp.

#include "storage/sql/json.hpp"

#include <inscrm/core/result.hpp>
#include <inscrm/domain/customer.hpp>
#include <inscrm/domain/policy.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace inscrm::storage::sql {

// Append-free encoders: they overwrite `out`, reusing its capacity in bulk loops.
void encode_phones(const std::vector<Phone>& phones, std::string& out);
void encode_emails(const std::vector<Email>& emails, std::string& out);
void encode_addresses(const std::vector<Address>& addresses, std::string& out);
void encode_relationships(const std::vector<Relationship>& relationships, std::string& out);
void encode_needs(const std::vector<Need>& needs, std::string& out);

// StorageError naming `column` when the text is not what the encoders write.
Result<std::vector<Phone>> decode_phones(std::string_view json, std::string_view column);
Result<std::vector<Email>> decode_emails(std::string_view json, std::string_view column);
Result<std::vector<Address>> decode_addresses(std::string_view json, std::string_view column);
Result<std::vector<Relationship>> decode_relationships(std::string_view json, std::string_view column);
Result<std::vector<Need>> decode_needs(std::string_view json, std::string_view column);

// One object of each list, for other columns that embed the same shapes (a service request's
// payload, service_lists.hpp): the same members, so one reader serves both.
void write_phone(json::Writer& w, const Phone& p);
void write_email(json::Writer& w, const Email& e);
void write_address(json::Writer& w, const Address& a);
void write_beneficiary(json::Writer& w, const Beneficiary& b);
Phone read_phone(json::Fields& f);
Email read_email(json::Fields& f);
Address read_address(json::Fields& f);
Beneficiary read_beneficiary(json::Fields& f);

}  // namespace inscrm::storage::sql
