// XChaCha20-Poly1305 sealing, key wrapping and blind indexes (personal_cipher.hpp).
#include "storage/crypto/personal_cipher.hpp"

#include <sodium.h>

#include <cstring>

namespace inscrm::storage::crypto {
namespace {

constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;  // 24
constexpr std::size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;       // 16
constexpr std::size_t kBlindBytes = 8;
constexpr int kB64 = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

// Associated data: a purpose tag, so a wrapped key can never be taken for sealed fields.
constexpr std::string_view kDataKeyAd = "inscrm/data-key/1";
constexpr std::string_view kIndexKeyAd = "inscrm/index-key/1";
constexpr std::string_view kFieldsAd = "inscrm/fields/1";

// Random bytes for keys and nonces, drawn from a per-thread ChaCha20 stream reseeded from the
// system every 4 KiB: one getrandom() per ~50 customers instead of two per customer, which a
// million-row import notices (bench/bench_crypto.cpp).
void random_bytes(unsigned char* out, std::size_t n) {
  struct Pool {
    unsigned char buf[4096];
    std::size_t used = sizeof buf;
    ~Pool() { sodium_memzero(buf, sizeof buf); }
  };
  thread_local Pool pool;
  while (n > 0) {
    if (pool.used == sizeof pool.buf) {
      unsigned char seed[randombytes_SEEDBYTES];
      randombytes_buf(seed, sizeof seed);
      randombytes_buf_deterministic(pool.buf, sizeof pool.buf, seed);
      sodium_memzero(seed, sizeof seed);
      pool.used = 0;
    }
    const std::size_t take = std::min(n, sizeof pool.buf - pool.used);
    std::memcpy(out, pool.buf + pool.used, take);
    sodium_memzero(pool.buf + pool.used, take);  // a drawn key must not stay behind in the pool
    pool.used += take;
    out += take;
    n -= take;
  }
}

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

void to_text(const unsigned char* bin, std::size_t n, std::string& out) {
  out.resize(sodium_base64_ENCODED_LEN(n, kB64));
  sodium_bin2base64(out.data(), out.size(), bin, n, kB64);
  out.resize(out.size() - 1);  // the encoder writes a terminating NUL
}

// Decodes into `out` (at most `cap` bytes); false when `text` is not our base64.
bool from_text(std::string_view text, unsigned char* out, std::size_t cap, std::size_t& len) {
  const char* end = nullptr;
  return sodium_base642bin(out, cap, text.data(), text.size(), nullptr, &len, &end, kB64) == 0 &&
         end == text.data() + text.size();
}

// nonce || AEAD(plain) into `out`.
void aead_seal(const unsigned char* key, std::string_view ad, const unsigned char* plain, std::size_t n,
               unsigned char* out) {
  random_bytes(out, kNonce);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out + kNonce, &clen, plain, n, bytes(ad), ad.size(), nullptr, out, key);
}

bool aead_open(const unsigned char* key, std::string_view ad, const unsigned char* in, std::size_t n,
               unsigned char* plain) {
  if (n < kNonce + kTag) return false;
  unsigned long long mlen = 0;
  return crypto_aead_xchacha20poly1305_ietf_decrypt(plain, &mlen, nullptr, in + kNonce, n - kNonce, bytes(ad),
                                                    ad.size(), in, key) == 0;
}

constexpr std::size_t kWrapped = kNonce + kKeyBytes + kTag;

std::string wrap(const SecretKey& kek, const unsigned char* key, std::string_view ad) {
  unsigned char w[kWrapped];
  aead_seal(kek.data(), ad, key, kKeyBytes, w);
  std::string out;
  to_text(w, sizeof w, out);
  return out;
}

bool unwrap(const SecretKey& kek, std::string_view text, std::string_view ad, unsigned char* key) {
  unsigned char w[kWrapped + 1];
  std::size_t len = 0;
  if (!from_text(text, w, sizeof w, len) || len != kWrapped) return false;
  return aead_open(kek.data(), ad, w, len, key);
}

Error damaged(std::string_view what) {
  return Error::storage(std::string{what} + " cannot be decrypted: altered, erased or under another key");
}

}  // namespace

PersonalCipher::PersonalCipher(const MasterKey& master, const SecretKey& index) : master_(master), index_(index) {}

PersonalCipher::~PersonalCipher() {
  sodium_memzero(master_.data(), master_.size());
  sodium_memzero(index_.data(), index_.size());
}

