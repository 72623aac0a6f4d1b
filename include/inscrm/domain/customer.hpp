#pragma once
// domain.md C1: a customer (客户), person or organisation, with contact points, identity document,
// household relationships, needs, source channel, org unit and agent.

#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/gender.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/money.hpp>
#include <inscrm/domain/customer_stage.hpp>
#include <inscrm/domain/product.hpp>

#include <optional>
#include <string>
#include <vector>

namespace inscrm {

enum class PartyKind { Person, Organisation };
INSCRM_ENUM_TEXT(PartyKind, "person", "organisation")

enum class IdType { ResidentId, Passport, HongKongMacauPermit, TaiwanPermit, ForeignResidentPermit,
                    BusinessLicence, Other };
INSCRM_ENUM_TEXT(IdType, "resident_id", "passport", "hk_macau_permit", "taiwan_permit",
                 "foreign_resident_permit", "business_licence", "other")

enum class MaritalStatus { Unknown, Single, Married, Divorced, Widowed };
INSCRM_ENUM_TEXT(MaritalStatus, "unknown", "single", "married", "divorced", "widowed")

// domain.md C1: where the record came from.
enum class Source { Unknown, Questionnaire, Transaction, Internet, Partner, AgentColdVisit, AgentReferral };
INSCRM_ENUM_TEXT(Source, "unknown", "questionnaire", "transaction", "internet", "partner", "agent_cold_visit",
                 "agent_referral")

enum class RelationKind { Spouse, Child, Parent, Sibling, Employer, Employee, Referrer, Referred };
INSCRM_ENUM_TEXT(RelationKind, "spouse", "child", "parent", "sibling", "employer", "employee", "referrer",
                 "referred")

struct IdentityDocument {
  IdType type = IdType::ResidentId;
  std::string number;

  friend bool operator==(const IdentityDocument&, const IdentityDocument&) = default;
};

struct Phone {
  std::string number;  // normalised: 11 digits for mainland mobiles
  bool primary = false;
  bool verified = false;

  friend bool operator==(const Phone&, const Phone&) = default;
};

struct Email {
  std::string address;
  bool primary = false;
  bool verified = false;

  friend bool operator==(const Email&, const Email&) = default;
};

struct Address {
  std::string line;         // street address as written
  std::string region_code;  // GB/T 2260 division code (province / city / district)
  std::string postal_code;
  bool primary = false;
  bool verified = false;

  friend bool operator==(const Address&, const Address&) = default;
};

// "This customer is my spouse": the relationship from the record's point of view.
struct Relationship {
  RelationKind kind = RelationKind::Spouse;
  CustomerId other;

  friend bool operator==(const Relationship&, const Relationship&) = default;
};

// domain.md C1: a product interest with the desired cover, and where it was learned.
struct Need {
  LineOfBusiness line = LineOfBusiness::Life;
  std::optional<Money> desired_sum_insured;
  std::optional<int> term_years;
  Source source = Source::Unknown;
  std::optional<Date> noted_on;

  friend bool operator==(const Need&, const Need&) = default;
};

struct Customer {
  CustomerId id;
  std::int64_t version = 0;
  std::optional<std::string> external_ref;  // the host core system's key, unique when present

  PartyKind kind = PartyKind::Person;
  std::string name;
  Gender gender = Gender::Unknown;
  std::optional<Date> birth_date;  // age is derived, never stored
  std::optional<IdentityDocument> identity;
  MaritalStatus marital_status = MaritalStatus::Unknown;
  std::string occupation;
  std::string industry;
  std::optional<Money> annual_income;
  std::string region;  // GB/T 2260 code of province or city, e.g. "310000"

  std::vector<Phone> phones;
  std::vector<Email> emails;
  std::vector<Address> addresses;
  std::vector<Relationship> relationships;
  std::vector<Need> needs;

  Source source = Source::Unknown;
  OrgUnitId org_unit;
  std::optional<AgentId> agent;

  CustomerStage stage = CustomerStage::Prospect;  // derived (customer_stage.hpp), cached here
  std::optional<Date> stage_since;
  std::optional<Date> verified_on;  // when the facts were last confirmed with the customer
  // domain.md C12: set when the customer was erased on request or by retention — the personal
  // fields are gone (their key destroyed) and the record stays only for statistics and ledgers.
  std::optional<Date> erased_on;
  // domain.md C13: set when this record was merged into another (crm/duplicates.hpp). The record
  // is kept for the undo, but lists and lookups by personal data no longer find it.
  std::optional<CustomerId> merged_into;
  Instant created_at{};
  Instant updated_at{};

  const Phone* primary_phone() const noexcept;
  const Email* primary_email() const noexcept;
};

// Age in completed years on a date, when the birth date is known.
std::optional<int> age_on(const Customer& c, Date on) noexcept;

}  // namespace inscrm
