#include <inscrm/core/date.hpp>
#include <inscrm/core/gender.hpp>
#include <inscrm/core/validation.hpp>

#include <doctest/doctest.h>

#include <string>

namespace doctest {
template <>
struct StringMaker<inscrm::Date> {
  static String convert(const inscrm::Date& d) { return inscrm::to_string(d).c_str(); }
};
}  // namespace doctest

using namespace inscrm;
using namespace std::chrono_literals;
using std::chrono::December;
using std::chrono::February;
using std::chrono::January;
using std::chrono::March;

// Every sample number below had its check character computed by an independent implementation
// of ISO 7064 MOD 11-2 (not this library), so a wrong weight or table here cannot hide itself.

namespace {

const Date kToday = 2026y / March / 14;

// The error message of a rejected identity number; fails the test if it was accepted.
std::string id_rejection(std::string_view text, Date today = kToday) {
  const auto r = parse_resident_id(text, today);
  REQUIRE_FALSE(r);
  CHECK(r.error().is_invalid_argument());
  CHECK(r.error().field() == "number");
  return r.error().message();
}

std::string mobile_rejection(std::string_view text) {
  const auto r = normalize_mobile(text);
  REQUIRE_FALSE(r);
  CHECK(r.error().is_invalid_argument());
  CHECK(r.error().field() == "number");
  return r.error().message();
}

std::string email_rejection(std::string_view text) {
  const auto r = normalize_email(text);
  REQUIRE_FALSE(r);
  CHECK(r.error().is_invalid_argument());
  CHECK(r.error().field() == "email");
  return r.error().message();
}

}  // namespace

// --- trim ----------------------------------------------------------------------------------

TEST_CASE("trim: ASCII and full-width blanks at both ends") {
  CHECK(trim("  abc \t\r\n") == "abc");
  CHECK(trim("\xE3\x80\x80"
             "abc"
             "\xE3\x80\x80") == "abc");
  CHECK(trim(" \xE3\x80\x80 \xE3\x80\x80x y\xE3\x80\x80\v\f") == "x y");
  CHECK(trim("a\xE3\x80\x80"
             "b") ==
        "a\xE3\x80\x80"
        "b");  // inner blanks stay
  CHECK(trim("") == "");
  CHECK(trim(" \xE3\x80\x80 ") == "");
  // A lone lead byte of U+3000 is not a blank.
  CHECK(trim("\xE3\x80"
             "a") ==
        "\xE3\x80"
        "a");
}

// --- Resident identity numbers -------------------------------------------------------------

TEST_CASE("resident id: valid numbers tell birth date, gender and region") {
  SUBCASE("male, check digit 8") {
    const auto r = parse_resident_id("110105198503142318", kToday);
    REQUIRE(r);
    CHECK(r.value().number == "110105198503142318");
    CHECK(r.value().region_code == "110105");
    CHECK(r.value().birth_date == Date{1985y / March / 14});
    CHECK(r.value().gender == Gender::Male);
  }
  SUBCASE("female, check character X") {
    const auto r = parse_resident_id("11010519491231002X", kToday);
    REQUIRE(r);
    CHECK(r.value().number == "11010519491231002X");
    CHECK(r.value().birth_date == Date{1949y / December / 31});
    CHECK(r.value().gender == Gender::Female);
  }
  SUBCASE("other provinces, including Taiwan, Hong Kong and Macao codes") {
    for (const char* number : {"440304200002290014", "650102190001010016", "710101198001010012",
                               "810000198001010022", "820000198001010032", "310101202401010024"}) {
      CAPTURE(number);
      CHECK(parse_resident_id(number, kToday));
    }
  }
}

TEST_CASE("resident id: lower-case x is accepted and normalised") {
  const auto r = parse_resident_id("51010719760815123x", kToday);
  REQUIRE(r);
  CHECK(r.value().number == "51010719760815123X");
  CHECK(r.value().gender == Gender::Male);
  CHECK(r.value().birth_date == Date{1976y / std::chrono::August / 15});
}

TEST_CASE("resident id: surrounding blanks are trimmed") {
  const auto r = parse_resident_id("\xE3\x80\x80 110105198503142318\t\n", kToday);
  REQUIRE(r);
  CHECK(r.value().number == "110105198503142318");
}

TEST_CASE("resident id: wrong check character") {
  CHECK(id_rejection("110105198503142315") == "check character should be 8, found 5");
  CHECK(id_rejection("110105198503142311") == "check character should be 8, found 1");
  CHECK(id_rejection("110105194912310020") == "check character should be X, found 0");
  CHECK(id_rejection("11010519850314231X") == "check character should be 8, found X");
  // A transposition of two digits is what the check character exists to catch.
  CHECK(id_rejection("110105198503141328") == "check character should be 3, found 8");
}

