#pragma once
// One table per enum gives each enumerator its stable text name: used in storage, the C API,
// Python and error messages. Enumerators must be contiguous from 0, in table order.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <type_traits>

namespace inscrm {

template <class E>
struct EnumText;  // specialised by INSCRM_ENUM_TEXT next to each enum

namespace detail {
template <class... Names>
constexpr std::array<std::string_view, sizeof...(Names)> enum_names(Names... names) noexcept {
  return {std::string_view{names}...};
}
}  // namespace detail

template <class E>
constexpr std::string_view to_string(E e) noexcept {
  const auto& names = EnumText<E>::names;
  const auto i = static_cast<std::size_t>(static_cast<std::underlying_type_t<E>>(e));
  return i < names.size() ? names[i] : std::string_view{"?"};
}

template <class E>
constexpr std::optional<E> enum_from_string(std::string_view text) noexcept {
  const auto& names = EnumText<E>::names;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == text) return static_cast<E>(i);
  return std::nullopt;
}

template <class E>
constexpr std::size_t enum_count() noexcept {
  return EnumText<E>::names.size();
}

// All enumerators in order, for tests and for exhaustive tables.
template <class E>
constexpr auto enum_values() noexcept {
  std::array<E, EnumText<E>::names.size()> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<E>(i);
  return out;
}

}  // namespace inscrm

// Must be used at namespace inscrm scope, right after the enum.
#define INSCRM_ENUM_TEXT(Enum, ...)                                            \
  template <>                                                                 \
  struct EnumText<Enum> {                                                     \
    static constexpr auto names = ::inscrm::detail::enum_names(__VA_ARGS__);  \
  };
