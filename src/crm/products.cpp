#include <inscrm/crm/products.hpp>

#include <inscrm/core/validation.hpp>

#include "crm/engine.hpp"
#include "crm/json.hpp"

#include <fmt/format.h>

namespace inscrm {

Result<Product> ProductService::create(const Actor& actor, Product p) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Product, Action::Create));
  auto& engine = *engine_;
  p.code = std::string{trim(p.code)};
  p.name = std::string{trim(p.name)};
  if (p.code.empty()) return Error::invalid_argument("code", "product code must not be empty");
  if (p.name.empty()) return Error::invalid_argument("name", "product name must not be empty");
  if (p.free_look_days < 0) return Error::invalid_argument("free_look_days", "must not be negative");
  if (p.grace_days < 0) return Error::invalid_argument("grace_days", "must not be negative");
  if (p.reinstatement_days < 0) return Error::invalid_argument("reinstatement_days", "must not be negative");
  if (p.term_years < 1) return Error::invalid_argument("term_years", "term must be at least one year");
  if (p.renewable && p.term != ProductTerm::ShortTerm)
    return Error::invalid_argument("renewable", "only short-term products renew into a new term");
  p.created_at = engine.clock->now();
  return engine.write([&](storage::Transaction& tx) -> Result<Product> {
    INSCRM_TRYV(tx.insert_product(p));
    INSCRM_TRYV(engine.emit(tx, actor, "product.created", "product", p.id.value,
                            fmt::format(R"({{"product_id":{},"code":{}}})", p.id.value, detail::json_string(p.code))));
    return p;
  });
}

Result<Product> ProductService::get(const Actor& actor, ProductId id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Product, Action::Read));
  return engine_->read([&](storage::Transaction& tx) { return tx.product(id); });
}

Result<Product> ProductService::by_code(const Actor& actor, std::string_view code) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Product, Action::Read));
  return engine_->read([&](storage::Transaction& tx) -> Result<Product> {
    INSCRM_TRY(auto p, tx.product_by_code(code));
    if (!p) return Error::not_found("code", fmt::format("no product with code '{}'", code));
    return std::move(*p);
  });
}

Result<std::vector<Product>> ProductService::list(const Actor& actor) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Product, Action::Read));
  return engine_->read([&](storage::Transaction& tx) { return tx.products(); });
}

}  // namespace inscrm
