// The columnar evaluator's kernels, binder and chunk loop (evaluate.hpp), included by evaluate.cpp
// once per instruction set it is built for: inside a namespace of its own (isa_baseline,
// isa_avx2, isa_avx512) and, for all but the baseline, under #pragma GCC target, so the same
// loops are vectorised for each. No includes here: evaluate.cpp has them, outside the namespaces.
// Uses from the enclosing namespace: kChunk, Part, run_parts, resolve, and the detail:: names.
// INSCRM_RULES_ISA (0 baseline, 1 AVX2, 2 AVX-512) picks hand-written intrinsics where the
// compiler's own vectorisation falls short: the validity bitmap to bytes, and truth bytes to bits.

namespace {

constexpr std::uint32_t kNone = 0xFFFF'FFFFu;

struct Frame {
  bool prefetch = false;            // ask for the next chunk's column rows (prefetch_next)
  std::vector<std::uint8_t> bytes;  // truth and validity registers
  std::vector<std::int64_t> ints;
  std::vector<double> reals;
};

struct Instr;
using Kernel = void (*)(const Instr&, Frame&, std::size_t row0, std::size_t n);

struct Instr {
  Kernel run = nullptr;
  const void* data = nullptr;                // a column's array
  const std::uint64_t* validity = nullptr;   // its validity bitmap; null = no nulls
  const std::uint8_t* lut = nullptr;         // truth per dictionary code
  const std::int64_t* ranks = nullptr;       // order per dictionary code
  const std::int64_t* ilist = nullptr;
  const double* dlist = nullptr;
  std::size_t list_size = 0;
  std::size_t stride = 1;  // set words per row
  std::size_t word = 0;    // set word holding the tested bit
  std::int64_t i = 0;      // integer constant, set bit, code or as_of
  double d = 0;            // decimal constant
  std::uint8_t null_truth = 1;
  std::uint32_t out = kNone;  // register offsets (already multiplied by kChunk)
  std::uint32_t out_valid = kNone;
  std::uint32_t a = kNone;
  std::uint32_t a_valid = kNone;
  std::uint32_t b = kNone;
  std::uint32_t b_valid = kNone;
};

template <class V>
V* regs(Frame& f) noexcept {
  if constexpr (std::is_same_v<V, double>) {
    return f.reals.data();
  } else {
    return f.ints.data();
  }
}

template <CmpOp Op, class T>
inline bool cmp(T a, T b) noexcept {
  if constexpr (Op == CmpOp::Eq) return a == b;
  if constexpr (Op == CmpOp::Ne) return a != b;
  if constexpr (Op == CmpOp::Lt) return a < b;
  if constexpr (Op == CmpOp::Le) return a <= b;
  if constexpr (Op == CmpOp::Gt) return a > b;
  if constexpr (Op == CmpOp::Ge) return a >= b;
}

inline std::uint8_t truth_of(bool b) noexcept { return static_cast<std::uint8_t>(static_cast<unsigned>(b) << 1); }

// Runs body(k) for the rows of a chunk. A full chunk is a loop with a constant trip count and no
// assumed dependencies between rows (ivdep: registers and columns never overlap), which GCC
// vectorises even at -O2, whose cost model refuses loops that need an epilogue or alias checks.
#if defined(__clang__)
#define INSCRM_RULES_IVDEP _Pragma("clang loop vectorize(assume_safety)")
#elif defined(__GNUC__)
#define INSCRM_RULES_IVDEP _Pragma("GCC ivdep")
#else
#define INSCRM_RULES_IVDEP
#endif

template <class Body>
inline void for_rows(std::size_t n, Body&& body) {
  if (n == kChunk) {
    INSCRM_RULES_IVDEP
    for (std::size_t k = 0; k < kChunk; ++k) body(k);
  } else {
    for (std::size_t k = 0; k < n; ++k) body(k);
  }
}

// kSpread[b]: byte j is 0x01 when bit j of b is set: eight validity bits to eight bytes at once.
constexpr std::array<std::uint64_t, 256> kSpread = [] {
  std::array<std::uint64_t, 256> t{};
  for (std::size_t b = 0; b < 256; ++b)
    for (std::size_t j = 0; j < 8; ++j)
      if ((b >> j) & 1u) t[b] |= std::uint64_t{1} << (8 * j);
  return t;
}();
constexpr std::uint64_t kBytes01 = 0x0101'0101'0101'0101ULL;

// The chunk's validity bits, eight at a time. Chunks start at multiples of 1024, so the chunk's
// bits start at a word boundary; registers are kChunk bytes long, so writing a few bytes past a
// short last chunk stays inside them (the packer masks those rows off).
template <class Octet>
inline void for_octets(const std::uint64_t* validity, std::size_t row0, std::size_t n, Octet&& octet) {
  const std::uint64_t* words = validity + row0 / 64;
  for (std::size_t k = 0; k < n; k += 8) octet(k, static_cast<unsigned>((words[k / 64] >> (k % 64)) & 0xFFu));
}

inline std::uint64_t load8(const std::uint8_t* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline void store8(std::uint8_t* p, std::uint64_t v) noexcept { std::memcpy(p, &v, 8); }

#if INSCRM_RULES_ISA == 0 && defined(__SSE2__)
// SSE2: the chunk's validity bits 16 at a time as 16 bytes, 0xFF where the row has a value: the
// two bit-bytes widened to eight bytes each by unpacking, then each byte tests its own bit. Five
// instructions per 16 rows, against a table lookup and a multiply per 8 rows.
template <class Rows16>
inline void for_16_rows(const std::uint64_t* validity, std::size_t row0, std::size_t n, Rows16&& rows16) {
  const std::uint64_t* words = validity + row0 / 64;
  const __m128i select = _mm_set1_epi64x(static_cast<long long>(0x8040'2010'0804'0201ULL));
  for (std::size_t k = 0; k < n; k += 16) {
    const auto bits = static_cast<int>((words[k / 64] >> (k % 64)) & 0xFFFFu);
    __m128i b = _mm_cvtsi32_si128(bits);
    b = _mm_unpacklo_epi8(b, b);
    b = _mm_unpacklo_epi16(b, b);
    b = _mm_unpacklo_epi32(b, b);
    rows16(k, _mm_cmpeq_epi8(_mm_and_si128(b, select), select));
  }
}
#endif

#if INSCRM_RULES_ISA == 1
// AVX2: the chunk's validity bits 32 at a time as 32 bytes, 0xFF where the row has a value (each
// byte picks its bit out of a broadcast of the 32-bit group).
template <class Rows32>
inline void for_32_rows(const std::uint64_t* validity, std::size_t row0, std::size_t n, Rows32&& rows32) {
  const std::uint64_t* words = validity + row0 / 64;
  const __m256i spread = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3,
                                          3, 3);
  const __m256i select = _mm256_set1_epi64x(static_cast<long long>(0x8040'2010'0804'0201ULL));
  for (std::size_t k = 0; k < n; k += 32) {
    const auto bits = static_cast<std::uint32_t>(words[k / 64] >> (k % 64));
    const __m256i b = _mm256_and_si256(_mm256_shuffle_epi8(_mm256_set1_epi32(static_cast<int>(bits)), spread), select);
    rows32(k, _mm256_cmpeq_epi8(b, select));
  }
}
#endif

// Rows without a value in the bitmap get `null_truth`. Branch-free: skipping octets without nulls
// mispredicts whenever nulls are scattered (a column 10 % null has one in most octets), and the
// blend costs less than the miss.
void apply_bitmap(std::uint8_t* out, const std::uint64_t* validity, std::size_t row0, std::size_t n,
                  std::uint8_t null_truth) noexcept {
#if INSCRM_RULES_ISA >= 2
  // AVX-512BW: a validity word is a byte mask, one blend per 64 rows. Registers are kChunk bytes
  // long and k < n <= kChunk, so the 64 bytes at k are inside the register.
  const std::uint64_t* words = validity + row0 / 64;
  const __m512i fill = _mm512_set1_epi8(static_cast<char>(null_truth));
  for (std::size_t k = 0; k < n; k += 64) {
    const __m512i v = _mm512_loadu_si512(out + k);
    _mm512_storeu_si512(out + k, _mm512_mask_blend_epi8(words[k / 64], fill, v));
  }
#elif INSCRM_RULES_ISA >= 1
  const __m256i fill = _mm256_set1_epi8(static_cast<char>(null_truth));
  for_32_rows(validity, row0, n, [&](std::size_t k, __m256i valid) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(out + k));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + k), _mm256_blendv_epi8(fill, v, valid));
  });
#elif defined(__SSE2__)
  const __m128i fill = _mm_set1_epi8(static_cast<char>(null_truth));
  for_16_rows(validity, row0, n, [&](std::size_t k, __m128i valid) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(out + k));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + k), _mm_or_si128(_mm_and_si128(valid, v), _mm_andnot_si128(valid, fill)));
  });
