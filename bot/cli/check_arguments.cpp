// read_plain_check_arguments: issuelint check's usual command lines, read without CLI11.
#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include "bot/cli/check_command.h"

namespace issuelint::cli {
namespace {

// A word CLI11 may read as an option, an option's end (`--`) or a negative number: left to it.
// `-` alone is a file (stdin) to both.
bool leaves_to_cli11(std::string_view word) { return word.size() > 1 && word.front() == '-'; }

template <std::size_t N>
bool is_one_of(std::string_view value, const std::array<std::string_view, N>& accepted) {
  return std::find(accepted.begin(), accepted.end(), value) != accepted.end();
}

// Sets the option `name` to `value`; false when CLI11 should read it (unknown, given twice,
// a value it refuses).
bool set_option(CheckOptions& options, std::string_view name, std::string_view value,
                std::array<bool, 5>& given) {
  std::size_t slot = 0;
  if (name == "template") {
    slot = 0;
    options.template_path = value;
  } else if (name == "config") {
    slot = 1;
    options.config_path = value;
  } else if (name == "title") {
    slot = 2;
    options.title = std::string(value);
  } else if (name == "format" && is_one_of(value, kCheckFormats)) {
    slot = 3;
    options.format = value;
  } else if (name == "color" && is_one_of(value, kCheckColours)) {
    slot = 4;
    options.colour = value;
  } else {
    return false;
  }
  return !std::exchange(given[slot], true);
}

}  // namespace

std::optional<CheckOptions> read_plain_check_arguments(std::span<const char* const> words) {
  if (words.empty() || std::string_view(words[0]) != "check") return std::nullopt;
  CheckOptions options;
  std::array<bool, 5> given{};
  for (std::size_t i = 1; i < words.size(); ++i) {
    const std::string_view word = words[i];
    if (!leaves_to_cli11(word)) {
      options.files.emplace_back(word);
      continue;
    }
    if (!word.starts_with("--")) return std::nullopt;
    std::string_view name = word.substr(2);
    std::string_view value;
    if (const std::size_t equals = name.find('='); equals != std::string_view::npos) {
      value = name.substr(equals + 1);
      name = name.substr(0, equals);
    } else if (i + 1 < words.size()) {
      value = words[++i];
    }
    if (value.empty() || leaves_to_cli11(value) || value == "-") return std::nullopt;
    if (!set_option(options, name, value, given)) return std::nullopt;
  }
  return options;
}

}  // namespace issuelint::cli
