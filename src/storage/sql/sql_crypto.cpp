// Field encryption in the SQL adapters (migration 0007_crypto, crypto/personal_cipher.hpp): the
// personal fields of a customer row sealed together under the customer's data key, the blind index
// that replaces plaintext lookups, erasure by destroying the data key, and master-key rotation.
#include "storage/sql/sql_transaction_impl.hpp"

#include <algorithm>
#include <charconv>

namespace inscrm::storage::sql {

using crypto::BlindKind;

// The personal fields of a customer (domain.md C12 and issue #9): identity number, phones,
// e-mails, addresses, income. Name, gender, birth date, region, occupation and the rest stay plain:
// the rules and KPIs push them down as SQL (README "Personal data").
void SqlTransaction::seal_row(CustomerRow& r) {
  if (!r.erased_on.null()) {
    // An erased customer has no personal fields left and no key to seal them under.
    put_null(r.id_number);
    put_null(r.income_minor);
    put_null(r.income_currency);
    put(r.phones, "[]"), put(r.emails, "[]"), put(r.addresses, "[]");
    put_null(r.data_key);
    put_null(r.sealed);
    return;
  }
  if (!cipher_) return;
  char income[24] = {};
  std::size_t income_len = 0;
  if (!r.income_minor.null()) income_len = static_cast<std::size_t>(
                                  std::to_chars(income, income + sizeof income, r.income_minor.v).ptr - income);
  crypto::pack({r.id_number.null() ? std::string_view{} : std::string_view{r.id_number.v}, r.phones.v, r.emails.v,
                r.addresses.v, std::string_view{income, income_len},
                r.income_currency.null() ? std::string_view{} : std::string_view{r.income_currency.v}},
               plain_);
  cipher_->seal(plain_, r.data_key.v, r.sealed.v);
  r.data_key.ind = r.sealed.ind = soci::i_ok;
  put_null(r.id_number);
  put_null(r.income_minor);
  put_null(r.income_currency);
  put(r.phones, "[]"), put(r.emails, "[]"), put(r.addresses, "[]");
}

Result<void> SqlTransaction::open_customer_row(CustomerRow& r) {
  if (r.data_key.null()) return ok();  // a plain-text database, or an erased customer
  if (!cipher_) return Error::storage("an encrypted customer row in a database opened without encryption");
  INSCRM_TRYV(cipher_->open(r.data_key.v, r.sealed.null() ? std::string_view{} : r.sealed.v, plain_));
  std::string fields[6];
  INSCRM_TRYV(crypto::unpack(plain_, fields));
  if (!r.id_type.null()) put(r.id_number, fields[0]);
  put(r.phones, fields[1]), put(r.emails, fields[2]), put(r.addresses, fields[3]);
  if (!fields[4].empty()) {
    long long minor = 0;
    const auto [end, ec] = std::from_chars(fields[4].data(), fields[4].data() + fields[4].size(), minor);
    if (ec != std::errc{} || end != fields[4].data() + fields[4].size())
      return Error::storage("customers.sealed: the income is not a number");
    put(r.income_minor, minor);
  }
  if (!fields[5].empty()) put(r.income_currency, fields[5]);
  std::fill(plain_.begin(), plain_.end(), '\0');  // the plaintext does not outlive the row
  return ok();
}

void SqlTransaction::blind_digests(const Customer& c, std::vector<long long>& out) const {
  out.clear();
  if (!cipher_ || c.erased_on) return;
  if (c.identity && !c.identity->number.empty()) out.push_back(cipher_->blind(BlindKind::Identity, c.identity->number));
  for (const Phone& p : c.phones) out.push_back(cipher_->blind(BlindKind::Phone, p.number));
  for (const Email& e : c.emails) out.push_back(cipher_->blind(BlindKind::Email, e.address));
  // The same phone twice on one record is one index entry.
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

Result<void> SqlTransaction::index_customer(const Customer& c) {
  if (!cipher_) return ok();
  blind_digests(c, digests_);
  auto& ins = stmt<PreparedInsert<BlindIndexRow>>();
  for (const long long d : digests_) {
    put(ins.row.digest, d);
    put(ins.row.customer_id, c.id.value);
    ins.run(c_);  // an entry already there (ON CONFLICT DO NOTHING) is the same fact
  }
  return ok();
}

Result<void> SqlTransaction::index_entries(std::vector<std::pair<long long, long long>>& entries) {
  std::sort(entries.begin(), entries.end());
  auto& ins = stmt<PreparedInsert<BlindIndexRow>>();
  for (const auto& [digest, customer] : entries) {
    put(ins.row.digest, digest);
    put(ins.row.customer_id, customer);
    ins.run(c_);  // an entry already there (ON CONFLICT DO NOTHING) is the same fact
  }
  return ok();
}

namespace {
struct DeleteBlind final : CachedStatement {
  long long digest = 0;
  long long customer = 0;
  soci::statement st;
  explicit DeleteBlind(Connection& c) : st(c.sql()) {
    st.exchange(soci::use(digest));
    st.exchange(soci::use(customer));
    prepare(st, "DELETE FROM customer_blind_index WHERE digest = :d AND customer_id = :c", true);
  }
};
}  // namespace

Result<void> SqlTransaction::unindex_customer(const Customer& c) {
  if (!cipher_) return ok();
  std::vector<long long> digests;
  blind_digests(c, digests);
  auto& del = stmt<DeleteBlind>();
  for (const long long d : digests) {
    del.digest = d;
    del.customer = c.id.value;
    del.st.execute(true);
  }
  return ok();
}

Result<std::vector<CustomerId>> SqlTransaction::customers_by_blind(BlindKind kind, std::string_view value) {
  return run<std::vector<CustomerId>>(Access::Read, [&]() -> Result<std::vector<CustomerId>> {
    std::vector<long long> ids;
    if (cipher_) {
      long long digest = cipher_->blind(kind, value);
      INSCRM_TRY(ids, select_ids("SELECT b.customer_id FROM customer_blind_index b JOIN customers c ON c.id = b.customer_id "
                                 "WHERE b.digest = :d AND c.merged_into IS NULL ORDER BY b.customer_id",
                                 [&](soci::statement& st) { st.exchange(soci::use(digest)); }));
    } else if (kind == BlindKind::Identity) {
      std::string wanted{value};
      INSCRM_TRY(ids, select_ids("SELECT id FROM customers WHERE id_number = :number AND merged_into IS NULL ORDER BY id",
                                 [&](soci::statement& st) { st.exchange(soci::use(wanted)); }));
    } else {
      // A plain-text database has no index on phones or e-mails: a scan for the text, then a check
      // of each hit's decoded list (the text may sit in another field of the JSON).
      std::string pattern = "%" + std::string{value} + "%";
      const char* column = kind == BlindKind::Phone ? "phones" : "emails";
      INSCRM_TRY(auto candidates,
                 select_ids(fmt::format("SELECT id FROM customers WHERE {} LIKE :p AND merged_into IS NULL ORDER BY id", column),
                            [&](soci::statement& st) { st.exchange(soci::use(pattern)); }));
      for (long long id : candidates) {
        INSCRM_TRY(const Customer c, load<CustomerRow>(id, "customer"));
        const bool hit = kind == BlindKind::Phone
                             ? std::any_of(c.phones.begin(), c.phones.end(), [&](const Phone& p) { return p.number == value; })
                             : std::any_of(c.emails.begin(), c.emails.end(), [&](const Email& e) { return e.address == value; });
        if (hit) ids.push_back(id);
      }
    }
    std::vector<CustomerId> out;
    out.reserve(ids.size());
    for (long long id : ids) out.emplace_back(id);
    return out;
  });
}

Result<std::vector<CustomerId>> SqlTransaction::customers_by_identity(std::string_view number) {
  return customers_by_blind(BlindKind::Identity, number);
}
Result<std::vector<CustomerId>> SqlTransaction::customers_by_phone(std::string_view number) {
  return customers_by_blind(BlindKind::Phone, number);
}
Result<std::vector<CustomerId>> SqlTransaction::customers_by_email(std::string_view address) {
  return customers_by_blind(BlindKind::Email, address);
}

Result<void> SqlTransaction::erase_customer(Customer& anonymised) {
  return run<void>(Access::Write, [&]() -> Result<void> {
    if (!anonymised.erased_on) return Error::internal("erase_customer needs erased_on");
    INSCRM_TRY(const Customer before, load<CustomerRow>(anonymised.id.value, "customer"));
    // update() seals nothing for an erased row: data_key and sealed become NULL, so the old data
    // key exists nowhere in the database from this commit on.
    INSCRM_TRYV((update<CustomerRow>(anonymised, "customer", [&] {
      return Error::already_exists("external_ref",
                                   fmt::format("external_ref '{}' is taken", anonymised.external_ref.value_or("")));
    })));
    erased_ = true;
    // A merge's copy of the survivor as it was is personal data too: it goes with the erasure.
    long long id = anonymised.id.value;
    run_once(c_.sql(),
             "UPDATE customer_merges SET before_key = NULL, survivor_before = NULL "
             "WHERE survivor_id = :a OR merged_away_id = :b",
             soci::use(id), soci::use(id));
    return unindex_customer(before);
  });
}

namespace {
struct UpdateDataKey final : CachedStatement {
  std::string key;
  long long id = 0;
  soci::statement st;
  explicit UpdateDataKey(Connection& c) : st(c.sql()) {
    st.exchange(soci::use(key));
    st.exchange(soci::use(id));
    prepare(st, "UPDATE customers SET data_key = :k WHERE id = :id", true);
  }
};
}  // namespace

Result<std::int64_t> SqlTransaction::rotate_master_key(const MasterKey& next) {
  return run<std::int64_t>(Access::Write, [&]() -> Result<std::int64_t> {
    if (!cipher_) return Error::invalid_argument("master_key", "this database stores personal data in plain text");
    auto to = cipher_->with_master(next);
    std::int64_t rewrapped = 0;
    long long after = 0;
    auto& up = stmt<UpdateDataKey>();
    // Pages in id order: the keys of a page are read before any is written back, so the scan
    // never meets a row it has just changed.
    for (;;) {
      std::vector<std::pair<long long, std::string>> page;
      {
        IntCol id;
        TextCol key;
        soci::statement st(c_.sql());
        st.exchange(soci::into(id.v, id.ind));
        st.exchange(soci::into(key.v, key.ind));
        st.exchange(soci::use(after));
        prepare(st, "SELECT id, data_key FROM customers WHERE id > :after AND data_key IS NOT NULL ORDER BY id LIMIT 10000",
                false);
        INSCRM_TRYV(for_each_row(st, [&]() -> Result<void> {
          page.emplace_back(id.v, key.v);
          return ok();
        }));
      }
      if (page.empty()) break;
      for (auto& [id, key] : page) {
        INSCRM_TRY(up.key, cipher_->rewrap(key, *to));
        up.id = id;
        up.st.execute(true);
        ++rewrapped;
      }
      after = page.back().first;
    }
    std::string wrapped = to->wrapped_index_key();
    run_once(c_.sql(), "UPDATE crypto_keys SET value = :v WHERE name = 'index_key'", soci::use(wrapped));
    rotated_ = std::move(to);
    return rewrapped;
  });
}

Result<void> SqlTransaction::decrypted_incomes() {
  c_.exec("DELETE FROM inscrm_income");
  long long after = 0;
  IntCol id;
  TextCol key, sealed;
  std::string fields[6];
  std::string copy;  // PostgreSQL: one COPY per page; SQLite: a prepared insert per row
  long long ins_id = 0, ins_income = 0;
  std::optional<soci::statement> ins;
  if (c_.backend() == Backend::Sqlite) {
    ins.emplace(c_.sql());
    ins->exchange(soci::use(ins_id));
    ins->exchange(soci::use(ins_income));
    prepare(*ins, "INSERT INTO inscrm_income (customer_id, income) VALUES (:c, :i)", false);
  }
  for (;;) {
    std::vector<std::pair<long long, long long>> page;
    long long last = after;
    soci::statement st(c_.sql());
    st.exchange(soci::into(id.v, id.ind));
    st.exchange(soci::into(key.v, key.ind));
    st.exchange(soci::into(sealed.v, sealed.ind));
    st.exchange(soci::use(after));
    prepare(st,
            "SELECT id, data_key, sealed FROM customers WHERE id > :after AND data_key IS NOT NULL ORDER BY id "
            "LIMIT 10000",
            false);
    std::size_t rows = 0;
    auto scanned = for_each_row(st, [&]() -> Result<void> {
      ++rows;
      last = id.v;
      INSCRM_TRYV(cipher_->open(key.v, sealed.v, plain_));
      INSCRM_TRYV(crypto::unpack(plain_, fields));
      if (fields[4].empty() || fields[5] != "CNY") return ok();  // the fact is CNY only (customer_facts)
      long long minor = 0;
      std::from_chars(fields[4].data(), fields[4].data() + fields[4].size(), minor);
      page.emplace_back(id.v, minor);
      return ok();
    });
    if (!scanned) return scanned.error();
    std::fill(plain_.begin(), plain_.end(), '\0');
    if (rows == 0) break;
    after = last;
    if (ins) {
      for (const auto& [c, income] : page) {
        ins_id = c, ins_income = income;
        ins->execute(true);
      }
    } else if (!page.empty()) {
      copy.clear();
      for (const auto& [c, income] : page) copy += fmt::format("{}\t{}\n", c, income);
      c_.copy_in("COPY inscrm_income (customer_id, income) FROM STDIN", copy);
    }
  }
  return ok();
}

}  // namespace inscrm::storage::sql
