#pragma once
// domain.md C2: the product catalogue. The lifecycle rules read their windows from here, so a
// policy's free-look and grace periods are those of its product.

#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/money.hpp>

#include <string>

namespace inscrm {

enum class LineOfBusiness { Life, Health, CriticalIllness, Accident, Annuity, Property, Motor, Travel, Liability };
INSCRM_ENUM_TEXT(LineOfBusiness, "life", "health", "critical_illness", "accident", "annuity", "property",
                 "motor", "travel", "liability")

enum class ProductTerm { LongTerm, ShortTerm };
INSCRM_ENUM_TEXT(ProductTerm, "long_term", "short_term")

// The windows a product gets unless told otherwise (domain.md C2), named so that the C API can
// check its INIT macro against them at compile time (a Product{} is not a constant expression on
// every compiler: std::string is not constexpr in clang 14 with libstdc++ 12).
struct ProductDefaults {
  static constexpr int free_look_days = 15;
  static constexpr int grace_days = 60;
  static constexpr int reinstatement_days = 730;
  static constexpr int term_years = 1;
  static constexpr bool active = true;
};

struct Product {
  ProductId id;
  std::int64_t version = 0;
  std::string code;  // unique, e.g. "WL-2024"
  std::string name;
  LineOfBusiness line = LineOfBusiness::Life;
  ProductTerm term = ProductTerm::LongTerm;
  bool renewable = false;      // short-term products that renew into a new term
  int free_look_days = ProductDefaults::free_look_days;  // cooling-off window after issue; 0 = none
  int grace_days = ProductDefaults::grace_days;          // after a missed instalment, before the policy lapses
  int reinstatement_days = ProductDefaults::reinstatement_days;  // how long after lapse a reinstatement may be applied for
  int term_years = ProductDefaults::term_years;  // coverage term; for whole-life products the maturity age horizon
  Currency currency{};
  bool active = ProductDefaults::active;
  Instant created_at{};
};

}  // namespace inscrm
