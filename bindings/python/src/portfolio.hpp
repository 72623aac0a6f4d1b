#pragma once
// The Python Portfolio: a snapshot of the book shared by the object and the analytics bound on it
// (portfolio.cpp binds the facts and rules, portfolio_analytics.cpp the analytics).

#include "common.hpp"

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/domain/claim.hpp>
#include <inscrm/domain/complaint.hpp>
#include <inscrm/domain/interaction.hpp>
#include <inscrm/domain/payment.hpp>
#include <inscrm/domain/policy.hpp>
#include <inscrm/domain/product.hpp>

#include <memory>
#include <mutex>
#include <vector>

namespace inscrm::python {

// The records behind the analytics that read more than the facts (RFM reads payments, the
// loyalty score policy statuses, profitability claims and contacts too, behaviour the products'
// lines, agent analytics visits and sales).
struct BookRecords {
  std::vector<Product> products;
  std::vector<Policy> policies;
  std::vector<Payment> payments;
  std::vector<Claim> claims;
  std::vector<Interaction> interactions;
  std::vector<Complaint> complaints;
};

struct PortfolioHandle {
  StatePtr state;
  Actor actor;  // who took the snapshot; the records are read as the same actor
  std::shared_ptr<Portfolio> portfolio;
  // Loaded on first use and kept, so that several analytics of one snapshot read the book once.
  struct Lazy {
    std::mutex mutex;
    bool loaded = false;
    BookRecords records;
  };
  std::shared_ptr<Lazy> lazy = std::make_shared<Lazy>();
};

void register_portfolio_analytics(py::class_<PortfolioHandle>& cls);

}  // namespace inscrm::python