TEST_CASE("resident id: wrong length") {
  CHECK(id_rejection("11010519850314231") == "should be 18 characters, found 17");
  CHECK(id_rejection("1101051985031423181") == "should be 18 characters, found 19");
  CHECK(id_rejection("110105850314231") == "should be 18 characters, found 15");  // old 15-digit form
  CHECK(id_rejection("") == "is empty");
  CHECK(id_rejection("   ") == "is empty");
  CHECK(id_rejection("1101051985 03142318") == "should be 18 characters, found 19");
}

TEST_CASE("resident id: only digits before the check character") {
  CHECK(id_rejection("11010519850314A318") == "character 15 should be a digit, found 'A'");
  CHECK(id_rejection("X10105198503142318") == "character 1 should be a digit, found 'X'");
  CHECK(id_rejection("1101051985031423-8") == "character 17 should be a digit, found '-'");
  CHECK(id_rejection("11010519850314231Y") == "check character (the 18th) should be a digit or X, found 'Y'");
  // Full-width digits and X (as typed with a Chinese IME) count as one character each, but are
  // not the ASCII the standard requires.
  const std::string full_width_one = "\xEF\xBC\x91";  // U+FF11
  const std::string full_width_x = "\xEF\xBC\xB8";    // U+FF38
  CHECK(id_rejection("1101051985031423" + full_width_one + "8") ==
        "character 17 should be a digit, found a non-ASCII character");
  CHECK(id_rejection("11010519850314231" + full_width_x) ==
        "check character (the 18th) should be a digit or X, found a non-ASCII character");
}

TEST_CASE("resident id: the first two digits must be a province") {
  CHECK(id_rejection("990105198503142311") == "region code starts with 99, which is not a known province");
  CHECK(id_rejection("720101198001010014") == "region code starts with 72, which is not a known province");
  CHECK(id_rejection("100101198001010019") == "region code starts with 10, which is not a known province");
}

TEST_CASE("resident id: the birth date must be real and in range") {
  SUBCASE("impossible dates") {
    CHECK(id_rejection("110105198502302316") == "birth date 19850230 is not a real date");
    CHECK(id_rejection("110105202302290014") == "birth date 20230229 is not a real date");
    CHECK(id_rejection("110105190002290017") == "birth date 19000229 is not a real date");
    CHECK(id_rejection("11010519851301001X") == "birth date 19851301 is not a real date");
  }
  SUBCASE("29 February of a leap year is fine") {
    const auto r = parse_resident_id("440304200002290014", kToday);
    REQUIRE(r);
    CHECK(r.value().birth_date == Date{2000y / February / 29});
  }
  SUBCASE("not before 1900-01-01") {
    CHECK(parse_resident_id("650102190001010016", kToday));
    CHECK(id_rejection("11010518991231231X") == "birth date 1899-12-31 is before 1900-01-01");
  }
  SUBCASE("not after today") {
    CHECK(parse_resident_id("11010520260314001X", kToday));  // born today
    CHECK(id_rejection("110105202603150015") == "birth date 2026-03-15 is after today (2026-03-14)");
    CHECK(id_rejection("110105203001012314") == "birth date 2030-01-01 is after today (2026-03-14)");
    CHECK(id_rejection("11010520260314001X", 2026y / March / 13) ==
          "birth date 2026-03-14 is after today (2026-03-13)");
  }
}

TEST_CASE("resident id: error field nests under the caller's path") {
  auto r = parse_resident_id("110105198503142315", kToday);
  REQUIRE_FALSE(r);
  Error e = r.error();
  e.within("identity");
  CHECK(e.to_string() == "invalid_argument: identity.number: check character should be 8, found 5");
}

// --- Mobile numbers ------------------------------------------------------------------------

TEST_CASE("mobile: accepted forms normalise to 11 digits") {
  for (const char* text : {"13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678",
                           "+8613812345678", "+86-138-1234-5678", "0086-138-1234-5678", "008613812345678",
                           "86 138 1234 5678", "8613812345678", "  13812345678\t",
                           "\xE3\x80\x80"
                           "13812345678"}) {
    CAPTURE(text);
    const auto r = normalize_mobile(text);
    REQUIRE(r);
    CHECK(r.value() == "13812345678");
  }
  for (const char* text : {"13000000000", "14512345678", "15912345678", "16612345678", "17712345678",
                           "18812345678", "19912345678"}) {
    CAPTURE(text);
    CHECK(normalize_mobile(text).value() == text);
  }
}