#else
  const std::uint64_t fill = kBytes01 * null_truth;
  for_octets(validity, row0, n, [&](std::size_t k, unsigned bits) {
    const std::uint64_t keep = kSpread[bits] * 0xFFu;
    store8(out + k, (load8(out + k) & keep) | (fill & ~keep));
  });
#endif
}

void bitmap_to_valid(std::uint8_t* valid, const std::uint64_t* validity, std::size_t row0, std::size_t n) noexcept {
#if INSCRM_RULES_ISA >= 2
  const std::uint64_t* words = validity + row0 / 64;
  const __m512i one = _mm512_set1_epi8(1);
  for (std::size_t k = 0; k < n; k += 64) _mm512_storeu_si512(valid + k, _mm512_maskz_mov_epi8(words[k / 64], one));
#elif INSCRM_RULES_ISA >= 1
  const __m256i one = _mm256_set1_epi8(1);
  for_32_rows(validity, row0, n, [&](std::size_t k, __m256i v) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(valid + k), _mm256_and_si256(v, one));
  });
#elif defined(__SSE2__)
  const __m128i one = _mm_set1_epi8(1);
  for_16_rows(validity, row0, n, [&](std::size_t k, __m128i v) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(valid + k), _mm_and_si128(v, one));
  });
#else
  for_octets(validity, row0, n, [&](std::size_t k, unsigned bits) { store8(valid + k, kSpread[bits]); });
#endif
}

// The next chunk's rows of a column, asked of memory before they are needed: a chunk of an int32
// column is one 4 KiB page, and the hardware prefetcher starts over at every page. Only on large
// portfolios (Frame::prefetch): bench_rules on 10M rows ran 15-25 % faster with it, but on 2M rows,
// whose columns the last-level cache still holds, the extra instructions made the AVX2 and
// baseline kernels 10-25 % slower.
// Past the column's end the addresses are only hints (a prefetch never faults), and they are
// computed as integers so that no pointer leaves its array.
inline void prefetch_next(const void* chunk, std::size_t bytes) noexcept {
  const std::uintptr_t next = reinterpret_cast<std::uintptr_t>(chunk) + bytes;
  for (std::size_t off = 0; off < bytes; off += 64) __builtin_prefetch(reinterpret_cast<const void*>(next + off));
}

// --- truth kernels over columns --------------------------------------------------------------------

#if INSCRM_RULES_ISA >= 2
// AVX-512: the comparison of 64 integers of a column with a constant as a 64-bit mask, one
// instruction per 512 bits of column. The predicate is the AVX-512 integer one for `Op`.
template <CmpOp Op>
constexpr int kCmpInt = Op == CmpOp::Eq ? _MM_CMPINT_EQ
                        : Op == CmpOp::Ne ? _MM_CMPINT_NE
                        : Op == CmpOp::Lt ? _MM_CMPINT_LT
                        : Op == CmpOp::Le ? _MM_CMPINT_LE
                        : Op == CmpOp::Gt ? _MM_CMPINT_NLE
                                          : _MM_CMPINT_NLT;

template <class T, CmpOp Op>
inline std::uint64_t cmp_mask64(const T* p, T c) noexcept {
  constexpr int pred = kCmpInt<Op>;
  constexpr std::size_t lanes = 64 / sizeof(T);
  std::uint64_t m = 0;
  for (std::size_t j = 0; j < 64; j += lanes) {
    const __m512i v = _mm512_loadu_si512(p + j);
    std::uint64_t part = 0;
    if constexpr (std::is_same_v<T, std::int8_t>) part = _mm512_cmp_epi8_mask(v, _mm512_set1_epi8(c), pred);
    if constexpr (std::is_same_v<T, std::uint8_t>) part = _mm512_cmp_epu8_mask(v, _mm512_set1_epi8(static_cast<char>(c)), pred);
    if constexpr (std::is_same_v<T, std::int16_t>) part = _mm512_cmp_epi16_mask(v, _mm512_set1_epi16(c), pred);
    if constexpr (std::is_same_v<T, std::uint16_t>) part = _mm512_cmp_epu16_mask(v, _mm512_set1_epi16(static_cast<short>(c)), pred);
    if constexpr (std::is_same_v<T, std::int32_t>) part = _mm512_cmp_epi32_mask(v, _mm512_set1_epi32(c), pred);
    if constexpr (std::is_same_v<T, std::uint32_t>) part = _mm512_cmp_epu32_mask(v, _mm512_set1_epi32(static_cast<int>(c)), pred);
    if constexpr (std::is_same_v<T, std::int64_t>) part = _mm512_cmp_epi64_mask(v, _mm512_set1_epi64(c), pred);
    if constexpr (std::is_same_v<T, std::uint64_t>)
      part = _mm512_cmp_epu64_mask(v, _mm512_set1_epi64(static_cast<long long>(c)), pred);
    m |= part << j;
  }
  return m;
}
#endif

template <class T, CmpOp Op>
void k_cmp_col_const(const Instr& in, Frame& f, std::size_t row0, std::size_t n) {
  const T* col = static_cast<const T*>(in.data) + row0;
  if (f.prefetch) prefetch_next(col, kChunk * sizeof(T));
  std::uint8_t* out = f.bytes.data() + in.out;
  T c{};
  if constexpr (std::is_floating_point_v<T>) {
    c = static_cast<T>(in.d);
  } else {
    c = static_cast<T>(in.i);
  }
#if INSCRM_RULES_ISA >= 2
  // A full chunk of integers in one pass: compare to a mask, truth bytes from the mask, nulls
  // blended in from the validity word, where the compiler's own loop widens lane by lane and a
  // second pass applies the bitmap. A short last chunk (its loads would pass the column's end)
  // and decimals (NaN rules) take the generic loop.
  if constexpr (std::is_integral_v<T>) {
    if (n == kChunk) {
      const __m512i two = _mm512_set1_epi8(2);
      const __m512i one = _mm512_set1_epi8(1);
      const std::uint64_t* words = in.validity ? in.validity + row0 / 64 : nullptr;
      for (std::size_t k = 0; k < kChunk; k += 64) {
        __m512i t = _mm512_maskz_mov_epi8(cmp_mask64<T, Op>(col + k, c), two);
        if (words) t = _mm512_mask_blend_epi8(words[k / 64], one, t);
        _mm512_storeu_si512(out + k, t);
      }
      return;
    }
  }
#endif
  for_rows(n, [&](std::size_t k) { out[k] = truth_of(cmp<Op>(col[k], c)); });
  if (in.validity) apply_bitmap(out, in.validity, row0, n, 1);
}

template <class T>
void k_in_col(const Instr& in, Frame& f, std::size_t row0, std::size_t n) {
  const T* col = static_cast<const T*>(in.data) + row0;
  if (f.prefetch) prefetch_next(col, kChunk * sizeof(T));
  std::uint8_t* out = f.bytes.data() + in.out;
  std::fill_n(out, n, std::uint8_t{0});
  for (std::size_t j = 0; j < in.list_size; ++j) {
    const T c = static_cast<T>(in.ilist[j]);
    for_rows(n, [&](std::size_t k) { out[k] |= truth_of(col[k] == c); });
  }
  if (in.validity) apply_bitmap(out, in.validity, row0, n, in.null_truth);
}

// A predicate over one string column, evaluated once per dictionary code. A table lookup per
// row does not vectorise; k_in_col covers the usual case of a few true codes.
template <class T>
void k_lut(const Instr& in, Frame& f, std::size_t row0, std::size_t n) {
  const T* col = static_cast<const T*>(in.data) + row0;
  if (f.prefetch) prefetch_next(col, kChunk * sizeof(T));
  std::uint8_t* out = f.bytes.data() + in.out;
  const std::uint8_t* lut = in.lut;
  for (std::size_t k = 0; k < n; ++k) out[k] = lut[col[k]];
  if (in.validity) apply_bitmap(out, in.validity, row0, n, in.null_truth);
}

template <class T, bool Strided>
void k_set_has(const Instr& in, Frame& f, std::size_t row0, std::size_t n) {
  std::uint8_t* out = f.bytes.data() + in.out;
  const auto bit = static_cast<unsigned>(in.i);
  if constexpr (Strided) {
    const T* col = static_cast<const T*>(in.data) + row0 * in.stride + in.word;
    if (f.prefetch) prefetch_next(col, kChunk * in.stride * sizeof(T));
    for (std::size_t k = 0; k < n; ++k) out[k] = static_cast<std::uint8_t>(((col[k * in.stride] >> bit) & 1u) << 1);
  } else {
    const T* col = static_cast<const T*>(in.data) + row0;
    if (f.prefetch) prefetch_next(col, kChunk * sizeof(T));
    const T mask = static_cast<T>(T{1} << bit);
    for_rows(n, [&](std::size_t k) { out[k] = truth_of((col[k] & mask) != 0); });
  }
  if (in.validity) apply_bitmap(out, in.validity, row0, n, 1);
}

