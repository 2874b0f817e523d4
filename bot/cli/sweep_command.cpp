// `issuelint sweep OWNER/REPO`: re-triage a repository's open issues (bot/sweep/ does the work).
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <iostream>
#include <memory>
#include <string_view>
#include <thread>

#include "bot/cli/commands.h"
#include "bot/cli/github_connection.h"
#include "bot/environment.h"
#include "bot/repository_triage.h"
#include "bot/server/serve_config.h"
#include "bot/sweep/sweep.h"
#include "bot/sweep/sweep_report.h"

namespace issuelint::cli {

namespace {

struct SweepFlags {
  std::string repository;
  std::string token;
  std::string api_url;
  std::string state_file;
  std::string data_dir;
  std::string bot_login;
  std::int64_t installation_id = 0;
  int limit = 0;
  bool dry_run = false;
  bool restart = false;
};

volatile std::sig_atomic_t interrupted = 0;

extern "C" void note_interrupt(int) { interrupted = 1; }

// Ctrl-C (or SIGTERM) finishes the issue in hand, saves the state and prints the summary; a
// second one kills as usual, since the handler is one-shot.
class InterruptGuard {
 public:
  InterruptGuard() {
    interrupted = 0;
    struct sigaction action {};
    action.sa_handler = note_interrupt;
    action.sa_flags = SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous_int_);
    sigaction(SIGTERM, &action, &previous_term_);
  }
  ~InterruptGuard() {
    sigaction(SIGINT, &previous_int_, nullptr);
    sigaction(SIGTERM, &previous_term_, nullptr);
  }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

// Letters, digits and the punctuation a name may hold. Checked byte by byte: std::regex_match
// recursed once a character and crashed on a word of 50,000.
bool is_name_of(std::string_view name, std::string_view punctuation) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [&](char c) {
    const bool ascii_alphanumeric =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return ascii_alphanumeric || punctuation.find(c) != std::string_view::npos;
  });
}

Result<github::RepoRef> parse_repository(const std::string& text) {
  const std::size_t slash = text.find('/');
  const std::string_view whole(text);
  const std::string_view owner = whole.substr(0, slash);
  const std::string_view name = slash == std::string::npos ? "" : whole.substr(slash + 1);
  // GitHub refuses "." and ".." as a repository's name; in a URL they would reach another
  // endpoint (/repos/acme/../issues). An owner may hold '_': managed users (Enterprise Managed
  // Users, GitHub Enterprise Server) are named `handle_shortcode`.
  if (!is_name_of(owner, "-_") || !is_name_of(name, "._-") || name == "." || name == "..") {
    return make_error("expected OWNER/REPO, e.g. octo-org/hello-world", text);
  }
  return github::RepoRef{std::string(owner), std::string(name)};
}

Result<GitHubConnection> resolve_connection(const SweepFlags& flags, const EnvironmentLookup& env) {
  GitHubConnection connection;
  connection.api_url = flags.api_url.empty()
                           ? first_set(env, {"ISSUELINT_GITHUB_API_URL", "GITHUB_API_URL"})
                           : flags.api_url;
  if (connection.api_url.empty()) connection.api_url = "https://api.github.com";
  connection.token = flags.token.empty()
                         ? first_set(env, {"ISSUELINT_GITHUB_TOKEN", "GITHUB_TOKEN"})
                         : flags.token;
  connection.app_id = first_set(env, {"ISSUELINT_APP_ID"});
  connection.app_private_key_file = first_set(env, {"ISSUELINT_APP_PRIVATE_KEY_FILE"});
  connection.installation_id = flags.installation_id;
  if (connection.installation_id == 0) {
    const std::string from_env = first_set(env, {"ISSUELINT_APP_INSTALLATION_ID"});
    if (!from_env.empty()) connection.installation_id = std::atoll(from_env.c_str());
  }
  if (connection.token.empty() && connection.app_id.empty()) {
    return make_error(
        "no GitHub credentials: set ISSUELINT_GITHUB_TOKEN (or GITHUB_TOKEN, or --token), or "
        "ISSUELINT_APP_ID, ISSUELINT_APP_PRIVATE_KEY_FILE and --installation-id for a GitHub App");
  }
  connection.log = [](std::string_view line) { std::cerr << "issuelint: " << line << '\n'; };
  return connection;
}

// CLI11's NonNegativeNumber names its range as 0 to DBL_MAX, 309 digits, and calls "x" out of
// range too.
const CLI::Validator kWholeNumber(
    [](const std::string& value) {
      const bool digits =
          !value.empty() && value.size() <= 9 &&
          std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
      return digits ? std::string()
                    : "expected a whole number from 0 to 999999999, not '" + value + "'";
    },
    "N");

// `gh issue list --state all` is a habit: taken as a file name, `--state all` swept the open
// issues only and left a state file named `all` behind, without a word.
const CLI::Validator kStateFile(
    [](const std::string& value) {
      if (value != "open" && value != "closed" && value != "all") return std::string();
      return "names the file the sweep's progress is saved in, not which issues to sweep (the "
             "sweep triages open issues only); for a file named '" +
             value + "', write ./" + value;
    },
    "FILE");

// A sweep from the first issue, still handing each issue the label changes its report could
// not record (they are the bot's whatever run made them), when the saved state is this
// repository's.
sweep::SweepState fresh_state(const std::string& repository,
                              const std::optional<sweep::SweepState>& saved) {
  sweep::SweepState fresh;
  fresh.repository = repository;
  if (saved && saved->repository == repository) fresh.unrecorded = saved->unrecorded;
  return fresh;
}

