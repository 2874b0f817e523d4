// issuelint: lint GitHub issues against their templates, from the command line, as a webhook
// bot, or as a GitHub Actions step.
//
// Built as two programs (CMakeLists.txt). `issuelint-bot` has every command. `issuelint` runs
// the local ones itself (check, rules, explain, --version) and hands anything else to the
// `issuelint-bot` beside it (exec: same process id, environment, arguments and exit status), so a
// `check` never loads cpp-httplib and OpenSSL: their loading and start-up were half of its time.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/cli/check_command.h"
#include "bot/cli/commands.h"
#include "bot/cli/prefault.h"
#include "rules/nearest_names.h"

namespace {

#ifdef ISSUELINT_LOCAL_COMMANDS_ONLY
bool runs_here(int argc, char** argv) {
  if (argc < 2) return false;  // the usage message lists every command: the full program's
  constexpr std::array<std::string_view, 4> kLocal = {"check", "rules", "explain", "--version"};
  const std::string_view first = argv[1];
  return std::find(kLocal.begin(), kLocal.end(), first) != kLocal.end();
}

int run_full_program(char** argv) {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  const std::filesystem::path full = self.parent_path() / "issuelint-bot";
  if (!error) execv(full.c_str(), argv);
  // argv[1] is null when issuelint is run without arguments (the usage message is the bot's).
  const char* command = argv[1] != nullptr ? argv[1] : "the usage message";
  std::cerr << "issuelint: cannot run " << full.string() << " for '" << command
            << "': " << (error ? error.message() : std::strerror(errno)) << "\n";
  return 2;
}
#endif

#if defined(ISSUELINT_LOCAL_COMMANDS_ONLY) && defined(__GLIBC__)
// Before the program's static initialisers (priority 101 runs first), so their first touches of
// code and data are mapped too: 92 -> 75 page faults against calling it from main. glibc hands
// .init_array functions the program's arguments.
// "check" is compared byte by byte: a string literal is read from the program's constants, a
// page fault of its own before they are mapped.
__attribute__((constructor(101))) void prefault_before_a_check(int argc, char** argv, char**) {
  if (argc < 2) return;
  const char* word = argv[1];
  const bool check = word[0] == 'c' && word[1] == 'h' && word[2] == 'e' && word[3] == 'c' &&
                     word[4] == 'k' && word[5] == '\0';
  if (check) issuelint::cli::prefault_for_check();
}
#endif

// The first argument when it names no command (or is an option other than --help and
// --version, which come before any command): CLI11 would say only that a command is required.
std::optional<std::string_view> unknown_command(const CLI::App& app, int argc, char** argv) {
  if (argc < 2) return std::nullopt;
  const std::string_view first = argv[1];
  if (first.starts_with('-')) {
    if (first == "--help" || first == "-h" || first == "--version") return std::nullopt;
    return first;
  }
  const auto named =
      app.get_subcommands([&](const CLI::App* command) { return command->get_name() == first; });
  if (!named.empty()) return std::nullopt;
  return first;
}

// CLI11 reads `--title=` as an option given no value, and takes the next word for it: the
// draft's name becomes the title and stdin is checked instead. Written `--title ""`, it is the
// empty value the author meant. Words after `--` are files, left as they are.
std::vector<const char*> with_empty_values_split(int argc, char** argv) {
  std::vector<const char*> words;
  bool options_over = false;
  for (int i = 0; i < argc; ++i) {
    const std::string_view word = argv[i];
    options_over = options_over || word == "--";
    const bool empty_value = !options_over && word.starts_with("--") && word.size() > 3 &&
                             word.find('=') == word.size() - 1;
    if (!empty_value) {
      words.push_back(argv[i]);
      continue;
    }
    // The option's name without its '=', kept alive beside argv for the whole run.
    static std::vector<std::string> names;
    names.reserve(static_cast<std::size_t>(argc));
    names.emplace_back(word.substr(0, word.size() - 1));
    words.push_back(names.back().c_str());
    words.push_back("");
  }
  return words;
}

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(command->get_name());
  }
  return names;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// "formt" for "--formt" (or "--formt=json").
std::string_view without_dashes(std::string_view option) {
  option = option.substr(0, option.find('='));
  return option.substr(std::min(option.find_first_not_of('-'), option.size()));
}

// "issuelint: unknown command 'chek'; did you mean 'check'? (commands: ...)", as git says it.
void say_unknown_command(const CLI::App& app, std::string_view unknown) {
  const bool option = unknown.starts_with('-');
  const std::string suggestion =
      option ? issuelint::did_you_mean(without_dashes(unknown), {"help", "version"}, "--")
             : issuelint::did_you_mean(unknown, command_names(app));
  std::cerr << "issuelint: unknown " << (option ? "option" : "command") << " '" << unknown << "'"
            << suggestion << " (commands: " << joined(command_names(app))
            << "; see issuelint --help)\n";
}

// The long option names of `command` ("format" for --format), --help's included.
std::vector<std::string> long_option_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : command.get_options()) {
    for (const std::string& name : option->get_lnames()) names.push_back(name);
  }
  return names;
}

