#include "parser/psych_number.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace issuelint {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// `text` without its sign, and whether the sign was '-'.
std::string_view unsigned_part(std::string_view text, bool& negative) {
  negative = !text.empty() && text.front() == '-';
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  return text;
}

std::string without_separators(std::string_view text) {
  std::string kept;
  for (const char c : text) {
    if (c != '_' && c != ',') kept += c;
  }
  return kept;
}

// Psych's FLOAT: [-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?, not a lone point.
bool is_psych_float(std::string_view text) {
  bool negative = false;
  text = unsigned_part(text, negative);
  std::size_t at = 0;
  if (at < text.size() && is_digit(text[at])) {
    while (at < text.size() && (is_digit(text[at]) || text[at] == '_' || text[at] == ',')) ++at;
  }
  if (at == text.size() || text[at] != '.') return false;
  const bool lone_point = at == 0 && text.size() == 1;
  ++at;
  while (at < text.size() && is_digit(text[at])) ++at;
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    ++at;
    if (at == text.size() || (text[at] != '-' && text[at] != '+')) return false;
    const std::size_t digits = ++at;
    while (at < text.size() && is_digit(text[at])) ++at;
    if (at == digits) return false;
  }
  return at == text.size() && !lone_point;
}

// Ruby's Float#to_s: the shortest digits that read back as `value`, fixed from 1e-4 to 1e16,
// else "1.0e+16".
std::string ruby_float_text(double value) {
  if (std::isinf(value)) return value < 0 ? "-Infinity" : "Infinity";
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, std::fabs(value),
                                          std::chars_format::scientific);
  if (error != std::errc()) return {};
  const std::string_view scientific(buffer, static_cast<std::size_t>(end - buffer));
  const std::size_t e = scientific.find('e');
  std::string digits(scientific.substr(0, e));
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  int exponent = 0;
  std::from_chars(scientific.data() + e + (scientific[e + 1] == '+' ? 2 : 1),
                  scientific.data() + scientific.size(), exponent);
  const int point = exponent + 1;  // digits before the decimal point
  const auto size = static_cast<int>(digits.size());
  std::string shown = std::signbit(value) ? "-" : "";
  if (point > 0 && point <= 16) {
    if (size <= point) return shown + digits + std::string(point - size, '0') + ".0";
    return shown + digits.substr(0, point) + "." + digits.substr(point);
  }
  if (point <= 0 && point > -4) return shown + "0." + std::string(-point, '0') + digits;
  char tail[16];
  std::snprintf(tail, sizeof tail, "e%+03d", point - 1);
  return shown + digits.substr(0, 1) + "." + (size > 1 ? digits.substr(1) : "0") + tail;
}

std::optional<std::string> float_text(std::string_view text) {
  std::string number = without_separators(text);
  // Psych drops a point right before the exponent or at the end ("1." is 1.0).
  const std::size_t point = number.find('.');
  if (point + 1 == number.size() || number[point + 1] == 'e' || number[point + 1] == 'E') {
    number.erase(point, 1);
  }
  bool negative = false;
  const std::string_view magnitude = unsigned_part(number, negative);
  double value = 0;
  const auto [end, error] =
      std::from_chars(magnitude.data(), magnitude.data() + magnitude.size(), value);
  if (error == std::errc::result_out_of_range)
    value = HUGE_VAL;  // Ruby: Infinity
  else if (error != std::errc() || end != magnitude.data() + magnitude.size())
    return std::nullopt;
  return ruby_float_text(negative ? -value : value);
}

// [1-9](?:[0-9]|,[0-9]|_[0-9])*, or 0: each separator between two digits.
bool is_decimal(std::string_view text) {
  if (text.empty() || !is_digit(text.front())) return false;
  for (std::size_t at = 1; at < text.size(); ++at) {
    if (is_digit(text[at])) continue;
    if ((text[at] != '_' && text[at] != ',') || at + 1 == text.size() || !is_digit(text[at + 1])) {
      return false;
    }
  }
  return true;
}

// Psych's legacy INTEGER: 0b binary, 0 octal, 0x hex or decimal, `_` and `,` between digits.
std::optional<std::string> integer_text(std::string_view text) {
  bool negative = false;
  const std::string_view magnitude = unsigned_part(text, negative);
  int base = 10;
  std::string_view digits = magnitude;
  const auto prefixed = [&](std::string_view prefix) {
    return magnitude.size() > prefix.size() && magnitude.starts_with(prefix);
  };
  if (prefixed("0b")) {
    base = 2, digits.remove_prefix(2);
  } else if (prefixed("0x")) {
    base = 16, digits.remove_prefix(2);
  } else if (magnitude.size() > 1 && magnitude.front() == '0') {
    base = 8, digits.remove_prefix(1);
  } else if (!is_decimal(magnitude)) {
    return std::nullopt;
  }
  const std::string kept = without_separators(digits);
  if (kept.empty()) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(kept.data(), kept.data() + kept.size(), value, base);
  if (error != std::errc() || end != kept.data() + kept.size()) return std::nullopt;
  return (negative && value != 0 ? "-" : "") + std::to_string(value);
}

}  // namespace

std::optional<std::string> psych_number_text(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (is_psych_float(text)) return float_text(text);
  return integer_text(text);
}

}  // namespace issuelint
