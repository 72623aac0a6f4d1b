// Key providers: fixed bytes, a key file (created 0600 on demand), an ephemeral random key.
#include <inscrm/security/key_provider.hpp>

#include <sodium.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>

namespace inscrm {
namespace {

void init_sodium() {
  // sodium_init is idempotent and thread-safe; it picks the fastest implementations and seeds
  // the random generator.
  static const int once = sodium_init();
  (void)once;
}

class FixedKey final : public KeyProvider {
 public:
  explicit FixedKey(const MasterKey& key) : key_(key) {}
  ~FixedKey() override { sodium_memzero(key_.data(), key_.size()); }
  Result<MasterKey> master_key() override { return key_; }

 private:
  MasterKey key_;
};

class FileKey final : public KeyProvider {
 public:
  FileKey(std::string path, bool create) : path_(std::move(path)), create_(create) {}
  Result<MasterKey> master_key() override {
    std::lock_guard lock{mutex_};  // two stores opening at once must not both create the file
    if (create_) {
      const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
      if (fd >= 0) {
        MasterKey key = random_master_key();
        char hex[kMasterKeyBytes * 2 + 1];
        sodium_bin2hex(hex, sizeof hex, key.data(), key.size());
        std::string text = std::string{hex} + "\n";
        const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                             ::fsync(fd) == 0;
        ::close(fd);
        sodium_memzero(hex, sizeof hex);
        sodium_memzero(text.data(), text.size());
        if (!written) {
          ::unlink(path_.c_str());
          return Error::invalid_argument("key_file", fmt::format("cannot write key file '{}'", path_));
        }
        return key;
      }
      if (errno != EEXIST)
        return Error::invalid_argument("key_file",
                                       fmt::format("cannot create key file '{}': {}", path_, std::strerror(errno)));
    }
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      return Error::invalid_argument("key_file",
                                     fmt::format("cannot open key file '{}': {}", path_, std::strerror(errno)));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || (st.st_mode & 077) != 0) {
      ::close(fd);
      return Error::invalid_argument(
          "key_file", fmt::format("key file '{}' must be readable by its owner only (chmod 600)", path_));
    }
    char buf[200];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    ::close(fd);
    if (n < 0) return Error::invalid_argument("key_file", fmt::format("cannot read key file '{}'", path_));
    auto key = parse_master_key(std::string_view{buf, static_cast<std::size_t>(n)});
    sodium_memzero(buf, sizeof buf);
    if (!key) return Error::invalid_argument("key_file", fmt::format("key file '{}': {}", path_, key.error().message()));
    return key;
  }

 private:
  std::mutex mutex_;
  std::string path_;
  bool create_;
};

}  // namespace

MasterKey random_master_key() {
  init_sodium();
  MasterKey key;
  randombytes_buf(key.data(), key.size());
  return key;
}

Result<MasterKey> parse_master_key(std::string_view text) {
  MasterKey key;
  if (text.size() == kMasterKeyBytes) {
    std::memcpy(key.data(), text.data(), kMasterKeyBytes);
    return key;
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
  std::size_t len = 0;
  const char* end = nullptr;
  if (text.size() != kMasterKeyBytes * 2 ||
      sodium_hex2bin(key.data(), key.size(), text.data(), text.size(), nullptr, &len, &end) != 0 ||
      len != kMasterKeyBytes || end != text.data() + text.size())
    return Error::invalid_argument("master_key", "a master key is 32 bytes, or 64 hex digits");
  return key;
}

std::shared_ptr<KeyProvider> key_from_bytes(const MasterKey& key) { return std::make_shared<FixedKey>(key); }

std::shared_ptr<KeyProvider> key_from_file(std::string path, bool create) {
  return std::make_shared<FileKey>(std::move(path), create);
}

std::shared_ptr<KeyProvider> ephemeral_key() { return key_from_bytes(random_master_key()); }

}  // namespace inscrm