void k_bool_col(const Instr& in, Frame& f, std::size_t row0, std::size_t n) {
  const std::uint8_t* col = static_cast<const std::uint8_t*>(in.data) + row0;
  if (f.prefetch) prefetch_next(col, kChunk);
  std::uint8_t* out = f.bytes.data() + in.out;
  for_rows(n, [&](std::size_t k) { out[k] = static_cast<std::uint8_t>(col[k] << 1); });
  if (in.validity) apply_bitmap(out, in.validity, row0, n, 1);
}

// is null (i = 0) / is not null (i = 1) of a column; `validity` is never null here.
void k_is_null_col(const Instr& in, Frame& f, std::size_t row0, std::size_t n) {
  std::uint8_t* out = f.bytes.data() + in.out;
  const auto present = static_cast<std::uint8_t>(in.i != 0 ? 2 : 0);
  std::fill_n(out, n, present);
  apply_bitmap(out, in.validity, row0, n, static_cast<std::uint8_t>(2 - present));
}

void k_fill_truth(const Instr& in, Frame& f, std::size_t, std::size_t n) {
  std::fill_n(f.bytes.data() + in.out, n, static_cast<std::uint8_t>(in.i));
}

// Rows without a value become `null_truth` (after a k_fill_truth of a column-wide answer).
void k_apply_bitmap(const Instr& in, Frame& f, std::size_t row0, std::size_t n) {
  apply_bitmap(f.bytes.data() + in.out, in.validity, row0, n, in.null_truth);
}

// --- truth kernels over registers -----------------------------------------------------------------

void k_and(const Instr& in, Frame& f, std::size_t, std::size_t n) {
  std::uint8_t* b = f.bytes.data();
  std::uint8_t* out = b + in.out;
  const std::uint8_t* x = b + in.a;
  const std::uint8_t* y = b + in.b;
  for_rows(n, [&](std::size_t k) { out[k] = std::min(x[k], y[k]); });
}
void k_or(const Instr& in, Frame& f, std::size_t, std::size_t n) {
  std::uint8_t* b = f.bytes.data();
  std::uint8_t* out = b + in.out;
  const std::uint8_t* x = b + in.a;
  const std::uint8_t* y = b + in.b;
  for_rows(n, [&](std::size_t k) { out[k] = std::max(x[k], y[k]); });
}
void k_not(const Instr& in, Frame& f, std::size_t, std::size_t n) {
  std::uint8_t* b = f.bytes.data();
  std::uint8_t* out = b + in.out;
  const std::uint8_t* x = b + in.a;
  for_rows(n, [&](std::size_t k) { out[k] = static_cast<std::uint8_t>(2 - x[k]); });
}

// Rows whose validity byte is 0 become unknown.
void apply_valid(std::uint8_t* out, const std::uint8_t* valid, std::size_t n) noexcept {
  for_rows(n, [&](std::size_t k) { out[k] = valid[k] ? out[k] : std::uint8_t{1}; });
}

template <class V, CmpOp Op, bool ConstB>
void k_cmp_reg(const Instr& in, Frame& f, std::size_t, std::size_t n) {
  const V* x = regs<V>(f) + in.a;
  const V* y = regs<V>(f) + (ConstB ? 0 : in.b);
  std::uint8_t* out = f.bytes.data() + in.out;
  V c{};
  if constexpr (std::is_floating_point_v<V>) {
    c = in.d;
  } else {
    c = in.i;
  }
  for_rows(n, [&](std::size_t k) { out[k] = truth_of(cmp<Op>(x[k], ConstB ? c : y[k])); });
  if (in.a_valid != kNone) apply_valid(out, f.bytes.data() + in.a_valid, n);
  if (in.b_valid != kNone) apply_valid(out, f.bytes.data() + in.b_valid, n);
}

template <class V>
void k_in_reg(const Instr& in, Frame& f, std::size_t, std::size_t n) {
  const V* x = regs<V>(f) + in.a;
  std::uint8_t* out = f.bytes.data() + in.out;
  std::fill_n(out, n, std::uint8_t{0});
  for (std::size_t j = 0; j < in.list_size; ++j) {
    V c{};
    if constexpr (std::is_floating_point_v<V>) {
      c = in.dlist[j];
    } else {
      c = in.ilist[j];
    }
    for_rows(n, [&](std::size_t k) { out[k] |= truth_of(x[k] == c); });
  }
  if (in.a_valid != kNone) apply_valid(out, f.bytes.data() + in.a_valid, n);
}

// is null (i = 0) / is not null (i = 1) of a value register with validity.
void k_is_null_reg(const Instr& in, Frame& f, std::size_t, std::size_t n) {
  const std::uint8_t* v = f.bytes.data() + in.a_valid;
  std::uint8_t* out = f.bytes.data() + in.out;
  const bool want = in.i != 0;
  for_rows(n, [&](std::size_t k) { out[k] = truth_of((v[k] != 0) == want); });
}

// A condition used as a value (has_lapsed_policy = (age > 60)): 0 / 1 with validity.
void k_truth_to_value(const Instr& in, Frame& f, std::size_t, std::size_t n) {
  const std::uint8_t* t = f.bytes.data() + in.a;
  std::int64_t* out = f.ints.data() + in.out;
  std::uint8_t* v = f.bytes.data() + in.out_valid;
  for_rows(n, [&](std::size_t k) {
    out[k] = t[k] == 2;
    v[k] = t[k] != 1;
  });
}

// --- value kernels ---------------------------------------------------------------------------------

template <class T>
void k_load_int(const Instr& in, Frame& f, std::size_t row0, std::size_t n) {
  const T* col = static_cast<const T*>(in.data) + row0;
  if (f.prefetch) prefetch_next(col, kChunk * sizeof(T));
  std::int64_t* out = f.ints.data() + in.out;
  for_rows(n, [&](std::size_t k) { out[k] = static_cast<std::int64_t>(col[k]); });
  if (in.validity) bitmap_to_valid(f.bytes.data() + in.out_valid, in.validity, row0, n);
}

void k_load_real(const Instr& in, Frame& f, std::size_t row0, std::size_t n) {
  const double* col = static_cast<const double*>(in.data) + row0;
  if (f.prefetch) prefetch_next(col, kChunk * sizeof(double));
  std::copy_n(col, n, f.reals.data() + in.out);
  if (in.validity) bitmap_to_valid(f.bytes.data() + in.out_valid, in.validity, row0, n);
}

// A string expression's order among all strings it is compared with, per dictionary code.
template <class T>
void k_load_rank(const Instr& in, Frame& f, std::size_t row0, std::size_t n) {
  const T* col = static_cast<const T*>(in.data) + row0;
  if (f.prefetch) prefetch_next(col, kChunk * sizeof(T));
  std::int64_t* out = f.ints.data() + in.out;
  for (std::size_t k = 0; k < n; ++k) out[k] = in.ranks[col[k]];
  if (in.validity) bitmap_to_valid(f.bytes.data() + in.out_valid, in.validity, row0, n);
}

template <class T, bool Strided>
void k_set_size(const Instr& in, Frame& f, std::size_t row0, std::size_t n) {
  std::int64_t* out = f.ints.data() + in.out;
  const T* col = static_cast<const T*>(in.data) + row0 * in.stride;
  if (f.prefetch) prefetch_next(col, kChunk * in.stride * sizeof(T));
  if constexpr (Strided) {
    for (std::size_t k = 0; k < n; ++k) {
      std::int64_t total = 0;
      for (std::size_t w = 0; w < in.stride; ++w) total += std::popcount(col[k * in.stride + w]);
      out[k] = total;
    }
  } else {
    for (std::size_t k = 0; k < n; ++k) out[k] = std::popcount(col[k]);
  }
  if (in.validity) bitmap_to_valid(f.bytes.data() + in.out_valid, in.validity, row0, n);
}

