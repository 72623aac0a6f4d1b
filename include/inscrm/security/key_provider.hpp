#pragma once
// Where the master key comes from (domain.md C12, architecture.md "Personal data"). The host
// supplies a KeyProvider — its KMS, HSM or secret store behind one call — or names a key file;
// when it gives neither, open picks a default per storage kind (storage/store.hpp, KeyOptions).
//
// The master key never encrypts personal data itself: it wraps each customer's own data key and
// the blind-index key (src/storage/crypto/personal_cipher.hpp). Rotating it therefore re-wraps
// small keys and leaves the encrypted data as it is.

#include <inscrm/core/result.hpp>

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace inscrm {

inline constexpr std::size_t kMasterKeyBytes = 32;  // XChaCha20-Poly1305 key size
using MasterKey = std::array<unsigned char, kMasterKeyBytes>;

class KeyProvider {
 public:
  virtual ~KeyProvider() = default;
  // The current master key. Called when a store opens and when the master key is rotated.
  virtual Result<MasterKey> master_key() = 0;
};

// A fixed key the host already holds (its own secret store); the provider keeps a copy.
std::shared_ptr<KeyProvider> key_from_bytes(const MasterKey& key);
// A key given as 64 hex digits (or 32 raw bytes): InvalidArgument "master_key" for anything else.
Result<MasterKey> parse_master_key(std::string_view text);
// A key file: 32 raw bytes or 64 hex digits (trailing newline allowed). With create = true a
// missing file is made with a fresh random key, mode 0600, without following or replacing an
// existing file. InvalidArgument "key_file" when the file is unreadable or malformed, or when it
// is readable by group or others (a key anyone on the machine can read protects nothing).
std::shared_ptr<KeyProvider> key_from_file(std::string path, bool create = false);
// A random key that lives as long as the provider: for the memory store and scratch databases.
std::shared_ptr<KeyProvider> ephemeral_key();
// A fresh random master key, for hosts that generate their own (and for rotation tests).
MasterKey random_master_key();

}  // namespace inscrm
