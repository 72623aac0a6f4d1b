#pragma once
// Validators for the facts a Chinese insurer collects. Each returns the normalised value or an
// InvalidArgument error whose field() is relative ("number", "email"); callers prefix it with
// Error::within("identity") and the like.

#include <inscrm/core/date.hpp>
#include <inscrm/core/gender.hpp>
#include <inscrm/core/result.hpp>

#include <string>
#include <string_view>

namespace inscrm {

// What a resident identity number (GB 11643-1999) tells about its holder.
struct ResidentIdInfo {
  std::string number;       // normalised: 18 characters, check character 'X' upper-case
  std::string region_code;  // the 6-digit administrative division code (GB/T 2260) it starts with
  Date birth_date;
  Gender gender = Gender::Unknown;  // the 17th digit: odd = male, even = female
};

// Checks an 18-character resident identity number: 17 digits and a check character (digit or
// X/x), a known province in the first two digits, a real birth date (not after `today`, not before
// 1900-01-01), and the ISO 7064 MOD 11-2 check character. Surrounding blanks are trimmed.
// Errors name field "number".
Result<ResidentIdInfo> parse_resident_id(std::string_view text, Date today);

// Mainland mobile number: accepts "13812345678", "+86 138 1234 5678", "0086-138-1234-5678";
// returns the 11 digits. The first digit is 1 and the second 3–9. Errors name field "number".
Result<std::string> normalize_mobile(std::string_view text);

// E-mail address: trims, lower-cases the domain, checks one '@', a non-empty local part of
// allowed characters and a dotted domain of letters, digits and hyphens. Errors name "email".
Result<std::string> normalize_email(std::string_view text);

// Trims ASCII and full-width (U+3000) blanks from both ends.
std::string_view trim(std::string_view text) noexcept;

}  // namespace inscrm