template <class V, Op O, bool ConstA, bool ConstB>
void k_arith(const Instr& in, Frame& f, std::size_t, std::size_t n) {
  V* out = regs<V>(f) + in.out;
  const V* x = regs<V>(f) + (ConstA ? 0 : in.a);
  const V* y = regs<V>(f) + (ConstB ? 0 : in.b);
  V c{};
  if constexpr (std::is_floating_point_v<V>) {
    c = in.d;
  } else {
    c = in.i;
  }
  for_rows(n, [&](std::size_t k) {
    const V p = ConstA ? c : x[k];
    const V q = ConstB ? c : y[k];
    if constexpr (std::is_floating_point_v<V>) {
      if constexpr (O == Op::Add) out[k] = p + q;
      if constexpr (O == Op::Sub) out[k] = p - q;
      if constexpr (O == Op::Mul) out[k] = p * q;
      if constexpr (O == Op::Div) out[k] = p / q;
    } else {
      if constexpr (O == Op::Add) out[k] = detail::wrap_add(p, q);
      if constexpr (O == Op::Sub) out[k] = detail::wrap_sub(p, q);
      if constexpr (O == Op::Mul) out[k] = detail::wrap_mul(p, q);
    }
  });
}

void k_int_to_real(const Instr& in, Frame& f, std::size_t, std::size_t n) {
  const std::int64_t* x = f.ints.data() + in.a;
  double* out = f.reals.data() + in.out;
  for_rows(n, [&](std::size_t k) { out[k] = static_cast<double>(x[k]); });
}
// fen -> yuan: a division by 100.0 (not a product by 0.01), exactly as the SQL text does it.
void k_fen_to_yuan(const Instr& in, Frame& f, std::size_t, std::size_t n) {
  const std::int64_t* x = f.ints.data() + in.a;
  double* out = f.reals.data() + in.out;
  for_rows(n, [&](std::size_t k) { out[k] = static_cast<double>(x[k]) / 100.0; });
}

template <bool IsYear>
void k_civil(const Instr& in, Frame& f, std::size_t, std::size_t n) {
  const std::int64_t* x = f.ints.data() + in.a;
  std::int64_t* out = f.ints.data() + in.out;
  std::uint8_t* v = f.bytes.data() + in.out_valid;
  const std::uint8_t* xv = in.a_valid != kNone ? f.bytes.data() + in.a_valid : nullptr;
  for (std::size_t k = 0; k < n; ++k) {
    const bool in_range = x[k] >= detail::kFirstDay && x[k] <= detail::kLastDay;
    std::int64_t year = 0;
    std::int64_t month = 0;
    detail::civil_of(in_range ? x[k] : 0, year, month);
    out[k] = IsYear ? year : month;
    v[k] = static_cast<std::uint8_t>(in_range && (xv == nullptr || xv[k] != 0));
  }
}

// Validity of a result: the AND of its operands' validities (either may be absent).
void k_valid_and(const Instr& in, Frame& f, std::size_t, std::size_t n) {
  std::uint8_t* b = f.bytes.data();
  std::uint8_t* out = b + in.out_valid;
  if (in.a_valid != kNone && in.b_valid != kNone) {
    const std::uint8_t* x = b + in.a_valid;
    const std::uint8_t* y = b + in.b_valid;
    for_rows(n, [&](std::size_t k) { out[k] = x[k] & y[k]; });
  } else {
    std::copy_n(b + (in.a_valid != kNone ? in.a_valid : in.b_valid), n, out);
  }
}

// Division: a zero divisor makes the quotient null (SQLite's rule; PostgreSQL is given NULLIF).
void k_valid_divisor(const Instr& in, Frame& f, std::size_t, std::size_t n) {
  std::uint8_t* b = f.bytes.data();
  std::uint8_t* out = b + in.out_valid;
  const double* y = f.reals.data() + in.b;
  for_rows(n, [&](std::size_t k) { out[k] = y[k] != 0.0; });
  if (in.a_valid != kNone) {
    const std::uint8_t* xv = b + in.a_valid;
    for_rows(n, [&](std::size_t k) { out[k] &= xv[k]; });
  }
  if (in.b_valid != kNone) {
    const std::uint8_t* yv = b + in.b_valid;
    for_rows(n, [&](std::size_t k) { out[k] &= yv[k]; });
  }
}

// --- selecting kernels by width --------------------------------------------------------------------

template <class T>
Kernel cmp_col_kernel(CmpOp op) noexcept {
  switch (op) {
    case CmpOp::Eq: return &k_cmp_col_const<T, CmpOp::Eq>;
    case CmpOp::Ne: return &k_cmp_col_const<T, CmpOp::Ne>;
    case CmpOp::Lt: return &k_cmp_col_const<T, CmpOp::Lt>;
    case CmpOp::Le: return &k_cmp_col_const<T, CmpOp::Le>;
    case CmpOp::Gt: return &k_cmp_col_const<T, CmpOp::Gt>;
    case CmpOp::Ge: return &k_cmp_col_const<T, CmpOp::Ge>;
  }
  return nullptr;
}

template <class V, bool ConstB>
Kernel cmp_reg_kernel(CmpOp op) noexcept {
  switch (op) {
    case CmpOp::Eq: return &k_cmp_reg<V, CmpOp::Eq, ConstB>;
    case CmpOp::Ne: return &k_cmp_reg<V, CmpOp::Ne, ConstB>;
    case CmpOp::Lt: return &k_cmp_reg<V, CmpOp::Lt, ConstB>;
    case CmpOp::Le: return &k_cmp_reg<V, CmpOp::Le, ConstB>;
    case CmpOp::Gt: return &k_cmp_reg<V, CmpOp::Gt, ConstB>;
    case CmpOp::Ge: return &k_cmp_reg<V, CmpOp::Ge, ConstB>;
  }
  return nullptr;
}

template <class V, Op O>
Kernel arith_kernel(bool const_a, bool const_b) noexcept {
  if (const_a) return &k_arith<V, O, true, false>;
  if (const_b) return &k_arith<V, O, false, true>;
  return &k_arith<V, O, false, false>;
}

template <class V>
Kernel arith_kernel(Op op, bool const_a, bool const_b) noexcept {
  switch (op) {
    case Op::Add: return arith_kernel<V, Op::Add>(const_a, const_b);
    case Op::Sub: return arith_kernel<V, Op::Sub>(const_a, const_b);
    case Op::Mul: return arith_kernel<V, Op::Mul>(const_a, const_b);
    default:
      if constexpr (std::is_floating_point_v<V>) return arith_kernel<V, Op::Div>(const_a, const_b);
      return nullptr;
  }
}

template <class T>
constexpr bool is_code_type = std::is_same_v<T, std::uint8_t> || std::is_same_v<T, std::uint16_t> ||
                              std::is_same_v<T, std::uint32_t>;

// The comparison of an integer column with a constant outside its element type's range has the
// same answer on every row with a value.
std::optional<bool> out_of_range(CmpOp op, std::int64_t c, std::int64_t lo, std::int64_t hi) noexcept {
  if (c >= lo && c <= hi) return std::nullopt;
  const bool above = c > hi;  // every value is below c
  switch (op) {
    case CmpOp::Eq: return false;
    case CmpOp::Ne: return true;
    case CmpOp::Lt:
    case CmpOp::Le: return above;
    case CmpOp::Gt:
    case CmpOp::Ge: return !above;
  }
  return std::nullopt;
}

CmpOp flip(CmpOp op) noexcept {
  switch (op) {
    case CmpOp::Lt: return CmpOp::Gt;
    case CmpOp::Le: return CmpOp::Ge;
    case CmpOp::Gt: return CmpOp::Lt;
    case CmpOp::Ge: return CmpOp::Le;
    default: return op;
  }
}

std::int64_t as_int(const Value& v) {
  if (const auto* b = std::get_if<bool>(&v)) return *b ? 1 : 0;
  return std::get<std::int64_t>(v);
}

// --- binding ---------------------------------------------------------------------------------------

// Where a node's chunk of values lives once bound.
struct Slot {
  enum class Kind : std::uint8_t { Truth, Int, Real, Const } kind = Kind::Const;
  std::uint32_t reg = kNone;
  std::uint32_t valid = kNone;  // kNone: never null
  Value constant;               // Const; monostate = null / unknown
};

// Which columns a node reads: none, exactly one fact, or several.
struct Reads {
  enum class Kind : std::uint8_t { None, One, Many } kind = Kind::None;
  std::string fact;
};

struct Plan {
  std::vector<Instr> code;
  std::size_t byte_regs = 0;
  std::size_t int_regs = 0;
  std::size_t real_regs = 0;
  Slot root;
  // Storage behind Instr pointers; a deque never moves its elements.
  std::deque<std::vector<std::uint8_t>> luts;
  std::deque<std::vector<std::int64_t>> ints;
  std::deque<std::vector<double>> reals;
};

