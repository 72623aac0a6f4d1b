#pragma once
// Field encryption for the storage adapters (domain.md C12; docs in README "Personal data").
//
// Key hierarchy:
//   master key (KeyProvider, never stored)
//     ├─ wraps the index key (one per database, random; stored wrapped in crypto_keys)
//     └─ wraps each customer's data key (random, 32 bytes; stored wrapped beside the row)
//   data key   → seals the customer's personal fields, packed together, in ONE AEAD
//   index key  → keyed BLAKE2b blind indexes of identity number, phones, e-mails
// All AEAD is XChaCha20-Poly1305 (libsodium, random 192-bit nonces). Rotation re-wraps the index
// key and every data key under a new master key and rewrites no sealed data; erasure deletes the
// wrapped data key (crypto-shredding), after which the sealed fields cannot be opened by anyone.
//
// Stored forms are text (URL-safe base64 without padding), so both SQL backends and the COPY path
// carry them like any other text column.

#include <inscrm/core/result.hpp>
#include <inscrm/security/key_provider.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace inscrm::storage::crypto {

inline constexpr std::size_t kKeyBytes = 32;
using SecretKey = std::array<unsigned char, kKeyBytes>;

// Separates the three blind indexes, so the same digits as a phone and as an id never match.
enum class BlindKind : unsigned char { Identity = 'i', Phone = 'p', Email = 'e' };

class PersonalCipher {
 public:
  // Opens the cipher of a database: `stored_index_key` is the wrapped index key kept in the
  // database, or empty for a database that has none yet — then a fresh index key is made and
  // `*created` receives its wrapped form for the caller to store. PermissionDenied "master_key"
  // when the master key does not unwrap the stored index key (the wrong key, or a rotated one).
  static Result<std::shared_ptr<const PersonalCipher>> open(const MasterKey& master, std::string_view stored_index_key,
                                                            std::string* created);
  // The same index key under another master key (rotation).
  std::shared_ptr<const PersonalCipher> with_master(const MasterKey& master) const;

  PersonalCipher(const PersonalCipher&) = delete;
  PersonalCipher& operator=(const PersonalCipher&) = delete;
  ~PersonalCipher();

  // Seals `plain` under a fresh data key: wrapped_key and sealed are overwritten (their capacity
  // reused, so a bulk loop does not allocate per row).
  void seal(std::string_view plain, std::string& wrapped_key, std::string& sealed) const;
  // Opens what seal() made. StorageError when the key or the data was altered or is missing.
  Result<void> open(std::string_view wrapped_key, std::string_view sealed, std::string& plain) const;
  // The wrapped data key under `to`'s master key instead of this one's.
  Result<std::string> rewrap(std::string_view wrapped_key, const PersonalCipher& to) const;
  // The keyed blind index of a normalised value: 64 bits of keyed BLAKE2b. An integer, not text:
  // a million-customer import inserts three per customer at random places in one index, and
  // 8-byte keys keep that index a third of the size (bench/bench_crypto.cpp). A collision only
  // adds a false candidate to a lookup (about one in 2^64 / customers).
  std::int64_t blind(BlindKind kind, std::string_view value) const;
  // The index key wrapped under this cipher's master key, for crypto_keys.
  std::string wrapped_index_key() const;

 private:
  PersonalCipher(const MasterKey& master, const SecretKey& index);
  SecretKey master_;
  SecretKey index_;
};

// Packs fields into one plaintext (length-prefixed, so one AEAD covers them all) and back.
void pack(std::initializer_list<std::string_view> fields, std::string& out);
// StorageError when `plain` does not hold exactly fields.size() fields.
Result<void> unpack(std::string_view plain, std::span<std::string> fields);

}  // namespace inscrm::storage::crypto