bool is_option_word(const std::string& word) { return word.size() > 1 && word.front() == '-'; }

// CLI11 says a mistyped option as "The following argument was not expected: --formt", which
// reads as if the draft were wrong: said instead as the option it is, with the one meant. The
// words after an unknown option are likely its value, so they are said only when no option is.
void say_unexpected_words(const CLI::App& app, const CLI::ExtrasError& error) {
  const CLI::App* command = &app;
  std::string who = "issuelint";
  std::vector<std::string> words = app.remaining();
  // Down to the (sub)command the words were given to: `queue list --bogus`.
  for (auto parsed = app.get_subcommands(); !parsed.empty(); parsed = command->get_subcommands()) {
    command = parsed.front();
    who += " " + command->get_name();
    const std::vector<std::string> own = command->remaining();
    words.insert(words.end(), own.begin(), own.end());
  }
  if (words.empty()) std::cerr << who << ": " << error.what() << "\n";
  const bool any_option = std::any_of(words.begin(), words.end(), is_option_word);
  for (const std::string& word : words) {
    if (is_option_word(word)) {
      std::cerr << who << ": unknown option '" << word.substr(0, word.find('=')) << "'"
                << issuelint::did_you_mean(without_dashes(word), long_option_names(*command), "--")
                << " (see " << who << " --help)\n";
    } else if (!any_option) {
      std::cerr << who << ": unexpected argument '" << word << "' (see " << who << " --help)\n";
    }
  }
}

// A report that could not be written (stdout on a full disk) means the command did not do its
// job: exit 2, the contract's "could not run", never a verdict's 0 or 1 over an empty or cut
// report that a CI step would then upload as if whole.
int with_output_written(int status) {
  errno = 0;
  std::cout.flush();
  const bool written = std::fflush(stdout) == 0 && std::ferror(stdout) == 0 && !std::cout.fail();
  if (written) return status;
  // The write that failed may have been an earlier one, its errno since overwritten.
  std::cerr << "issuelint: cannot write the output to standard output"
            << (errno != 0 ? std::string(": ") + std::strerror(errno) : std::string()) << "\n";
  return 2;
}

}  // namespace

int run_program(int argc, char** argv) {
#ifdef ISSUELINT_LOCAL_COMMANDS_ONLY
  if (!runs_here(argc, argv)) return run_full_program(argv);
  // Most checks are plain (`check --title T draft.md`), and building CLI11's parser cost one
  // 0.11 M of its 3.0 M instructions, with their heap and code pages: 0.09-0.16 ms of 5.6-6.3 ms
  // in interleaved rounds (docs/PERFORMANCE.md). Anything else, usage errors and --help
  // included, is CLI11's.
  if (const auto plain = issuelint::cli::read_plain_check_arguments({argv + 1, argv + argc})) {
    return with_output_written(issuelint::cli::run_check(*plain, /*process_ends_after=*/true));
  }
#endif
  // Named, so that usage lines say "issuelint check ...", not the path it was run by (CLI11
  // takes argv[0] for an app without a name).
  CLI::App app{"issuelint: checks GitHub issues against their templates and triages them",
               "issuelint"};
  app.set_version_flag("--version", std::string("issuelint ") + ISSUELINT_VERSION);
  app.require_subcommand(1);
  issuelint::cli::CommandResult result;
  result.process_ends_after = true;  // main returns the command's exit code, nothing more
#ifdef ISSUELINT_LOCAL_COMMANDS_ONLY
  issuelint::cli::add_check_command(app, result);
  // A check, the command run per draft, sets up its own options alone (rules and explain cost
  // ~47 K instructions to declare); anything else gets them all, --help included.
  if (std::string_view(argv[1]) != "check") issuelint::cli::add_rules_commands(app, result);
#else
  issuelint::cli::add_commands(app, result);
#endif
  // `issuelint` alone: the usage, as git prints it, rather than only "A subcommand is required".
  if (argc < 2) {
    std::cerr << app.help();
    return 2;
  }
  if (const auto unknown = unknown_command(app, argc, argv)) {
    say_unknown_command(app, *unknown);
    return 2;
  }
  try {
    const std::vector<const char*> words = with_empty_values_split(argc, argv);
    app.parse(static_cast<int>(words.size()), words.data());
  } catch (const CLI::ExtrasError& error) {
    say_unexpected_words(app, error);
    return 2;
  } catch (const CLI::ParseError& error) {
    const int status = app.exit(error);
    // Usage errors exit 2 (the contract: "the command could not run"); --help/--version exit 0.
    return with_output_written(status == 0 ? 0 : 2);
  }
  return with_output_written(result.exit_code);
}

// The outermost boundary: memory that runs out outside a draft's own check (which says so and
// goes on with the other drafts) ends the run with exit 2 and a line saying so, not with
// std::terminate's abort.
int main(int argc, char** argv) {
  try {
    return run_program(argc, argv);
  } catch (const std::bad_alloc&) {
    std::cerr << "issuelint: out of memory\n";
    return 2;
  }
}