class Binder {
 public:
  Binder(const Program& program, const Portfolio& p) : prog_(program), p_(p), as_of_(to_epoch_days(p.as_of())) {
    const std::size_t n = prog_.nodes.size();
    slots_.resize(n);
    uses_.assign(n, 0);
    reads_.resize(n);
    std::vector<bool> seen(n, false);
    count_uses(prog_.root, seen);
    for (std::size_t i = 0; i < n; ++i) reads_[i] = reads_of(static_cast<std::uint32_t>(i));
  }

  Result<Plan> run() {
    for (const auto& n : prog_.nodes)
      if (n.op == Op::Column) INSCRM_TRYV(resolve(n, p_));
    INSCRM_TRY(Slot root, slot(prog_.root));
    plan_.root = std::move(root);
    return std::move(plan_);
  }

 private:
  void count_uses(std::uint32_t i, std::vector<bool>& seen) {
    const Node& n = prog_.nodes[i];
    for (std::uint8_t k = 0; k < n.arity; ++k) {
      ++uses_[n.args[k]];
      if (!seen[n.args[k]]) {
        seen[n.args[k]] = true;
        count_uses(n.args[k], seen);
      }
    }
  }

  Reads reads_of(std::uint32_t i) const {
    const Node& n = prog_.nodes[i];
    Reads r;
    if (n.op == Op::Column) return {Reads::Kind::One, n.fact};
    for (std::uint8_t k = 0; k < n.arity; ++k) {
      const Reads& c = reads_[n.args[k]];
      if (c.kind == Reads::Kind::None) continue;
      if (c.kind == Reads::Kind::Many || (r.kind == Reads::Kind::One && r.fact != c.fact)) return {Reads::Kind::Many, {}};
      r = c;
    }
    return r;
  }

  // --- registers ---
  std::uint32_t take(std::vector<std::uint32_t>& free, std::size_t& count) {
    if (!free.empty()) {
      const std::uint32_t r = free.back();
      free.pop_back();
      return r;
    }
    return static_cast<std::uint32_t>(kChunk * count++);
  }
  std::uint32_t byte_reg() { return take(free_bytes_, plan_.byte_regs); }
  std::uint32_t int_reg() { return take(free_ints_, plan_.int_regs); }
  std::uint32_t real_reg() { return take(free_reals_, plan_.real_regs); }

  // A node's consumer has been emitted: once the last one is, its registers are reusable.
  void done(std::uint32_t node) {
    if (uses_[node] == 0 || --uses_[node] != 0 || !slots_[node]) return;
    const Slot& s = *slots_[node];
    if (s.kind == Slot::Kind::Truth) free_bytes_.push_back(s.reg);
    if (s.kind == Slot::Kind::Int) free_ints_.push_back(s.reg);
    if (s.kind == Slot::Kind::Real) free_reals_.push_back(s.reg);
    if (s.valid != kNone) free_bytes_.push_back(s.valid);
  }

  const Column& column(const Node& n) const { return p_.column(*p_.find(n.fact)); }
  const std::uint64_t* validity(const Column& c) const { return c.has_nulls() ? c.validity.data() : nullptr; }

  Instr& emit(Kernel k) {
    Instr in;
    in.run = k;
    plan_.code.push_back(in);
    return plan_.code.back();
  }

  Slot truth_slot(std::uint32_t reg) const {
    Slot s;
    s.kind = Slot::Kind::Truth;
    s.reg = reg;
    return s;
  }

  // A register filled for a constant operand belongs to no node: hand it back once read.
  void release_constant_fill(const Slot& s, std::uint32_t reg) {
    if (s.kind == Slot::Kind::Const) free_bytes_.push_back(reg);
  }

  // A truth register holding `slot` (a Const becomes a filled register).
  std::uint32_t truth_reg(const Slot& s) {
    if (s.kind == Slot::Kind::Truth) return s.reg;
    const Value& v = s.constant;
    Instr& in = emit(&k_fill_truth);
    in.out = byte_reg();
    in.i = std::holds_alternative<bool>(v) ? (std::get<bool>(v) ? 2 : 0) : 1;
    return in.out;
  }

  Result<Slot> slot(std::uint32_t i) {
    if (slots_[i]) return *slots_[i];
    INSCRM_TRY(Slot s, make(i));
    slots_[i] = s;
    return s;
  }

  Result<Slot> make(std::uint32_t i) {
    const Node& n = prog_.nodes[i];
    const Reads& reads = reads_[i];
    // No column below: a constant, folded now by the reference evaluator.
    if (reads.kind == Reads::Kind::None) {
      Slot s;
      s.constant = detail::eval_row(prog_, i, as_of_, [](const Node&) { return Value{}; });
      return s;
    }
    if (n.type == FactType::Bool && reads.kind == Reads::Kind::One && n.op != Op::Column) {
      const Node* col = nullptr;
      for (const auto& m : prog_.nodes)
        if (m.op == Op::Column && m.fact == reads.fact) col = &m;
      if (col->type == FactType::String) return lookup_table(i, *col);
    }
    switch (n.op) {
      case Op::Column: return load_column(n);
      case Op::Const: return Error::internal("constant with columns");
      case Op::Cmp: return compare(i);
      case Op::In: return in_list(i);
      case Op::IsNull: return is_null(i);
      case Op::Contains: return contains(i);
      case Op::And:
      case Op::Or: {
        INSCRM_TRY(const Slot a, slot(n.args[0]));
        INSCRM_TRY(const Slot b, slot(n.args[1]));
        // false and x = false; true or x = true, whatever x is.
        const std::int64_t absorbing = n.op == Op::And ? 0 : 2;
        for (const Slot* side : {&a, &b})
          if (side->kind == Slot::Kind::Const && truth_value(side->constant) == absorbing) {
            done(n.args[0]);
            done(n.args[1]);
            Slot s;
            s.constant = absorbing == 2;
            return s;
          }
        const std::uint32_t x = truth_reg(a);
        const std::uint32_t y = truth_reg(b);
        const std::uint32_t out = byte_reg();  // before freeing the operands: kernels never alias
        Instr& in = emit(n.op == Op::And ? &k_and : &k_or);
        in.a = x;
        in.b = y;
        in.out = out;
        release_constant_fill(a, x);
        release_constant_fill(b, y);
        done(n.args[0]);
        done(n.args[1]);
        return truth_slot(out);
      }
      case Op::Not: {
        INSCRM_TRY(const Slot a, slot(n.args[0]));
        const std::uint32_t x = truth_reg(a);
        const std::uint32_t out = byte_reg();
        Instr& in = emit(&k_not);
        in.a = x;
        in.out = out;
        release_constant_fill(a, x);
        done(n.args[0]);
        return truth_slot(out);
      }
      default: return value(i);
    }
  }

  static std::int64_t truth_value(const Value& v) {
    if (const auto* b = std::get_if<bool>(&v)) return *b ? 2 : 0;
    return 1;
  }

  // A condition over a single string column: its truth for each dictionary code, computed once
  // with the reference evaluator. The kernel is then a test of the code against the few true
  // codes (vectorised), or a table lookup per row when there are many.
  Result<Slot> lookup_table(std::uint32_t i, const Node& col) {
    constexpr std::size_t kFewCodes = 8;
    const Column& c = column(col);
    auto& lut = plan_.luts.emplace_back(c.dictionary.size() + 1, 0);
    auto& true_codes = plan_.ints.emplace_back();
    bool has_unknown = false;
    for (std::size_t code = 0; code < c.dictionary.size(); ++code) {
      const Value v = Value{c.dictionary[code]};
      const Value t = detail::eval_row(prog_, i, as_of_, [&](const Node&) { return v; });
      lut[code] = static_cast<std::uint8_t>(truth_value(t));
      if (lut[code] == 2) true_codes.push_back(static_cast<std::int64_t>(code));
      if (lut[code] == 1) has_unknown = true;
    }
    const auto null_truth = static_cast<std::uint8_t>(
        truth_value(detail::eval_row(prog_, i, as_of_, [](const Node&) { return Value{}; })));
    Instr in;
    in.out = byte_reg();
    in.validity = validity(c);
    in.null_truth = null_truth;
    in.lut = lut.data();
    in.ilist = true_codes.data();
    in.list_size = true_codes.size();
    const bool uniform = std::all_of(lut.begin(), lut.begin() + static_cast<std::ptrdiff_t>(c.dictionary.size()),
                                     [&](std::uint8_t t) { return t == lut[0]; });
    if (uniform) {
      // The same answer for every value (or no values at all): a fill, then the null rows.
      in.run = &k_fill_truth;
      in.i = c.dictionary.empty() ? null_truth : lut[0];
      plan_.code.push_back(in);
      if (in.validity && !c.dictionary.empty() && null_truth != lut[0]) {
        in.run = &k_apply_bitmap;
        plan_.code.push_back(in);
      }
      return truth_slot(in.out);
    }
    const bool few = !has_unknown && true_codes.size() <= kFewCodes;
    std::visit(
        [&](const auto& v) {
          using T = typename std::decay_t<decltype(v)>::value_type;
          if constexpr (is_code_type<T>) {
            in.data = v.data();
            in.run = few ? &k_in_col<T> : &k_lut<T>;
          }
        },
        c.data);
    if (!in.run) return Error::internal("string column without codes");
    plan_.code.push_back(in);
    return truth_slot(in.out);
  }

