#pragma once
// The cipher a store uses now, shared by the store and its transactions. Each transaction takes
// the current one when it begins; a committed rotation installs the next (personal_cipher.hpp).
// A null cipher is a plain-text database (KeyOptions::encrypt = false).

#include "storage/crypto/personal_cipher.hpp"

#include <memory>
#include <mutex>

namespace inscrm::storage::crypto {

class KeyRing {
 public:
  explicit KeyRing(std::shared_ptr<const PersonalCipher> cipher) : cipher_(std::move(cipher)) {}
  std::shared_ptr<const PersonalCipher> current() const {
    std::lock_guard lock{mutex_};
    return cipher_;
  }
  void install(std::shared_ptr<const PersonalCipher> cipher) {
    std::lock_guard lock{mutex_};
    cipher_ = std::move(cipher);
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const PersonalCipher> cipher_;
};

}  // namespace inscrm::storage::crypto
