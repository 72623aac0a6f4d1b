// Customers, policies and payments: the tables that grow with the portfolio, with the bulk paths.
#include "storage/sql/sql_transaction_impl.hpp"

namespace inscrm::storage::sql {

// ---- customers -------------------------------------------------------------------------------

Result<void> SqlTransaction::insert_customer_row(Customer& c, std::vector<std::pair<long long, long long>>* deferred) {
  auto& ins = stmt<PreparedInsert<CustomerRow>>();
  to_row(c, ins.row);
  seal_row(ins.row);
  put(ins.row.version, 1);
  const auto id = ins.run(c_);
  if (!id)
    return Error::already_exists("external_ref",
                                 fmt::format("external_ref '{}' is taken", c.external_ref.value_or("")));
  c.id = CustomerId{*id};
  c.version = 1;
  if (!deferred) return index_customer(c);
  blind_digests(c, digests_);
  for (const long long d : digests_) deferred->emplace_back(d, c.id.value);
  return ok();
}

Result<void> SqlTransaction::insert_customer(Customer& customer) {
  return run<void>(Access::Write, [&] { return insert_customer_row(customer); });
}

Result<void> SqlTransaction::insert_customers(std::vector<Customer>& customers) {
  return run<void>(Access::Write, [&]() -> Result<void> {
    if (c_.backend() == Backend::Postgresql) {
      return pg_bulk(
          customers, "customers",
          [&](std::size_t first, std::size_t last, const std::vector<long long>& ids) {
            CustomerRow row;
            BlindIndexRow blind;
            std::string data, index;
            data.reserve((last - first) * 512);
            for (std::size_t i = first; i < last; ++i) {
              to_row(customers[i], row);
              seal_row(row);
              put(row.id, ids[i - first]);
              put(row.version, 1);
              append_copy_row(data, row);
              if (!cipher_) continue;
              blind_digests(customers[i], digests_);
              for (const long long d : digests_) {
                put(blind.digest, d);
                put(blind.customer_id, ids[i - first]);
                append_copy_row(index, blind);
              }
            }
            c_.copy_in(copy_sql<CustomerRow>(), data);
            if (!index.empty()) c_.copy_in(copy_sql<BlindIndexRow>(), index);
          },
          [](Customer& c, long long id) {
            c.id = CustomerId{id};
            c.version = 1;
          },
          [&](Customer& c) { return insert_customer_row(c); });
    }
    // SQLite: one prepared statement, bound per row, in this transaction — the fast path there.
    // The blind-index entries follow at the end in digest order: the digests are random, and
    // inserted row by row they land all over an index larger than the page cache, a page read and
    // a dirty page spilled per entry (bench_crypto: about half an encrypted import of a million).
    std::vector<std::pair<long long, long long>> index;
    if (cipher_) index.reserve(customers.size() * 3);
    for (std::size_t i = 0; i < customers.size(); ++i) {
      auto r = insert_customer_row(customers[i], cipher_ ? &index : nullptr);
      if (!r) return with_index(r.error(), i);
    }
    return index_entries(index);
  });
}

Result<void> SqlTransaction::update_customer(Customer& customer) {
  return run<void>(Access::Write, [&]() -> Result<void> {
    // The digests to drop are recomputed from the stored record (the blind index has no second
    // index by customer, which keeps bulk inserts cheap).
    std::optional<Customer> before;
    if (cipher_) {
      auto stored = load<CustomerRow>(customer.id.value, "customer");
      if (stored) before = std::move(stored).value();
    }
    auto updated = update<CustomerRow>(customer, "customer", [&] {
      return Error::already_exists("external_ref",
                                   fmt::format("external_ref '{}' is taken", customer.external_ref.value_or("")));
    });
    if (!updated || !cipher_) return updated;
    if (before) INSCRM_TRYV(unindex_customer(*before));
    return index_customer(customer);
  });
}

Result<Customer> SqlTransaction::customer(CustomerId id) {
  return run<Customer>(Access::Read, [&] { return load<CustomerRow>(id.value, "customer"); });
}

Result<std::optional<CustomerId>> SqlTransaction::customer_by_external_ref(std::string_view ref) {
  return run<std::optional<CustomerId>>(Access::Read, [&]() -> Result<std::optional<CustomerId>> {
    std::string wanted{ref};
    INSCRM_TRY(auto ids, select_ids("SELECT id FROM customers WHERE external_ref = :ref",
                                    [&](soci::statement& st) { st.exchange(soci::use(wanted)); }));
    if (ids.empty()) return std::optional<CustomerId>{};
    return std::optional<CustomerId>{CustomerId{ids.front()}};
  });
}

Result<std::vector<std::string>> SqlTransaction::taken_customer_refs(const std::vector<std::string>& refs) {
  // One IN (...) probe per chunk; a chunk that hits anything (rare: an import of fresh records)
  // is resolved ref by ref. Chunks stay well below SQLite's and libpq's parameter limits.
  constexpr std::size_t kChunk = 500;
  std::vector<std::string> taken;
  for (std::size_t first = 0; first < refs.size(); first += kChunk) {
    const std::size_t last = std::min(refs.size(), first + kChunk);
    std::string sql = "SELECT id FROM customers WHERE external_ref IN (";
    for (std::size_t i = first; i < last; ++i) sql += fmt::format("{}:r{}", i == first ? "" : ",", i - first);
    sql += ")";
    auto hits = run<std::vector<long long>>(Access::Read, [&] {
      return select_ids(sql, [&](soci::statement& st) {
        for (std::size_t i = first; i < last; ++i) st.exchange(soci::use(refs[i]));
      });
    });
    if (!hits) return hits.error();
    if (hits.value().empty()) continue;
    for (std::size_t i = first; i < last; ++i) {
      INSCRM_TRY(auto id, customer_by_external_ref(refs[i]));
      if (id) taken.push_back(refs[i]);
    }
  }
  return taken;
}

Result<std::vector<Customer>> SqlTransaction::customers(const CustomerQuery& q) {
  return run<std::vector<Customer>>(Access::Read, [&]() -> Result<std::vector<Customer>> {
    if (q.limit == 0) return std::vector<Customer>{};
    long long after = q.after.value;
    long long unit = q.org_unit ? q.org_unit->value : 0;
    long long agent = q.agent ? q.agent->value : 0;
    std::string stage{q.stage ? to_string(*q.stage) : std::string_view{}};
    long long limit = sql_limit(q.limit);
    std::string tail = "WHERE id > :after AND merged_into IS NULL";
    if (q.org_unit) tail += " AND org_unit_id = :unit";
    if (q.agent) tail += " AND agent_id = :agent";
    if (q.stage) tail += " AND stage = :stage";
    tail += " ORDER BY id LIMIT :n";
    return select_rows<CustomerRow>(tail, [&](soci::statement& st) {
      st.exchange(soci::use(after));
      if (q.org_unit) st.exchange(soci::use(unit));
      if (q.agent) st.exchange(soci::use(agent));
      if (q.stage) st.exchange(soci::use(stage));
      st.exchange(soci::use(limit));
    });
  });
}

Result<std::int64_t> SqlTransaction::count_customers() {
  return run<std::int64_t>(Access::Read, [&]() -> Result<std::int64_t> {
    long long n = 0;
    run_once(c_.sql(), "SELECT COUNT(*) FROM customers WHERE merged_into IS NULL", soci::into(n));
    return static_cast<std::int64_t>(n);
  });
}

// ---- policies --------------------------------------------------------------------------------

namespace {

void add_party(Policy& p, const PartyRow& row) {
  if (row.kind.v == 0) {
    p.insured.emplace_back(row.customer_id.v);
  } else {
    p.beneficiaries.push_back(Beneficiary{CustomerId{row.customer_id.v}, static_cast<int>(row.share_percent.v)});
  }
}

// The filter of a policies page, written out as often as a statement needs it: parameter names
// get a suffix because each occurrence is bound separately.
struct PolicyFilter {
  long long after = 0, holder = 0, limit = 0;
  bool by_holder = false;
  std::vector<std::string> statuses;