  Result<Slot> load_column(const Node& n) {
    const Column& c = column(n);
    if (n.type == FactType::Bool) {
      Instr& in = emit(&k_bool_col);
      in.data = std::get<std::vector<std::uint8_t>>(c.data).data();
      in.validity = validity(c);
      in.out = byte_reg();
      return truth_slot(in.out);
    }
    Slot s;
    Instr in;
    in.validity = validity(c);
    if (n.type == FactType::Decimal) {
      in.run = &k_load_real;
      in.data = std::get<std::vector<double>>(c.data).data();
      in.out = real_reg();
      s.kind = Slot::Kind::Real;
    } else if (detail::is_integer_class(n.type)) {
      std::visit(
          [&](const auto& v) {
            using T = typename std::decay_t<decltype(v)>::value_type;
            if constexpr (std::is_integral_v<T>) {
              in.run = &k_load_int<T>;
              in.data = v.data();
            }
          },
          c.data);
      in.out = int_reg();
      s.kind = Slot::Kind::Int;
    } else {
      return Error::internal(fmt::format("fact '{}' ({}) cannot be loaded as a value", n.fact, to_string(n.type)));
    }
    if (in.validity) in.out_valid = byte_reg();
    plan_.code.push_back(in);
    s.reg = in.out;
    s.valid = in.out_valid;
    return s;
  }

  // A value operand (Int or Real register, or a constant) of a value-typed node; conditions used
  // as values become 0 / 1.
  Result<Slot> operand(std::uint32_t node) {
    INSCRM_TRY(Slot s, slot(node));
    if (s.kind != Slot::Kind::Truth) return s;
    Instr& in = emit(&k_truth_to_value);
    in.a = s.reg;
    in.out = int_reg();
    in.out_valid = byte_reg();
    Slot v;
    v.kind = Slot::Kind::Int;
    v.reg = in.out;
    v.valid = in.out_valid;
    // The 0 / 1 copy is not the node's own slot, so done() will not free it: a few bytes of
    // frame for a rare construct, against bookkeeping of temporaries everywhere.
    return v;
  }

  static bool is_real(const Slot& s) {
    return s.kind == Slot::Kind::Real || (s.kind == Slot::Kind::Const && std::holds_alternative<double>(s.constant));
  }

  Result<Slot> compare(std::uint32_t i) {
    const Node& n = prog_.nodes[i];
    const Node& l = prog_.nodes[n.args[0]];
    const Node& r = prog_.nodes[n.args[1]];
    // Fused: a numeric, date or boolean column against a constant reads the column directly.
    for (int side = 0; side < 2; ++side) {
      const Node& col = side == 0 ? l : r;
      const std::uint32_t other = n.args[1 - side];
      if (col.op != Op::Column || reads_[other].kind != Reads::Kind::None) continue;
      if (!(detail::is_integer_class(col.type) || col.type == FactType::Decimal)) continue;
      const Value c = detail::eval_row(prog_, other, as_of_, [](const Node&) { return Value{}; });
      const CmpOp op = side == 0 ? n.cmp : flip(n.cmp);
      return compare_column(col, op, c);
    }
    // Fused: days_since(date column) against an integer reads the column directly too, with the
    // constant moved across (as_of - d <= c  <=>  d >= as_of - c): one kernel instead of a load,
    // a subtraction and a compare, on the most common rule shape ("contacted in the last N days").
    // Exact, since as_of - d never overflows; a shifted constant that would is left to the slow path.
    for (int side = 0; side < 2; ++side) {
      const Node& call = side == 0 ? l : r;
      const std::uint32_t other = n.args[1 - side];
      if (call.op != Op::DaysSince || reads_[other].kind != Reads::Kind::None) continue;
      const Node& col = prog_.nodes[call.args[0]];
      if (col.op != Op::Column) continue;
      const Value c = detail::eval_row(prog_, other, as_of_, [](const Node&) { return Value{}; });
      const auto* days = std::get_if<std::int64_t>(&c);
      std::int64_t shifted = 0;
      if (!days || __builtin_sub_overflow(as_of_, *days, &shifted)) continue;
      const CmpOp op = side == 0 ? n.cmp : flip(n.cmp);  // days_since(d) op c
      return compare_column(col, flip(op), Value{shifted});
    }
    // Two string expressions over different columns: compare their ranks in the merged order.
    if (l.type == FactType::String) return compare_strings(i);
    INSCRM_TRY(const Slot a, operand(n.args[0]));
    INSCRM_TRY(const Slot b, operand(n.args[1]));
    // Both sides folded to constants although a column is read below (a null absorbs it, as in
    // "0/0 - score"): the comparison is a constant as well, folded on those constants (fold()
    // keeps its meaning and int/decimal promotion identical to evaluate_row's). Found by
    // tests/fuzz/fuzz_rules.cpp: the kernels' set-up assumed one side was a column.
    if (a.kind == Slot::Kind::Const && b.kind == Slot::Kind::Const) return fold(i, {a, b});
    CmpOp op = n.cmp;
    Slot x = a;
    Slot y = b;
    if (x.kind == Slot::Kind::Const) {
      std::swap(x, y);
      op = flip(op);
    }
    Instr in;
    const bool real = is_real(x);
    in.run = real ? cmp_reg_kernel<double, false>(op) : cmp_reg_kernel<std::int64_t, false>(op);
    if (y.kind == Slot::Kind::Const) {
      if (std::holds_alternative<std::monostate>(y.constant)) {
        done(n.args[0]);
        done(n.args[1]);
        return Slot{};  // compared with null: unknown
      }
      in.run = real ? cmp_reg_kernel<double, true>(op) : cmp_reg_kernel<std::int64_t, true>(op);
      if (real) {
        in.d = std::get<double>(y.constant);
      } else {
        in.i = as_int(y.constant);
      }
    }
    in.a = x.reg;
    in.a_valid = x.valid;
    in.b = y.reg;
    in.b_valid = y.valid;
    in.out = byte_reg();
    done(n.args[0]);
    done(n.args[1]);
    plan_.code.push_back(in);
    return truth_slot(in.out);
  }

  // `truth` on every row with a value, unknown on the others; `in` has out and validity set.
  Slot fill_with_nulls(Instr in, std::int64_t truth) {
    in.run = &k_fill_truth;
    in.i = truth;
    plan_.code.push_back(in);
    if (in.validity) {
      in.run = &k_apply_bitmap;
      in.null_truth = 1;
      plan_.code.push_back(in);
    }
    return truth_slot(in.out);
  }

