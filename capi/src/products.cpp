// Products module.

#include "guard.hpp"
#include "handle.hpp"
#include "input.hpp"
#include "output.hpp"

#include <inscrm/crm.hpp>

using namespace inscrm;

namespace {

// The INIT macro's windows are the library's product defaults (domain.md C2), written out
// because a C macro cannot ask C++; this keeps the two from drifting apart.
constexpr inscrm_product_input kDefaultInput = INSCRM_PRODUCT_INPUT_INIT;
static_assert(ProductDefaults::free_look_days == kDefaultInput.free_look_days);
static_assert(ProductDefaults::grace_days == kDefaultInput.grace_days);
static_assert(ProductDefaults::reinstatement_days == kDefaultInput.reinstatement_days);
static_assert(ProductDefaults::term_years == kDefaultInput.term_years);
static_assert(ProductDefaults::active == (kDefaultInput.active != 0));

void fill_product(inscrm_product& o, capi::Arena& a, const Product& p) {
  o.id = p.id.value;
  o.version = p.version;
  o.code = a.str(p.code);
  o.name = a.str(p.name);
  o.line = capi::name_of(p.line);
  o.term = capi::name_of(p.term);
  o.renewable = p.renewable ? 1 : 0;
  o.free_look_days = p.free_look_days;
  o.grace_days = p.grace_days;
  o.reinstatement_days = p.reinstatement_days;
  o.term_years = p.term_years;
  o.currency[0] = p.currency.code[0];
  o.currency[1] = p.currency.code[1];
  o.currency[2] = p.currency.code[2];
  o.currency[3] = '\0';
  o.active = p.active ? 1 : 0;
  o.created_at_unix_micros = capi::to_c(p.created_at);
}

Result<Product> output_of(Result<Product> r, inscrm_product** out) {
  if (r) *out = capi::make_output<inscrm_product>([&](inscrm_product& o, capi::Arena& a) { fill_product(o, a, r.value()); });
  return r;
}

}  // namespace

inscrm_status inscrm_product_input_init(inscrm_product_input* input, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(input, version, "input"); });
}

inscrm_status inscrm_product_create(inscrm_db* db, const inscrm_actor* actor, const inscrm_product_input* input,
                                    int64_t* out_id) {
  return capi::guard([&]() -> Result<void> {
    if (out_id) *out_id = 0;
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto in, capi::read_struct(input, "input"));
    Product draft;
    INSCRM_TRY(draft.code, capi::text(in.code, "code"));
    INSCRM_TRY(draft.name, capi::text(in.name, "name"));
    INSCRM_TRY(draft.line, capi::enum_named(in.line, LineOfBusiness::Life, "line"));
    INSCRM_TRY(draft.term, capi::enum_named(in.term, ProductTerm::LongTerm, "term"));
    draft.renewable = in.renewable != 0;
    draft.free_look_days = in.free_look_days;
    draft.grace_days = in.grace_days;
    draft.reinstatement_days = in.reinstatement_days;
    draft.term_years = in.term_years;
    inscrm_money price_unit{};
    for (std::size_t i = 0; i < sizeof in.currency; ++i) price_unit.currency[i] = in.currency[i];
    INSCRM_TRY(auto unit, capi::money(price_unit, ""));
    draft.currency = unit.currency;
    draft.active = in.active != 0;
    INSCRM_TRY(auto product, capi::from_handle(db).crm.products().create(who, std::move(draft)));
    if (out_id) *out_id = product.id.value;
    return ok();
  });
}

inscrm_status inscrm_product_get(inscrm_db* db, const inscrm_actor* actor, int64_t id, inscrm_product** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRYV(output_of(capi::from_handle(db).crm.products().get(who, ProductId{id}), out));
    return ok();
  });
}

inscrm_status inscrm_product_get_by_code(inscrm_db* db, const inscrm_actor* actor, const char* code,
                                         inscrm_product** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(code, "code"));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRYV(output_of(capi::from_handle(db).crm.products().by_code(who, code), out));
    return ok();
  });
}

void inscrm_product_free(inscrm_product** product) {
  capi::guard_void([&] { capi::free_output(product); });
}

inscrm_status inscrm_products_list(inscrm_db* db, const inscrm_actor* actor, inscrm_product_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto products, capi::from_handle(db).crm.products().list(who));
    *out = capi::make_output<inscrm_product_list>([&](inscrm_product_list& l, capi::Arena& a) {
      capi::fill_list<inscrm_product_list, inscrm_product>(l, a, products, fill_product);
    });
    return ok();
  });
}

void inscrm_product_list_free(inscrm_product_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}