  std::string where(std::string_view sfx) const {
    std::string out = fmt::format("id > :after{}", sfx);
    if (by_holder) out += fmt::format(" AND holder_id = :holder{}", sfx);
    if (!statuses.empty()) {
      out += " AND status IN (";
      for (std::size_t i = 0; i < statuses.size(); ++i) out += fmt::format("{}:s{}{}", i ? ", " : "", i, sfx);
      out += ")";
    }
    out += fmt::format(" ORDER BY id LIMIT :n{}", sfx);
    return out;
  }

  void bind(soci::statement& st) {
    st.exchange(soci::use(after));
    if (by_holder) st.exchange(soci::use(holder));
    for (auto& s : statuses) st.exchange(soci::use(s));
    st.exchange(soci::use(limit));
  }
};

}  // namespace

Result<void> SqlTransaction::write_parties(const Policy& p) {
  auto& insured = stmt<PreparedInsert<InsuredRow>>();
  for (std::size_t i = 0; i < p.insured.size(); ++i) {
    put(insured.row.policy_id, p.id.value);
    put(insured.row.position, static_cast<long long>(i));
    put(insured.row.customer_id, p.insured[i].value);
    if (!insured.run(c_)) return Error::storage(fmt::format("policy {}: insured {} not recorded", p.id.value, i));
  }
  auto& beneficiaries = stmt<PreparedInsert<BeneficiaryRow>>();
  for (std::size_t i = 0; i < p.beneficiaries.size(); ++i) {
    put(beneficiaries.row.policy_id, p.id.value);
    put(beneficiaries.row.position, static_cast<long long>(i));
    put(beneficiaries.row.customer_id, p.beneficiaries[i].customer.value);
    put(beneficiaries.row.share_percent, p.beneficiaries[i].share_percent);
    if (!beneficiaries.run(c_))
      return Error::storage(fmt::format("policy {}: beneficiary {} not recorded", p.id.value, i));
  }
  return ok();
}

// Which unique key of the policy another row holds (number is checked first, as in memory).
Error SqlTransaction::policy_key_taken(const Policy& p) {
  long long n = 0;
  std::string number = p.number;
  long long id = p.id.value;
  run_once(c_.sql(), "SELECT COUNT(*) FROM policies WHERE number = :number AND id <> :id", soci::into(n),
           soci::use(number), soci::use(id));
  if (n > 0) return Error::already_exists("number", fmt::format("policy number '{}' is taken", p.number));
  return Error::already_exists("external_ref",
                               fmt::format("external_ref '{}' is taken", p.external_ref.value_or("")));
}

Result<void> SqlTransaction::insert_policy_row(Policy& p) {
  auto& ins = stmt<PreparedInsert<PolicyRow>>();
  to_row(p, ins.row);
  put(ins.row.version, 1);
  const auto id = ins.run(c_);
  if (!id) return policy_key_taken(p);
  p.id = PolicyId{*id};
  p.version = 1;
  return write_parties(p);
}

Result<void> SqlTransaction::insert_policy(Policy& policy) {
  return run<void>(Access::Write, [&] { return insert_policy_row(policy); });
}

Result<void> SqlTransaction::insert_policies(std::vector<Policy>& policies) {
  return run<void>(Access::Write, [&]() -> Result<void> {
    if (c_.backend() == Backend::Postgresql) {
      return pg_bulk(
          policies, "policies",
          [&](std::size_t first, std::size_t last, const std::vector<long long>& ids) {
            PolicyRow row;
            InsuredRow insured;
            BeneficiaryRow beneficiary;
            std::string data, insured_data, beneficiary_data;
            data.reserve((last - first) * 256);
            for (std::size_t i = first; i < last; ++i) {
              const Policy& p = policies[i];
              const long long id = ids[i - first];
              to_row(p, row);
              put(row.id, id);
              put(row.version, 1);
              append_copy_row(data, row);
              for (std::size_t k = 0; k < p.insured.size(); ++k) {
                put(insured.policy_id, id);
                put(insured.position, static_cast<long long>(k));
                put(insured.customer_id, p.insured[k].value);
                append_copy_row(insured_data, insured);
              }
              for (std::size_t k = 0; k < p.beneficiaries.size(); ++k) {
                put(beneficiary.policy_id, id);
                put(beneficiary.position, static_cast<long long>(k));
                put(beneficiary.customer_id, p.beneficiaries[k].customer.value);
                put(beneficiary.share_percent, p.beneficiaries[k].share_percent);
                append_copy_row(beneficiary_data, beneficiary);
              }
            }
            c_.copy_in(copy_sql<PolicyRow>(), data);
            if (!insured_data.empty()) c_.copy_in(copy_sql<InsuredRow>(), insured_data);
            if (!beneficiary_data.empty()) c_.copy_in(copy_sql<BeneficiaryRow>(), beneficiary_data);
          },
          [](Policy& p, long long id) {
            p.id = PolicyId{id};
            p.version = 1;
          },
          [&](Policy& p) { return insert_policy_row(p); });
    }
    for (std::size_t i = 0; i < policies.size(); ++i) {
      auto r = insert_policy_row(policies[i]);
      if (!r) return with_index(r.error(), i);
    }
    return ok();
  });
}

Result<void> SqlTransaction::update_policy(Policy& policy) {
  return run<void>(Access::Write, [&]() -> Result<void> {
    INSCRM_TRYV(update<PolicyRow>(policy, "policy", [&] { return policy_key_taken(policy); }));
    // Parties are few per policy: replacing them is simpler than diffing and costs two deletes.
    stmt<PreparedPartiesDelete>().run(policy.id.value);
    return write_parties(policy);
  });
}

Result<Policy> SqlTransaction::load_policy(long long id) {
  INSCRM_TRY(Policy p, load<PolicyRow>(id, "policy"));
  auto& parties = stmt<PreparedParties>();
  parties.policy = id;
  INSCRM_TRYV(for_each_row(parties.st, [&]() -> Result<void> {
    add_party(p, parties.row);
    return ok();
  }));
  return p;
}

Result<Policy> SqlTransaction::policy(PolicyId id) {
  return run<Policy>(Access::Read, [&] { return load_policy(id.value); });
}

Result<std::optional<PolicyId>> SqlTransaction::policy_by_number(std::string_view number) {
  return run<std::optional<PolicyId>>(Access::Read, [&]() -> Result<std::optional<PolicyId>> {
    std::string wanted{number};
    INSCRM_TRY(auto ids, select_ids("SELECT id FROM policies WHERE number = :number",
                                    [&](soci::statement& st) { st.exchange(soci::use(wanted)); }));
    if (ids.empty()) return std::optional<PolicyId>{};
    return std::optional<PolicyId>{PolicyId{ids.front()}};
  });
}

Result<std::vector<Policy>> SqlTransaction::policies(const PolicyQuery& q) {
  return run<std::vector<Policy>>(Access::Read, [&]() -> Result<std::vector<Policy>> {
    if (q.limit == 0) return std::vector<Policy>{};
    PolicyFilter f;
    f.after = q.after.value;
    f.by_holder = q.holder.has_value();
    f.holder = q.holder ? q.holder->value : 0;
    f.limit = sql_limit(q.limit);
    for (PolicyStatus s : q.statuses) f.statuses.emplace_back(to_string(s));

    INSCRM_TRY(auto page, select_rows<PolicyRow>("WHERE " + f.where(""), [&](soci::statement& st) { f.bind(st); }));
    if (page.empty()) return page;

    // The parties of the whole page in one statement, selected by the same filter.
    PartyRow row;
    soci::statement st(c_.sql());
    bind_into(st, row);
    f.bind(st);
    f.bind(st);
    prepare(st,
            parties_sql("IN (SELECT id FROM policies WHERE " + f.where("_i") + ")",
                        "IN (SELECT id FROM policies WHERE " + f.where("_b") + ")"),
            false);
    INSCRM_TRYV(for_each_row(st, [&]() -> Result<void> {
      auto it = std::lower_bound(page.begin(), page.end(), row.policy_id.v,
                                 [](const Policy& p, long long id) { return p.id.value < id; });
      if (it != page.end() && it->id.value == row.policy_id.v) add_party(*it, row);
      return ok();
    }));
    return page;
  });
}

// ---- payments --------------------------------------------------------------------------------

Result<void> SqlTransaction::insert_payment_row(Payment& p) {
  auto& ins = stmt<PreparedInsert<PaymentRow>>();
  to_row(p, ins.row);
  const auto id = ins.run(c_);
  if (!id) {
    if (!stmt<PreparedVersion<PolicyRow>>().run(p.policy.value))
      return Error::not_found("policy", fmt::format("policy {} does not exist", p.policy.value));
    return Error::already_exists("due_date", fmt::format("the instalment due {} is already paid",
                                                         inscrm::to_string(p.due_date)));
  }
  p.id = PaymentId{*id};
  return ok();
}

Result<void> SqlTransaction::insert_payment(Payment& payment) {
  return run<void>(Access::Write, [&] { return insert_payment_row(payment); });
}

Result<void> SqlTransaction::insert_payments(std::vector<Payment>& payments) {
  return run<void>(Access::Write, [&]() -> Result<void> {
    if (c_.backend() == Backend::Postgresql) {
      return pg_bulk(
          payments, "payments",
          [&](std::size_t first, std::size_t last, const std::vector<long long>& ids) {
            PaymentRow row;
            std::string data;
            data.reserve((last - first) * 96);
            for (std::size_t i = first; i < last; ++i) {
              to_row(payments[i], row);
              put(row.id, ids[i - first]);
              append_copy_row(data, row);
            }
            c_.copy_in(copy_sql<PaymentRow>(), data);
          },
          [](Payment& p, long long id) { p.id = PaymentId{id}; },
          [&](Payment& p) { return insert_payment_row(p); });
    }
    for (std::size_t i = 0; i < payments.size(); ++i) {
      auto r = insert_payment_row(payments[i]);
      if (!r) return with_index(r.error(), i);
    }
    return ok();
  });
}

Result<std::vector<Payment>> SqlTransaction::payments(PolicyId policy) { return payments_in_range(policy, policy); }

Result<std::vector<Payment>> SqlTransaction::payments_in_range(PolicyId first, PolicyId last) {
  return run<std::vector<Payment>>(Access::Read, [&] {
    long long lo = first.value, hi = last.value;
    return select_rows<PaymentRow>("WHERE policy_id >= :first AND policy_id <= :last ORDER BY policy_id, due_date",
                                   [&](soci::statement& st) {
                                     st.exchange(soci::use(lo));
                                     st.exchange(soci::use(hi));
                                   });
  });
}

}  // namespace inscrm::storage::sql