// The state to start from: the saved one unless it finished or --restart says otherwise.
Result<sweep::SweepState> starting_state(const SweepFlags& flags, const std::string& path,
                                         const std::string& repository) {
  if (flags.dry_run) return fresh_state(repository, std::nullopt);
  auto saved = sweep::load_sweep_state(path);
  // --restart is also the way past a state file that cannot be read.
  if (flags.restart) return fresh_state(repository, saved ? *saved : std::nullopt);
  if (!saved) return saved.error();
  if (!*saved || (*saved)->finished) return fresh_state(repository, *saved);
  if ((*saved)->repository != repository) {
    return make_error("this state file belongs to the sweep of " + (*saved)->repository +
                          "; use --state with another file",
                      path);
  }
  return std::move(**saved);
}

int run_sweep_command(const SweepFlags& flags) {
  const EnvironmentLookup env = process_environment();
  auto repo = parse_repository(flags.repository);
  if (!repo) {
    std::cerr << "issuelint sweep: " << repo.error().describe() << '\n';
    return 2;
  }
  auto connection = resolve_connection(flags, env);
  if (!connection) {
    std::cerr << "issuelint sweep: " << connection.error().describe() << '\n';
    return 2;
  }
  const std::string state_path =
      flags.dry_run ? std::string()
      : !flags.state_file.empty()
          ? flags.state_file
          : sweep::default_state_path(
                resolve_data_dir(flags.data_dir.empty()
                                     ? std::nullopt
                                     : std::optional<std::string>(flags.data_dir),
                                 env),
                repo->full_name());
  auto start = starting_state(flags, state_path, repo->full_name());
  if (!start) {
    std::cerr << "issuelint sweep: " << start.error().describe() << '\n';
    return 2;
  }
  // Written before anything is written to GitHub: a state file that cannot be written found
  // only after the first issue's labels and comment would stop a sweep a re-run cannot resume.
  if (!state_path.empty()) {
    if (const Status saved = sweep::save_sweep_state(state_path, *start); !saved) {
      std::cerr << "issuelint sweep: " << saved.error().describe()
                << " (use --state with a file that can be written)\n";
      return 2;
    }
  }
  sweep::ProgressDisplay progress(std::cerr, isatty(STDERR_FILENO) != 0);
  connection->log = [&progress](std::string_view line) {
    progress.log("issuelint: " + std::string(line));
  };
  auto client = connect_to_github(*connection);
  if (!client) {
    std::cerr << "issuelint sweep: cannot reach GitHub: " << client.error().describe() << '\n';
    return 2;
  }

  sweep::SweepOptions options;
  options.dry_run = flags.dry_run;
  options.bot_login =
      flags.bot_login.empty() ? first_set(env, {"ISSUELINT_BOT_LOGIN"}) : flags.bot_login;
  if (options.bot_login.empty()) {
    options.bot_login = login_behind_token(**client, connection->token, connection->log);
  }
  options.limit = flags.limit;
  options.retry.sleep = [](std::chrono::milliseconds wait) { std::this_thread::sleep_for(wait); };
  options.retry.log = connection->log;
  options.stop = [] { return interrupted != 0; };
  if (!state_path.empty()) {
    options.save = [&state_path](const sweep::SweepState& state) {
      return sweep::save_sweep_state(state_path, state);
    };
  }
  InterruptGuard guard;
  const sweep::SweepRun run =
      sweep::run_sweep(**client, *repo, std::move(*start), options, progress);
  progress.finish();
  for (const std::string& line : run.dry_run_log) std::cout << line << '\n';
  std::cout << sweep::render_sweep_summary(run, flags.dry_run, state_path);
  const bool complete =
      run.end == sweep::SweepRun::End::finished || run.end == sweep::SweepRun::End::limit;
  return complete && run.state.counts.errors == 0 ? 0 : 2;
}

}  // namespace

void add_sweep_command(CLI::App& app, CommandResult& result) {
  CLI::App* command =
      app.add_subcommand("sweep", "Re-triage the open issues of a repository (resumable)");
  auto flags = std::make_shared<SweepFlags>();
  command->add_option("repository", flags->repository, "OWNER/REPO")->required();
  command->add_flag(
      "--dry-run", flags->dry_run,
      "Decide and report what would be written, but write nothing (and keep no state)");
  command
      ->add_option("--state", flags->state_file,
                   "State file for resuming (default: <data dir>/sweep-OWNER-REPO.json)")
      ->check(kStateFile);
  command->add_option("--data-dir", flags->data_dir,
                      "Directory of the default state file (default: ISSUELINT_DATA_DIR, ./data)");
  command->add_flag("--restart", flags->restart,
                    "Ignore the saved state and start from the first issue");
  command->add_option("--limit", flags->limit, "Triage at most N issues in this run, then stop")
      ->check(kWholeNumber);
  command->add_option("--token", flags->token,
                      "GitHub token (default: ISSUELINT_GITHUB_TOKEN, GITHUB_TOKEN)");
  command->add_option("--api-url", flags->api_url,
                      "GitHub API URL (default: ISSUELINT_GITHUB_API_URL, GITHUB_API_URL)");
  command->add_option("--installation-id", flags->installation_id,
                      "GitHub App installation to act as, with ISSUELINT_APP_ID (default: "
                      "ISSUELINT_APP_INSTALLATION_ID)");
  command->add_option("--bot-login", flags->bot_login,
                      "Login the triage comments are written as (default: ISSUELINT_BOT_LOGIN)");
  command->callback([flags, &result] { result.exit_code = run_sweep_command(*flags); });
}

}  // namespace issuelint::cli