  Result<Slot> compare_column(const Node& col_node, CmpOp op, const Value& c) {
    const Column& col = column(col_node);
    if (std::holds_alternative<std::monostate>(c)) return Slot{};
    Instr in;
    in.validity = validity(col);
    in.out = byte_reg();
    std::optional<bool> constant;
    std::visit(
        [&](const auto& v) {
          using T = typename std::decay_t<decltype(v)>::value_type;
          in.data = v.data();
          if constexpr (std::is_floating_point_v<T>) {
            in.d = std::get<double>(c);
            in.run = cmp_col_kernel<T>(op);
          } else if constexpr (std::is_same_v<T, std::uint64_t>) {
            constant = std::nullopt;  // never a numeric column
          } else {
            const std::int64_t k = as_int(c);
            constant = out_of_range(op, k, std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
            in.i = k;
            in.run = cmp_col_kernel<T>(op);
          }
        },
        col.data);
    if (constant) return fill_with_nulls(in, *constant ? 2 : 0);
    if (!in.run) return Error::internal("comparison on a column without a numeric layout");
    plan_.code.push_back(in);
    return truth_slot(in.out);
  }

  Result<Slot> compare_strings(std::uint32_t i) {
    const Node& n = prog_.nodes[i];
    // Each side is a string expression over one column (or a constant).
    std::vector<std::string> all;
    struct Side {
      const Column* col = nullptr;
      std::vector<std::optional<std::string>> per_code;
    };
    Side sides[2];
    for (int k = 0; k < 2; ++k) {
      const std::uint32_t arg = n.args[k];
      if (reads_[arg].kind != Reads::Kind::One) return Error::internal("string comparison over several columns");
      const Node* col = nullptr;
      for (const auto& m : prog_.nodes)
        if (m.op == Op::Column && m.fact == reads_[arg].fact) col = &m;
      sides[k].col = &column(*col);
      for (const auto& text : sides[k].col->dictionary) {
        const Value v = detail::eval_row(prog_, arg, as_of_, [&](const Node&) { return Value{text}; });
        if (const auto* s = std::get_if<std::string>(&v)) {
          sides[k].per_code.emplace_back(*s);
          all.push_back(*s);
        } else {
          sides[k].per_code.emplace_back(std::nullopt);
        }
      }
    }
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    Slot regs_[2];
    for (int k = 0; k < 2; ++k) {
      auto& ranks = plan_.ints.emplace_back(sides[k].per_code.size() + 1, 0);
      for (std::size_t code = 0; code < sides[k].per_code.size(); ++code)
        ranks[code] = sides[k].per_code[code]
                          ? static_cast<std::int64_t>(std::lower_bound(all.begin(), all.end(), *sides[k].per_code[code]) -
                                                      all.begin())
                          : 0;
      Instr in;
      in.ranks = ranks.data();
      in.validity = validity(*sides[k].col);
      std::visit(
          [&](const auto& v) {
            using T = typename std::decay_t<decltype(v)>::value_type;
            if constexpr (is_code_type<T>) {
              in.run = &k_load_rank<T>;
              in.data = v.data();
            }
          },
          sides[k].col->data);
      if (!in.run) return Error::internal("string column without codes");
      in.out = int_reg();
      if (in.validity) in.out_valid = byte_reg();
      plan_.code.push_back(in);
      regs_[k].kind = Slot::Kind::Int;
      regs_[k].reg = in.out;
      regs_[k].valid = in.out_valid;
    }
    Instr in;
    in.run = cmp_reg_kernel<std::int64_t, false>(n.cmp);
    in.a = regs_[0].reg;
    in.a_valid = regs_[0].valid;
    in.b = regs_[1].reg;
    in.b_valid = regs_[1].valid;
    in.out = byte_reg();
    plan_.code.push_back(in);
    for (const Slot& s : regs_) {
      free_ints_.push_back(s.reg);
      if (s.valid != kNone) free_bytes_.push_back(s.valid);
    }
    return truth_slot(in.out);
  }

  Result<Slot> in_list(std::uint32_t i) {
    const Node& n = prog_.nodes[i];
    const Node& x = prog_.nodes[n.args[0]];
    if (x.op == Op::Column && detail::is_integer_class(x.type)) {
      const Column& c = column(x);
      Instr in;
      in.validity = validity(c);
      in.out = byte_reg();
      auto& list = plan_.ints.emplace_back();
      std::visit(
          [&](const auto& v) {
            using T = typename std::decay_t<decltype(v)>::value_type;
            if constexpr (std::is_integral_v<T> && !std::is_same_v<T, std::uint64_t>) {
              // Items outside the element type's range can never match.
              for (const Value& item : n.list) {
                const std::int64_t k = as_int(item);
                if (k >= std::numeric_limits<T>::min() && k <= std::numeric_limits<T>::max()) list.push_back(k);
              }
              in.run = &k_in_col<T>;
              in.data = v.data();
            }
          },
          c.data);
      if (!in.run) return Error::internal("in-list on a column without an integer layout");
      in.ilist = list.data();
      in.list_size = list.size();
      plan_.code.push_back(in);
      return truth_slot(in.out);
    }
    INSCRM_TRY(const Slot a, operand(n.args[0]));
    if (a.kind == Slot::Kind::Const) return fold_unary(i, a);
    Instr in;
    if (is_real(a)) {
      auto& list = plan_.reals.emplace_back();
      for (const Value& item : n.list) list.push_back(std::get<double>(item));
      in.run = &k_in_reg<double>;
      in.dlist = list.data();
      in.list_size = list.size();
    } else {
      auto& list = plan_.ints.emplace_back();
      for (const Value& item : n.list) list.push_back(as_int(item));
      in.run = &k_in_reg<std::int64_t>;
      in.ilist = list.data();
      in.list_size = list.size();
    }
    in.a = a.reg;
    in.a_valid = a.valid;
    in.out = byte_reg();
    done(n.args[0]);
    plan_.code.push_back(in);
    return truth_slot(in.out);
  }

  Result<Slot> is_null(std::uint32_t i) {
    const Node& n = prog_.nodes[i];
    const Node& x = prog_.nodes[n.args[0]];
    if (x.op == Op::Column) {
      const Column& c = column(x);
      if (!c.has_nulls()) {
        Slot s;
        s.constant = n.negated;
        return s;
      }
      Instr& in = emit(&k_is_null_col);
      in.validity = c.validity.data();
      in.i = n.negated ? 1 : 0;
      in.out = byte_reg();
      return truth_slot(in.out);
    }
    INSCRM_TRY(const Slot a, operand(n.args[0]));
    if (a.kind == Slot::Kind::Const) return fold_unary(i, a);  // "(score / 0) is null" is true
    if (a.valid == kNone) {
      done(n.args[0]);
      Slot s;
      s.constant = n.negated;
      return s;
    }
    const std::uint32_t out = byte_reg();
    Instr& in = emit(&k_is_null_reg);
    in.a_valid = a.valid;
    in.i = n.negated ? 1 : 0;
    in.out = out;
    done(n.args[0]);
    return truth_slot(out);
  }

  Result<Slot> contains(std::uint32_t i) {
    const Node& n = prog_.nodes[i];
    const Node& x = prog_.nodes[n.args[0]];
    if (x.op != Op::Column) return Error::internal("contains() on a computed set");
    const Column& c = column(x);
    const auto& member = std::get<std::string>(n.value);
    const auto at = std::find(c.dictionary.begin(), c.dictionary.end(), member);
    Instr in;
    in.validity = validity(c);
    in.out = byte_reg();
    // Nobody holds it: false, or unknown where the set itself is null.
    if (at == c.dictionary.end()) return fill_with_nulls(in, 0);
    const auto bit = static_cast<std::size_t>(at - c.dictionary.begin());
    in.i = static_cast<std::int64_t>(bit % 64);
    in.word = bit / 64;
    in.stride = c.set_words;
    std::visit(
        [&](const auto& v) {
          using T = typename std::decay_t<decltype(v)>::value_type;
          if constexpr (std::is_unsigned_v<T>) {
            in.data = v.data();
            in.run = c.set_words > 1 ? &k_set_has<T, true> : &k_set_has<T, false>;
          }
        },
        c.data);
    if (!in.run) return Error::internal("set column without masks");
    plan_.code.push_back(in);
    return truth_slot(in.out);
  }

  // Value-typed nodes: arithmetic, conversions, functions.
  Result<Slot> value(std::uint32_t i) {
    const Node& n = prog_.nodes[i];
    switch (n.op) {
      case Op::Add:
      case Op::Sub:
      case Op::Mul:
      case Op::Div: return arith(i);
      case Op::Neg: {
        // 0 - x, with the same wrapping.
        INSCRM_TRY(const Slot a, operand(n.args[0]));
        if (a.kind == Slot::Kind::Const) return fold_unary(i, a);
        const bool real = n.type == FactType::Decimal;
        Instr in;
        in.run = real ? arith_kernel<double>(Op::Sub, true, false) : arith_kernel<std::int64_t>(Op::Sub, true, false);
        in.b = a.reg;
        in.out = real ? real_reg() : int_reg();
        plan_.code.push_back(in);
        return finish_unary(n.args[0], a, in.out, real ? Slot::Kind::Real : Slot::Kind::Int);
      }
      case Op::ToDecimal:
      case Op::MoneyToYuan: {
        INSCRM_TRY(const Slot a, operand(n.args[0]));
        if (a.kind == Slot::Kind::Const) return fold_unary(i, a);
        Instr& in = emit(n.op == Op::ToDecimal ? &k_int_to_real : &k_fen_to_yuan);
        in.a = a.reg;
        in.out = real_reg();
        return finish_unary(n.args[0], a, in.out, Slot::Kind::Real);
      }
      case Op::YuanToMoney:
      case Op::DaysSince: {
        INSCRM_TRY(const Slot a, operand(n.args[0]));
        if (a.kind == Slot::Kind::Const) return fold_unary(i, a);
        Instr in;
        if (n.op == Op::YuanToMoney) {
          in.run = arith_kernel<std::int64_t>(Op::Mul, false, true);
          in.a = a.reg;
          in.i = 100;
        } else {
          in.run = arith_kernel<std::int64_t>(Op::Sub, true, false);
          in.b = a.reg;
          in.i = as_of_;
        }
        in.out = int_reg();
        plan_.code.push_back(in);
        return finish_unary(n.args[0], a, in.out, Slot::Kind::Int);
      }
      case Op::Year:
      case Op::Month: {
        INSCRM_TRY(const Slot a, operand(n.args[0]));
        if (a.kind == Slot::Kind::Const) return fold_unary(i, a);
        Instr& in = emit(n.op == Op::Year ? &k_civil<true> : &k_civil<false>);
        in.a = a.reg;
        in.a_valid = a.valid;
        in.out = int_reg();
        in.out_valid = byte_reg();
        done(n.args[0]);
        Slot s;
        s.kind = Slot::Kind::Int;
        s.reg = in.out;
        s.valid = in.out_valid;
        return s;
      }
      case Op::SetSize: {
        const Node& x = prog_.nodes[n.args[0]];
        if (x.op != Op::Column) return Error::internal("size() of a computed set");
        const Column& c = column(x);
        Instr in;
        in.validity = validity(c);
        in.stride = c.set_words;
        std::visit(
            [&](const auto& v) {
              using T = typename std::decay_t<decltype(v)>::value_type;
              if constexpr (std::is_unsigned_v<T>) {
                in.data = v.data();
                in.run = c.set_words > 1 ? &k_set_size<T, true> : &k_set_size<T, false>;
              }
            },
            c.data);
        if (!in.run) return Error::internal("set column without masks");
        in.out = int_reg();
        if (in.validity) in.out_valid = byte_reg();
        plan_.code.push_back(in);
        Slot s;
        s.kind = Slot::Kind::Int;
        s.reg = in.out;
        s.valid = in.out_valid;
        return s;
      }
      default: return Error::internal(fmt::format("no columnar kernel for a {} node", to_string(n.type)));
    }
  }

  // An op whose operands all folded to constants although they read a column (a null from
  // arithmetic with null or a division by zero, `x is null` of a column without nulls) has a
  // constant result too: the reference evaluator's, on those constants. (Found by fuzz_rules: the
  // kernels read an operand's register, which a constant does not have.)
  Slot fold(std::uint32_t i, std::initializer_list<Slot> operands) {
    const Node& n = prog_.nodes[i];
    Program tmp;
    Node op = n;
    std::uint32_t k = 0;
    for (const Slot& operand : operands) {
      Node constant;
      constant.op = Op::Const;
      constant.type = prog_.nodes[n.args[k]].type;
      constant.value = operand.constant;
      tmp.nodes.push_back(std::move(constant));
      op.args[k] = k;
      ++k;
    }
    tmp.nodes.push_back(std::move(op));
    Slot s;
    s.constant = detail::eval_row(tmp, k, as_of_, [](const Node&) { return Value{}; });
    for (std::uint32_t j = 0; j < k; ++j) done(n.args[j]);
    return s;
  }
  Slot fold_unary(std::uint32_t i, const Slot& a) { return fold(i, {a}); }

  // A one-operand value op wrote `out`; its validity is its operand's.
  Slot finish_unary(std::uint32_t arg, const Slot& a, std::uint32_t out, Slot::Kind kind) {
    Slot s;
    s.kind = kind;
    s.reg = out;
    if (a.valid != kNone) {
      Instr& v = emit(&k_valid_and);
      v.a_valid = a.valid;
      v.out_valid = byte_reg();
      s.valid = v.out_valid;
    }
    done(arg);
    return s;
  }

  Result<Slot> arith(std::uint32_t i) {
    const Node& n = prog_.nodes[i];
    INSCRM_TRY(const Slot a, operand(n.args[0]));
    INSCRM_TRY(const Slot b, operand(n.args[1]));
    const bool real = n.type == FactType::Decimal;
    const bool const_a = a.kind == Slot::Kind::Const;
    const bool const_b = b.kind == Slot::Kind::Const;
    if (const_a && const_b) return fold(i, {a, b});  // both folded although they read columns
    const Slot& k = const_a ? a : b;
    if ((const_a || const_b) && std::holds_alternative<std::monostate>(k.constant)) {
      done(n.args[0]);
      done(n.args[1]);
      return Slot{};  // arithmetic with null is null
    }
    if (n.op == Op::Div && const_b && std::get<double>(b.constant) == 0.0) {
      done(n.args[0]);
      done(n.args[1]);
      return Slot{};  // divided by zero: null on every row
    }
    Instr in;
    in.run = real ? arith_kernel<double>(n.op, const_a, const_b) : arith_kernel<std::int64_t>(n.op, const_a, const_b);
    if (const_a || const_b) {
      if (real) {
        in.d = std::get<double>(k.constant);
      } else {
        in.i = as_int(k.constant);
      }
    }
    in.a = a.reg;
    in.b = b.reg;
    in.out = real ? real_reg() : int_reg();
    plan_.code.push_back(in);
    Slot s;
    s.kind = real ? Slot::Kind::Real : Slot::Kind::Int;
    s.reg = in.out;
    if (n.op == Op::Div && !const_b) {
      Instr& v = emit(&k_valid_divisor);
      v.a_valid = a.valid;
      v.b = b.reg;
      v.b_valid = b.valid;
      v.out_valid = byte_reg();
      s.valid = v.out_valid;
    } else if (a.valid != kNone || b.valid != kNone) {
      Instr& v = emit(&k_valid_and);
      v.a_valid = a.valid;
      v.b_valid = b.valid;
      v.out_valid = byte_reg();
      s.valid = v.out_valid;
    }
    done(n.args[0]);
    done(n.args[1]);
    return s;
  }

  const Program& prog_;
  const Portfolio& p_;
  std::int64_t as_of_;
  Plan plan_;
  std::vector<std::optional<Slot>> slots_;
  std::vector<std::uint32_t> uses_;
  std::vector<Reads> reads_;
  std::vector<std::uint32_t> free_bytes_;
  std::vector<std::uint32_t> free_ints_;
  std::vector<std::uint32_t> free_reals_;
};

// Bits of the rows whose truth byte is 2, for one chunk starting at row0.
void pack(const std::uint8_t* truth, std::size_t row0, std::size_t n, std::uint64_t* words) noexcept {
  for (std::size_t base = 0; base < n; base += 64) {
    std::uint64_t w = 0;
    const std::uint8_t* t = truth + base;
#if INSCRM_RULES_ISA >= 2
    w = _mm512_cmpeq_epi8_mask(_mm512_loadu_si512(t), _mm512_set1_epi8(2));
#elif INSCRM_RULES_ISA >= 1
    const __m256i two = _mm256_set1_epi8(2);
    for (std::size_t j = 0; j < 64; j += 32) {
      const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(t + j));
      w |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, two)))) << j;
    }
