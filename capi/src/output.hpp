#pragma once
// Library-allocated outputs. Each output the caller receives is the first member of an Owned<C>,
// which also points to an Arena holding every string and array the output refers to. The free
// function steps back from the C struct to its Owned (they are pointer-interconvertible because
// Owned is standard-layout) and deletes both. So an output is one C struct for the caller and one
// delete for the library, with no lookup table and no per-field free.

#include <inscrm.h>

#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/money.hpp>

#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace inscrm::capi {

class Arena {
 public:
  // A NUL-terminated copy; the deque never moves its elements, so the pointer stays valid.
  const char* str(std::string_view s) { return strings_.emplace_back(s).c_str(); }
  const char* opt_str(const std::optional<std::string>& s) { return s ? str(*s) : nullptr; }
  const char* date(Date d) { return str(to_string(d)); }
  const char* opt_date(const std::optional<Date>& d) { return d ? date(*d) : nullptr; }

  // n value-initialised (zeroed) objects; NULL for n == 0, as the header promises.
  template <class T>
  T* array(std::size_t n) {
    static_assert(std::is_trivially_destructible_v<T>, "arena arrays hold C data only");
    if (n == 0) return nullptr;
    auto block = std::make_unique<T[]>(n);
    T* p = block.get();
    blocks_.emplace_back(block.release(), [](void* q) { delete[] static_cast<T*>(q); });
    return p;
  }
  template <class T>
  T* one() {
    return array<T>(1);
  }

 private:
  std::deque<std::string> strings_;
  std::vector<std::unique_ptr<void, void (*)(void*)>> blocks_;
};

template <class C>
struct Owned {
  C value;  // first: the address handed to the caller
  Arena* arena;
};

// Builds an output: fill(value, arena) writes the C struct, allocating what it points to in arena.
template <class C, class Fill>
C* make_output(Fill&& fill) {
  static_assert(std::is_standard_layout_v<Owned<C>>, "free_output relies on pointer-interconvertibility");
  auto arena = std::make_unique<Arena>();
  auto owned = std::make_unique<Owned<C>>();  // value-initialised: every field 0 or NULL
  fill(owned->value, *arena);
  owned->arena = arena.release();
  return &owned.release()->value;
}

template <class C>
void free_output(C** out) noexcept {
  if (out == nullptr || *out == nullptr) return;
  auto* owned = reinterpret_cast<Owned<C>*>(*out);
  delete owned->arena;
  delete owned;
  *out = nullptr;
}

// An array of pointers to items built from source, all in the arena (NULL when empty).
template <class Item, class Source, class FillItem>
const Item* const* make_items(Arena& arena, const std::vector<Source>& source, FillItem&& fill_item) {
  const Item** items = arena.array<const Item*>(source.size());
  for (std::size_t i = 0; i < source.size(); ++i) {
    Item* item = arena.one<Item>();
    fill_item(*item, arena, source[i]);
    items[i] = item;
  }
  return items;
}

// A list output: count plus an array of pointers to items.
template <class List, class Item, class Source, class FillItem>
void fill_list(List& list, Arena& arena, const std::vector<Source>& source, FillItem&& fill_item) {
  list.items = make_items<Item>(arena, source, fill_item);
  list.count = source.size();
}

// The names in every INSCRM_ENUM_TEXT table are string literals, so each name's data() is a
// static NUL-terminated string that outputs and name functions may hand out directly. Checked at
// compile time for every enum the C API names (see the static_asserts next to their use).
template <class E>
constexpr bool names_are_c_strings() {
  for (auto name : EnumText<E>::names)
    if (name.data()[name.size()] != '\0') return false;
  return true;
}

template <class E>
const char* name_of(E e) noexcept {
  static_assert(names_are_c_strings<E>());
  return to_string(e).data();
}

inline inscrm_money to_c(const Money& m) noexcept {
  inscrm_money out{};
  out.minor = m.minor;
  for (std::size_t i = 0; i < 3; ++i) out.currency[i] = m.currency.code[i];
  out.currency[3] = '\0';
  return out;
}

inline std::int64_t to_c(Instant t) noexcept { return to_epoch_micros(t); }
// An optional instant in an output: 0 when absent (inscrm.h, "Service and complaints").
inline std::int64_t to_c(const std::optional<Instant>& t) noexcept { return t ? to_epoch_micros(*t) : 0; }

// Optional amounts and shares in outputs are pointers into the arena: NULL when absent.
inline const inscrm_money* money_out(Arena& a, const std::optional<Money>& m) {
  if (!m) return nullptr;
  auto* out = a.one<inscrm_money>();
  *out = to_c(*m);
  return out;
}

inline const double* double_out(Arena& a, const std::optional<double>& d) {
  if (!d) return nullptr;
  auto* out = a.one<double>();
  *out = *d;
  return out;
}

// An array of owned C strings (NULL when empty).
inline const char* const* strings_out(Arena& a, const std::vector<std::string>& strings) {
  const char** out = a.array<const char*>(strings.size());
  for (std::size_t i = 0; i < strings.size(); ++i) out[i] = a.str(strings[i]);
  return out;
}

}  // namespace inscrm::capi
