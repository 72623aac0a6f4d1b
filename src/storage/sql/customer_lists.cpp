#include "storage/sql/customer_lists.hpp"

#include "storage/sql/columns.hpp"

namespace inscrm::storage::sql {

// ---- one object ------------------------------------------------------------------------------

void write_phone(json::Writer& w, const Phone& p) {
  w.begin_object();
  w.member("number", p.number);
  w.member("primary", p.primary);
  w.member("verified", p.verified);
  w.end_object();
}

void write_email(json::Writer& w, const Email& e) {
  w.begin_object();
  w.member("address", e.address);
  w.member("primary", e.primary);
  w.member("verified", e.verified);
  w.end_object();
}

void write_address(json::Writer& w, const Address& a) {
  w.begin_object();
  w.member("line", a.line);
  w.member("region_code", a.region_code);
  w.member("postal_code", a.postal_code);
  w.member("primary", a.primary);
  w.member("verified", a.verified);
  w.end_object();
}

void write_beneficiary(json::Writer& w, const Beneficiary& b) {
  w.begin_object();
  w.member("customer", static_cast<long long>(b.customer.value));
  w.member("share_percent", b.share_percent);
  w.end_object();
}

Phone read_phone(json::Fields& f) { return Phone{f.str("number"), f.flag("primary"), f.flag("verified")}; }

Email read_email(json::Fields& f) { return Email{f.str("address"), f.flag("primary"), f.flag("verified")}; }

Address read_address(json::Fields& f) {
  return Address{f.str("line"), f.str("region_code"), f.str("postal_code"), f.flag("primary"), f.flag("verified")};
}

Beneficiary read_beneficiary(json::Fields& f) {
  return Beneficiary{CustomerId{f.integer("customer").value_or(0)},
                     static_cast<int>(f.integer("share_percent").value_or(0))};
}

// ---- the customer's lists --------------------------------------------------------------------

namespace {

template <class T, class WriteOne>
void encode_array(const std::vector<T>& items, std::string& out, WriteOne&& write_one) {
  json::Writer w{out};
  w.begin_array();
  for (const T& item : items) write_one(w, item);
  w.end_array();
}

}  // namespace

void encode_phones(const std::vector<Phone>& phones, std::string& out) { encode_array(phones, out, write_phone); }

void encode_emails(const std::vector<Email>& emails, std::string& out) { encode_array(emails, out, write_email); }

void encode_addresses(const std::vector<Address>& addresses, std::string& out) {
  encode_array(addresses, out, write_address);
}

void encode_relationships(const std::vector<Relationship>& relationships, std::string& out) {
  encode_array(relationships, out, [](json::Writer& w, const Relationship& r) {
    w.begin_object();
    w.member("kind", to_string(r.kind));
    w.member("customer", static_cast<long long>(r.other.value));
    w.end_object();
  });
}

void encode_needs(const std::vector<Need>& needs, std::string& out) {
  encode_array(needs, out, [](json::Writer& w, const Need& n) {
    w.begin_object();
    w.member("line", to_string(n.line));
    if (n.desired_sum_insured) {
      w.member("sum_insured_minor", static_cast<long long>(n.desired_sum_insured->minor));
      w.member("sum_insured_currency", n.desired_sum_insured->currency.view());
    }
    if (n.term_years) w.member("term_years", *n.term_years);
    w.member("source", to_string(n.source));
    if (n.noted_on) w.member("noted_on", to_epoch_days(*n.noted_on));
    w.end_object();
  });
}

Result<std::vector<Phone>> decode_phones(std::string_view text, std::string_view column) {
  return json::decode_list<Phone>(text, column, read_phone);
}

Result<std::vector<Email>> decode_emails(std::string_view text, std::string_view column) {
  return json::decode_list<Email>(text, column, read_email);
}

Result<std::vector<Address>> decode_addresses(std::string_view text, std::string_view column) {
  return json::decode_list<Address>(text, column, read_address);
}

Result<std::vector<Relationship>> decode_relationships(std::string_view text, std::string_view column) {
  return json::decode_list<Relationship>(text, column, [](json::Fields& f) {
    return Relationship{f.enumerator("kind", RelationKind::Spouse), CustomerId{f.integer("customer").value_or(0)}};
  });
}

Result<std::vector<Need>> decode_needs(std::string_view text, std::string_view column) {
  return json::decode_list<Need>(text, column, [](json::Fields& f) {
    Need n;
    n.line = f.enumerator("line", LineOfBusiness::Life);
    if (auto minor = f.integer("sum_insured_minor")) {
      auto cur = Currency::parse(f.str("sum_insured_currency"));
      if (cur) n.desired_sum_insured = Money{*minor, *cur};
      else f.note("invalid sum_insured_currency");
    }
    if (auto years = f.integer("term_years")) n.term_years = static_cast<int>(*years);
    n.source = f.enumerator("source", Source::Unknown);
    if (auto days = f.integer("noted_on")) n.noted_on = from_epoch_days(static_cast<int>(*days));
    return n;
  });
}

}  // namespace inscrm::storage::sql
