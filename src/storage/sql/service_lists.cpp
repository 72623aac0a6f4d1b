#include "storage/sql/service_lists.hpp"

#include "storage/sql/customer_lists.hpp"
#include "storage/sql/json.hpp"

#include <fmt/format.h>

#include <type_traits>
#include <utility>
#include <variant>

namespace inscrm::storage::sql {
namespace {

constexpr std::string_view kContactChange = "contact_change";
constexpr std::string_view kAddressChange = "address_change";
constexpr std::string_view kBeneficiaryChange = "beneficiary_change";
constexpr std::string_view kPaymentMethodChange = "payment_method_change";

template <class T, class WriteOne>
void write_array(json::Writer& w, const std::vector<T>& items, WriteOne&& write_one) {
  w.begin_array();
  for (const T& item : items) write_one(w, item);
  w.end_array();
}

// The items of the array member `key` decoded with `read`; absent = empty.
template <class T, class Read>
std::vector<T> read_array(json::Fields& f, std::string_view key, Read&& read) {
  const auto* items = f.array(key);
  if (!items) return {};
  auto decoded = json::decode_objects<T>(*items, f.column(), read);
  if (!decoded) {
    f.note(fmt::format("{}: {}", key, decoded.error().message()));
    return {};
  }
  return std::move(decoded).value();
}

}  // namespace

void encode_sla_pauses(const std::vector<SlaPause>& pauses, std::string& out) {
  json::Writer w{out};
  write_array(w, pauses, [](json::Writer& ww, const SlaPause& p) {
    ww.begin_object();
    ww.member("start", static_cast<long long>(to_epoch_micros(p.start)));
    if (p.end) ww.member("end", static_cast<long long>(to_epoch_micros(*p.end)));
    ww.member("reason", p.reason);
    ww.end_object();
  });
}

void encode_claim_documents(const std::vector<ClaimDocument>& documents, std::string& out) {
  json::Writer w{out};
  write_array(w, documents, [](json::Writer& ww, const ClaimDocument& d) {
    ww.begin_object();
    ww.member("name", d.name);
    ww.member("received_at", static_cast<long long>(to_epoch_micros(d.received_at)));
    ww.end_object();
  });
}

void encode_strings(const std::vector<std::string>& strings, std::string& out) {
  json::Writer w{out};
  w.begin_array();
  for (const auto& s : strings) w.value(s);
  w.end_array();
}

void encode_service_payload(const ServicePayload& payload, std::string& out) {
  json::Writer w{out};
  w.begin_object();
  std::visit(
      [&](const auto& p) {
        using P = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<P, ContactChange>) {
          w.member("type", kContactChange);
          w.key("phones");
          write_array(w, p.phones, write_phone);
          w.key("emails");
          write_array(w, p.emails, write_email);
        } else if constexpr (std::is_same_v<P, AddressChange>) {
          w.member("type", kAddressChange);
          w.key("address");
          write_address(w, p.address);
        } else if constexpr (std::is_same_v<P, BeneficiaryChange>) {
          w.member("type", kBeneficiaryChange);
          w.key("beneficiaries");
          write_array(w, p.beneficiaries, write_beneficiary);
        } else if constexpr (std::is_same_v<P, PaymentMethodChange>) {
          w.member("type", kPaymentMethodChange);
          w.member("channel", to_string(p.channel));
          w.member("account", p.account);
        }
      },
      payload);
  w.end_object();
}

Result<std::vector<SlaPause>> decode_sla_pauses(std::string_view text, std::string_view column) {
  return json::decode_list<SlaPause>(text, column, [](json::Fields& f) {
    SlaPause p;
    if (auto start = f.integer("start")) p.start = from_epoch_micros(*start);
    else f.note("a pause without a start");
    if (auto end = f.integer("end")) p.end = from_epoch_micros(*end);
    p.reason = f.str("reason");
    return p;
  });
}

Result<std::vector<ClaimDocument>> decode_claim_documents(std::string_view text, std::string_view column) {
  return json::decode_list<ClaimDocument>(text, column, [](json::Fields& f) {
    ClaimDocument d;
    d.name = f.str("name");
    if (auto at = f.integer("received_at")) d.received_at = from_epoch_micros(*at);
    else f.note("a document without received_at");
    return d;
  });
}

Result<std::vector<std::string>> decode_strings(std::string_view text, std::string_view column) {
  std::vector<std::string> out;
  if (text == "[]") return out;
  auto doc = json::parse(text);
  if (!doc) return corrupt(column, doc.error().message());
  if (doc.value().kind != json::Value::Kind::Array) return corrupt(column, "expected an array");
  out.reserve(doc.value().items.size());
  for (auto& item : doc.value().items) {
    if (item.kind != json::Value::Kind::String) return corrupt(column, "expected an array of strings");
    out.push_back(std::move(item.s));
  }
  return out;
}

Result<ServicePayload> decode_service_payload(std::string_view text, std::string_view column) {
  if (text == "{}") return ServicePayload{};
  auto doc = json::parse(text);
  if (!doc) return corrupt(column, doc.error().message());
  if (doc.value().kind != json::Value::Kind::Object) return corrupt(column, "expected an object");
  json::Fields f{doc.value(), column};
  const std::string type = f.str("type");
  ServicePayload out;
  if (type.empty()) {
    // No payload.
  } else if (type == kContactChange) {
    ContactChange c;
    c.phones = read_array<Phone>(f, "phones", read_phone);
    c.emails = read_array<Email>(f, "emails", read_email);
    out = std::move(c);
  } else if (type == kAddressChange) {
    AddressChange a;
    if (const json::Value* address = f.object("address")) {
      json::Fields af{*address, column};
      a.address = read_address(af);
      INSCRM_TRYV(af.status());
    }
    out = std::move(a);
  } else if (type == kBeneficiaryChange) {
    out = BeneficiaryChange{read_array<Beneficiary>(f, "beneficiaries", read_beneficiary)};
  } else if (type == kPaymentMethodChange) {
    out = PaymentMethodChange{f.enumerator("channel", PayChannel::AutoDebit), f.str("account")};
  } else {
    return corrupt(column, fmt::format("unknown payload type '{}'", type));
  }
  INSCRM_TRYV(f.status());
  return out;
}

}  // namespace inscrm::storage::sql
