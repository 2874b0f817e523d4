// issuelint check's options, read by CLI11 or, for the plain command lines most checks are,
// without it; and the check itself.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// Declared, not included: a file that includes CLI11 constructs its ~15 validators at start-up
// (each with strings and a std::function: ~4.5 K instructions a file), and the plain reader
// needs none of it.
namespace CLI {
class App;
}  // namespace CLI

namespace issuelint::cli {

// What --format and --color accept: CLI11's validators and the plain reader share them.
inline constexpr std::array<std::string_view, 5> kCheckFormats = {"text", "json", "sarif", "github",
                                                                  "markdown"};
inline constexpr std::array<std::string_view, 3> kCheckColours = {"auto", "always", "never"};

struct CheckOptions {
  std::string template_path;
  std::string config_path;
  std::optional<std::string> title;
  std::string format = "text";
  std::string colour = "auto";
  std::vector<std::string> files;  // none: the draft is read from stdin

  friend bool operator==(const CheckOptions&, const CheckOptions&) = default;
};

// check's options declared on CLI11's `check` subcommand, read into `options` by its parse.
void declare_check_options(CLI::App& check, CheckOptions& options);

// `words`: the program's arguments after its name. The check they ask for when they are
// `check` followed only by files (`-` for stdin) and by --template, --config, --title,
// --format and --color, each at most once, as `--name value` or `--name=value`, with a value
// that is not empty, does not start with '-', and that --format and --color accept. That is
// what CLI11 reads from them too (tests/cli/check_arguments_test.cpp holds the two to it).
// Anything else (--help, an unknown or repeated option, a value CLI11 refuses, `--`) is nullopt:
// CLI11 reads it then, with its usage errors. Building CLI11's parser costs a check more than
// its arguments are worth: docs/PERFORMANCE.md.
std::optional<CheckOptions> read_plain_check_arguments(std::span<const char* const> words);

// Runs the check; returns its exit status (0 clean, 1 an error-level finding, 2 could not run).
// `process_ends_after`: the caller exits right after, so what the check built may be left to
// the exit to reclaim.
int run_check(const CheckOptions& options, bool process_ends_after);

}  // namespace issuelint::cli
