#pragma once

#include <inscrm/core/result.hpp>
#include <inscrm/crm/service_base.hpp>
#include <inscrm/domain/product.hpp>
#include <inscrm/security/actor.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace inscrm {

class ProductService : detail::ServiceBase {
 public:
  Result<Product> create(const Actor& actor, Product draft) const;
  Result<Product> get(const Actor& actor, ProductId id) const;
  Result<Product> by_code(const Actor& actor, std::string_view code) const;  // NotFound if absent
  Result<std::vector<Product>> list(const Actor& actor) const;

 private:
  friend class Crm;
  using ServiceBase::ServiceBase;
};

}  // namespace inscrm