#elif defined(__SSE2__)
    const __m128i two = _mm_set1_epi8(2);
    for (std::size_t j = 0; j < 64; j += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t + j));
      w |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, two)))) << j;
    }
#else
    for (std::size_t j = 0; j < 64; ++j) w |= static_cast<std::uint64_t>(t[j] == 2) << j;
#endif
    const std::size_t m = n - base;
    if (m < 64) w &= (std::uint64_t{1} << m) - 1;  // the stale tail of the last chunk
    words[(row0 + base) / 64] = w;
  }
}

}  // namespace

// The rows of `parts` (split by the caller) where the rule is true.
inline Result<Selection> evaluate_parts(const Rule& rule, const Portfolio& p, const std::vector<Part>& parts) {
  INSCRM_TRY(Plan plan, Binder(rule.program(), p).run());
  Selection out(p.size());
  if (plan.root.kind == Slot::Kind::Const) {
    if (plan.root.constant == Value{true})
      for (std::size_t r = 0; r < p.size(); ++r) out.insert(r);
    return out;
  }
  // One frame per part, allocated here so that no thread allocates. Registers are read a chunk at
  // a time even when the last chunk is short; sized for full chunks (the truth registers get 64
  // bytes of slack for the packer's 16-byte loads).
  std::vector<Frame> frames(parts.size());
  for (Frame& f : frames) {
    f.prefetch = p.size() >= kPrefetchRows;
    f.bytes.assign(kChunk * plan.byte_regs + 64, 0);
    f.ints.assign(kChunk * plan.int_regs, 0);
    f.reals.assign(kChunk * plan.real_regs, 0.0);
  }
  const auto words = out.words();
  run_parts(parts.size(), [&](std::size_t i) {
    Frame& f = frames[i];
    for (std::size_t row0 = parts[i].row0; row0 < parts[i].row1; row0 += kChunk) {
      const std::size_t n = std::min(kChunk, parts[i].row1 - row0);
      for (const Instr& in : plan.code) in.run(in, f, row0, n);
      pack(f.bytes.data() + plan.root.reg, row0, n, words.data());
    }
  });
  return out;
}
