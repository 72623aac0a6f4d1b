#include <inscrm/core/validation.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <utility>

namespace inscrm {

namespace {

using namespace std::chrono;

constexpr std::string_view kFullWidthSpace = "\xE3\x80\x80";  // U+3000, typed by Chinese IMEs

bool is_ascii_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_lower_alpha(char c) noexcept { return c >= 'a' && c <= 'z'; }
char to_lower_ascii(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::size_t count_code_points(std::string_view text) noexcept {
  // UTF-8 continuation bytes are 10xxxxxx; every other byte starts a character.
  return static_cast<std::size_t>(std::count_if(
      text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

// How a rejected character appears in a message: printable ASCII verbatim, anything else as
// "a non-ASCII character" so that a stray byte of a UTF-8 sequence never ends up in a log line.
std::string describe(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x21 && u < 0x7F) return fmt::format("'{}'", c);
  if (u == ' ') return "a space";
  if (u < 0x80) return fmt::format("control character 0x{:02X}", u);
  return "a non-ASCII character";
}

// --- Resident identity number (GB 11643-1999) ---------------------------------------------

constexpr std::size_t kResidentIdLength = 18;
constexpr std::array<int, 17> kCheckWeights{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kCheckChars = "10X98765432";  // indexed by the weighted sum mod 11
constexpr Date kEarliestBirth{year{1900}, January, day{1}};

// Province-level divisions of GB/T 2260: 11-15 north, 21-23 north-east, 31-37 east,
// 41-46 south-central, 50-54 south-west, 61-65 north-west, 71 Taiwan, 81/82 Hong Kong/Macao.
bool is_known_province(int code) noexcept {
  return (code >= 11 && code <= 15) || (code >= 21 && code <= 23) || (code >= 31 && code <= 37) ||
         (code >= 41 && code <= 46) || (code >= 50 && code <= 54) || (code >= 61 && code <= 65) ||
         code == 71 || code == 81 || code == 82;
}

int number_at(std::string_view digits, std::size_t pos, std::size_t width) noexcept {
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) value = value * 10 + (digits[i] - '0');
  return value;
}

char expected_check_char(std::string_view body17) noexcept {
  int sum = 0;
  for (std::size_t i = 0; i < kCheckWeights.size(); ++i) sum += (body17[i] - '0') * kCheckWeights[i];
  return kCheckChars[static_cast<std::size_t>(sum % 11)];
}

Error id_error(std::string message) { return Error::invalid_argument("number", std::move(message)); }
Error mobile_error(std::string message) { return Error::invalid_argument("number", std::move(message)); }

// --- E-mail ----------------------------------------------------------------------------------

constexpr std::size_t kMaxEmailLength = 254;  // RFC 5321 path limit minus the angle brackets
constexpr std::size_t kMaxLocalLength = 64;
constexpr std::size_t kMaxLabelLength = 63;

bool is_local_char(char c) noexcept {
  constexpr std::string_view specials = ".!#$%&'*+/=?^_`{|}~-";
  return is_digit(c) || is_lower_alpha(to_lower_ascii(c)) || specials.find(c) != std::string_view::npos;
}

Error email_error(std::string message) { return Error::invalid_argument("email", std::move(message)); }

}  // namespace

std::string_view trim(std::string_view text) noexcept {
  for (;;) {
    if (!text.empty() && is_ascii_space(text.front())) {
      text.remove_prefix(1);
    } else if (text.starts_with(kFullWidthSpace)) {
      text.remove_prefix(kFullWidthSpace.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (!text.empty() && is_ascii_space(text.back())) {
      text.remove_suffix(1);
    } else if (text.ends_with(kFullWidthSpace)) {
      text.remove_suffix(kFullWidthSpace.size());
    } else {
      break;
    }
  }
  return text;
}

Result<ResidentIdInfo> parse_resident_id(std::string_view text, Date today) {
  const std::string_view id = trim(text);
  if (id.empty()) return id_error("is empty");

  // Counted in characters, not bytes, so that full-width digits are reported as what they are.
  const std::size_t length = count_code_points(id);
  if (length != kResidentIdLength)
    return id_error(fmt::format("should be {} characters, found {}", kResidentIdLength, length));

  // With 18 characters, any non-ASCII one makes the byte count differ; the loop below finds it
  // by byte position, which equals the character position up to the first non-ASCII byte.
  for (std::size_t i = 0; i + 1 < kResidentIdLength; ++i) {
    if (!is_digit(id[i]))
      return id_error(fmt::format("character {} should be a digit, found {}", i + 1, describe(id[i])));
  }
  if (id.size() != kResidentIdLength || !(is_digit(id[17]) || id[17] == 'X' || id[17] == 'x'))
    return id_error(
        fmt::format("check character (the 18th) should be a digit or X, found {}", describe(id[17])));

  std::string number{id};
  if (number[17] == 'x') number[17] = 'X';

  const int province = number_at(number, 0, 2);
  if (!is_known_province(province))
    return id_error(fmt::format("region code starts with {:02}, which is not a known province", province));

  const std::string_view birth_text = std::string_view{number}.substr(6, 8);
  const Date birth{year{number_at(number, 6, 4)}, month{static_cast<unsigned>(number_at(number, 10, 2))},
                   day{static_cast<unsigned>(number_at(number, 12, 2))}};
  if (!birth.ok()) return id_error(fmt::format("birth date {} is not a real date", birth_text));
  if (birth < kEarliestBirth)
    return id_error(fmt::format("birth date {} is before 1900-01-01", to_string(birth)));
  if (birth > today)
    return id_error(fmt::format("birth date {} is after today ({})", to_string(birth), to_string(today)));

  const char expected = expected_check_char(number);
  if (number[17] != expected)
    return id_error(fmt::format("check character should be {}, found {}", expected, number[17]));

  ResidentIdInfo info;
  info.region_code = number.substr(0, 6);
  info.birth_date = birth;
  info.gender = (number[16] - '0') % 2 == 1 ? Gender::Male : Gender::Female;
  info.number = std::move(number);
  return info;
}

Result<std::string> normalize_mobile(std::string_view text) {
  const std::string_view trimmed = trim(text);
  std::string compact;
  compact.reserve(trimmed.size());
  for (const char c : trimmed)
    if (c != ' ' && c != '-') compact.push_back(c);
  if (compact.empty()) return mobile_error("is empty");

  std::string_view digits = compact;
  if (digits.starts_with("+")) {
    if (!digits.starts_with("+86")) return mobile_error("only mainland China numbers (+86) are accepted");
    digits.remove_prefix(3);
  } else if (digits.starts_with("0086")) {
    digits.remove_prefix(4);
  } else if (digits.size() == 13 && digits.starts_with("86")) {
    // A bare 86 is a country code only when 11 digits follow; "86..." alone is never a mobile.
    digits.remove_prefix(2);
  }

  for (const char c : digits)
    if (!is_digit(c)) return mobile_error(fmt::format("should contain only digits, found {}", describe(c)));
  if (digits.size() != 11) return mobile_error(fmt::format("should be 11 digits, found {}", digits.size()));
  if (digits[0] != '1') return mobile_error(fmt::format("should start with 1, found {}", digits[0]));
  if (digits[1] < '3') return mobile_error(fmt::format("second digit should be 3 to 9, found {}", digits[1]));
  return std::string{digits};
}

Result<std::string> normalize_email(std::string_view text) {
  const std::string_view address = trim(text);
  if (address.empty()) return email_error("is empty");
  if (address.size() > kMaxEmailLength)
    return email_error(
        fmt::format("should be at most {} characters, found {}", kMaxEmailLength, address.size()));

  const auto at_count = std::count(address.begin(), address.end(), '@');
  if (at_count != 1) return email_error(fmt::format("should contain exactly one '@', found {}", at_count));
  const std::size_t at = address.find('@');
  const std::string_view local = address.substr(0, at);
  const std::string_view domain_text = address.substr(at + 1);

  if (local.empty() || local.size() > kMaxLocalLength)
    return email_error(fmt::format("the part before '@' should be 1 to {} characters, found {}",
                                   kMaxLocalLength, local.size()));
  for (const char c : local)
    if (!is_local_char(c))
      return email_error(fmt::format("the part before '@' may not contain {}", describe(c)));
  if (local.front() == '.' || local.back() == '.')
    return email_error("the part before '@' may not start or end with '.'");
  if (local.find("..") != std::string_view::npos)
    return email_error("the part before '@' may not contain \"..\"");

  if (domain_text.empty()) return email_error("the domain after '@' is empty");
  std::string domain;
  domain.reserve(domain_text.size());
  for (const char c : domain_text) domain.push_back(to_lower_ascii(c));

  std::size_t labels = 0;
  std::string_view last_label;
  std::string_view rest = domain;
  for (;;) {
    const std::size_t dot = rest.find('.');
    const std::string_view label = rest.substr(0, dot);
    if (label.empty()) return email_error(fmt::format("domain '{}' has an empty label", domain));
    if (label.size() > kMaxLabelLength)
      return email_error(
          fmt::format("domain label '{}' is longer than {} characters", label, kMaxLabelLength));
    for (const char c : label)
      if (!is_lower_alpha(c) && !is_digit(c) && c != '-')
        return email_error(fmt::format("domain '{}' may not contain {}", domain, describe(c)));
    if (label.front() == '-' || label.back() == '-')
      return email_error(fmt::format("domain label '{}' may not start or end with '-'", label));
    ++labels;
    last_label = label;
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  if (labels < 2) return email_error(fmt::format("domain '{}' should have at least two labels", domain));
  if (!std::all_of(last_label.begin(), last_label.end(), is_lower_alpha))
    return email_error(fmt::format("top-level domain '{}' should contain only letters", last_label));

  return fmt::format("{}@{}", local, domain);
}

}  // namespace inscrm