Result<std::shared_ptr<const PersonalCipher>> PersonalCipher::open(const MasterKey& master,
                                                                   std::string_view stored_index_key,
                                                                   std::string* created) {
  if (sodium_init() < 0) return Error::internal("libsodium could not be initialised");
  SecretKey index;
  if (stored_index_key.empty()) {
    random_bytes(index.data(), index.size());
  } else if (!unwrap(master, stored_index_key, kIndexKeyAd, index.data())) {
    return Error{Errc::PermissionDenied,
                 "the master key does not open this database (a wrong key, or one replaced by rotation)",
                 "master_key"};
  }
  std::shared_ptr<const PersonalCipher> cipher{new PersonalCipher(master, index)};
  sodium_memzero(index.data(), index.size());
  if (stored_index_key.empty() && created) *created = cipher->wrapped_index_key();
  return cipher;
}

std::shared_ptr<const PersonalCipher> PersonalCipher::with_master(const MasterKey& master) const {
  return std::shared_ptr<const PersonalCipher>{new PersonalCipher(master, index_)};
}

std::string PersonalCipher::wrapped_index_key() const { return wrap(master_, index_.data(), kIndexKeyAd); }

void PersonalCipher::seal(std::string_view plain, std::string& wrapped_key, std::string& sealed) const {
  // Stack buffers for the usual record (a few hundred bytes); the rare huge one goes to the heap.
  unsigned char key[kKeyBytes];
  random_bytes(key, sizeof key);
  unsigned char w[kWrapped];
  aead_seal(master_.data(), kDataKeyAd, key, sizeof key, w);
  to_text(w, sizeof w, wrapped_key);

  const std::size_t n = kNonce + plain.size() + kTag;
  unsigned char small[1024];
  std::string big;
  unsigned char* out = small;
  if (n > sizeof small) {
    big.resize(n);
    out = reinterpret_cast<unsigned char*>(big.data());
  }
  aead_seal(key, kFieldsAd, bytes(plain), plain.size(), out);
  sodium_memzero(key, sizeof key);
  to_text(out, n, sealed);
}

Result<void> PersonalCipher::open(std::string_view wrapped_key, std::string_view sealed, std::string& plain) const {
  unsigned char key[kKeyBytes];
  if (!unwrap(master_, wrapped_key, kDataKeyAd, key)) return damaged("a customer's data key");
  std::string bin(sealed.size(), '\0');  // base64 decodes to fewer bytes than its text
  std::size_t len = 0;
  auto* b = reinterpret_cast<unsigned char*>(bin.data());
  bool opened = from_text(sealed, b, bin.size(), len) && len >= kNonce + kTag;
  if (opened) {
    plain.resize(len - kNonce - kTag);
    opened = aead_open(key, kFieldsAd, b, len, reinterpret_cast<unsigned char*>(plain.data()));
  }
  sodium_memzero(key, sizeof key);
  if (!opened) return damaged("a customer's personal fields");
  return ok();
}

Result<std::string> PersonalCipher::rewrap(std::string_view wrapped_key, const PersonalCipher& to) const {
  unsigned char key[kKeyBytes];
  if (!unwrap(master_, wrapped_key, kDataKeyAd, key)) return damaged("a customer's data key");
  std::string out = wrap(to.master_, key, kDataKeyAd);
  sodium_memzero(key, sizeof key);
  return out;
}

std::int64_t PersonalCipher::blind(BlindKind kind, std::string_view value) const {
  crypto_generichash_state st;
  crypto_generichash_init(&st, index_.data(), index_.size(), kBlindBytes);
  const auto k = static_cast<unsigned char>(kind);
  crypto_generichash_update(&st, &k, 1);
  crypto_generichash_update(&st, bytes(value), value.size());
  unsigned char digest[kBlindBytes];
  crypto_generichash_final(&st, digest, sizeof digest);
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | digest[i];
  return static_cast<std::int64_t>(v);
}

void pack(std::initializer_list<std::string_view> fields, std::string& out) {
  out.clear();
  for (std::string_view f : fields) {
    const auto n = static_cast<std::uint32_t>(f.size());
    const char len[4] = {static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
                         static_cast<char>(n)};
    out.append(len, 4);
    out.append(f);
  }
}

Result<void> unpack(std::string_view plain, std::span<std::string> fields) {
  for (std::string& f : fields) {
    if (plain.size() < 4) return Error::storage("sealed personal fields are truncated");
    const auto* p = bytes(plain);
    const std::size_t n = (std::size_t{p[0]} << 24) | (std::size_t{p[1]} << 16) | (std::size_t{p[2]} << 8) | p[3];
    plain.remove_prefix(4);
    if (plain.size() < n) return Error::storage("sealed personal fields are truncated");
    f.assign(plain.substr(0, n));
    plain.remove_prefix(n);
  }
  if (!plain.empty()) return Error::storage("sealed personal fields have trailing data");
  return ok();
}

}  // namespace inscrm::storage::crypto