TEST_CASE("mobile: rejected numbers say why") {
  CHECK(mobile_rejection("") == "is empty");
  CHECK(mobile_rejection(" - ") == "is empty");
  CHECK(mobile_rejection("1381234567") == "should be 11 digits, found 10");
  CHECK(mobile_rejection("138123456789") == "should be 11 digits, found 12");
  CHECK(mobile_rejection("12812345678") == "second digit should be 3 to 9, found 2");
  CHECK(mobile_rejection("11812345678") == "second digit should be 3 to 9, found 1");
  CHECK(mobile_rejection("10812345678") == "second digit should be 3 to 9, found 0");
  CHECK(mobile_rejection("23812345678") == "should start with 1, found 2");
  CHECK(mobile_rejection("010-12345678") == "should start with 1, found 0");  // a Beijing landline
  CHECK(mobile_rejection("+86 128 1234 5678") == "second digit should be 3 to 9, found 2");
  CHECK(mobile_rejection("+86 138 1234 567") == "should be 11 digits, found 10");
  CHECK(mobile_rejection("0086 138 1234 56789") == "should be 11 digits, found 12");
  CHECK(mobile_rejection("+1 415 555 0100") == "only mainland China numbers (+86) are accepted");
  CHECK(mobile_rejection("+852 9123 4567") == "only mainland China numbers (+86) are accepted");
  CHECK(mobile_rejection("138-1234-567a") == "should contain only digits, found 'a'");
  CHECK(mobile_rejection("138.1234.5678") == "should contain only digits, found '.'");
  CHECK(mobile_rejection("(138)12345678") == "should contain only digits, found '('");
  CHECK(mobile_rejection("138+12345678") == "should contain only digits, found '+'");
  // A bare 86 is a country code only when 11 digits follow it.
  CHECK(mobile_rejection("86138123456") == "should start with 1, found 8");
}

// --- E-mail --------------------------------------------------------------------------------

TEST_CASE("email: accepted addresses, domain lower-cased, local part kept") {
  CHECK(normalize_email("Zhang.San@Example.COM").value() == "Zhang.San@example.com");
  CHECK(normalize_email("  user+tag@Mail.Example.cn\xE3\x80\x80").value() == "user+tag@mail.example.cn");
  CHECK(normalize_email("a@b.co").value() == "a@b.co");
  CHECK(normalize_email("o'brien@x-y.example.org").value() == "o'brien@x-y.example.org");
  CHECK(normalize_email("first_last-1@sub.domain.com.cn").value() == "first_last-1@sub.domain.com.cn");
  CHECK(normalize_email("!#$%&'*+/=?^_`{|}~-@example.com").value() == "!#$%&'*+/=?^_`{|}~-@example.com");
  CHECK(normalize_email("123@163.com").value() == "123@163.com");
}

TEST_CASE("email: length limits") {
  const std::string local64(64, 'a');
  CHECK(normalize_email(local64 + "@example.com"));
  CHECK(email_rejection(local64 + "a@example.com") ==
        "the part before '@' should be 1 to 64 characters, found 65");

  // 64 + 1 + 189 = 254, the longest address allowed.
  const std::string domain189 =
      std::string(63, 'b') + "." + std::string(63, 'c') + "." + std::string(57, 'd') + ".com";
  REQUIRE(domain189.size() == 189);
  CHECK(normalize_email(local64 + "@" + domain189));
  CHECK(email_rejection(local64 + "@e" + domain189) == "should be at most 254 characters, found 255");

  CHECK(email_rejection("a@" + std::string(64, 'b') + ".com") ==
        "domain label '" + std::string(64, 'b') + "' is longer than 63 characters");
}

TEST_CASE("email: rejected addresses say why") {
  CHECK(email_rejection("") == "is empty");
  CHECK(email_rejection("zhang.example.com") == "should contain exactly one '@', found 0");
  CHECK(email_rejection("a@b@example.com") == "should contain exactly one '@', found 2");
  CHECK(email_rejection("@example.com") == "the part before '@' should be 1 to 64 characters, found 0");
  CHECK(email_rejection(".zhang@example.com") == "the part before '@' may not start or end with '.'");
  CHECK(email_rejection("zhang.@example.com") == "the part before '@' may not start or end with '.'");
  CHECK(email_rejection("zhang..san@example.com") == "the part before '@' may not contain \"..\"");
  CHECK(email_rejection("zhang san@example.com") == "the part before '@' may not contain a space");
  CHECK(email_rejection("zhang\"san@example.com") == "the part before '@' may not contain '\"'");
  CHECK(email_rejection("\xE5\xBC\xA0\xE4\xB8\x89@example.com") ==
        "the part before '@' may not contain a non-ASCII character");
  CHECK(email_rejection("zhang@") == "the domain after '@' is empty");
  CHECK(email_rejection("zhang@localhost") == "domain 'localhost' should have at least two labels");
  CHECK(email_rejection("zhang@example..com") == "domain 'example..com' has an empty label");
  CHECK(email_rejection("zhang@.example.com") == "domain '.example.com' has an empty label");
  CHECK(email_rejection("zhang@example.com.") == "domain 'example.com.' has an empty label");
  CHECK(email_rejection("zhang@-example.com") == "domain label '-example' may not start or end with '-'");
  CHECK(email_rejection("zhang@example-.com") == "domain label 'example-' may not start or end with '-'");
  CHECK(email_rejection("zhang@exa_mple.com") == "domain 'exa_mple.com' may not contain '_'");
  CHECK(email_rejection("zhang@example.c0m") == "top-level domain 'c0m' should contain only letters");
  CHECK(email_rejection("zhang@192.168.0.1") == "top-level domain '1' should contain only letters");
  CHECK(email_rejection("zhang@[192.168.0.1]") == "domain '[192.168.0.1]' may not contain '['");
}
