// Test-only program: the real `serve` command with a fake triager that appends every job it
// handles to $ISSUELINT_HARNESS_OUT ("owner/repo#N kind delivery" per line). The server tests
// spawn it to check kill -9 recovery and the SIGTERM drain against a real process.
#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "bot/cli/serve_command.h"
#include "bot/server/job_queue.h"

namespace {

class AppendingTriager final : public issuelint::IssueTriager {
 public:
  AppendingTriager(std::string path, int delay_ms) : path_(std::move(path)), delay_ms_(delay_ms) {}

  issuelint::TriageOutcome handle(const issuelint::IssueJob& job) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms_));
    const std::string line = issuelint::issue_key(job) + " " +
                             std::string(issuelint::job_kind_name(job.kind)) + " " +
                             job.delivery_id + "\n";
    // O_APPEND writes of one short line are atomic, so concurrent workers never interleave.
    const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0) return {issuelint::TriageOutcome::Status::retry, "cannot open the output file", 0};
    const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    ::close(fd);
    if (!written) return {issuelint::TriageOutcome::Status::retry, "short write", 0};
    return {issuelint::TriageOutcome::Status::done, "recorded", 0};
  }

 private:
  std::string path_;
  int delay_ms_;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("issuelint server harness (tests only)");
  app.require_subcommand(1);
  issuelint::ServeDependencies deps;
  deps.make_triager =
      [](const issuelint::ServeConfig&, issuelint::Metrics&, issuelint::JsonLog&,
         std::stop_token) -> issuelint::Result<std::unique_ptr<issuelint::IssueTriager>> {
    const char* out = std::getenv("ISSUELINT_HARNESS_OUT");
    if (out == nullptr) return issuelint::make_error("ISSUELINT_HARNESS_OUT is not set");
    const char* delay = std::getenv("ISSUELINT_HARNESS_DELAY_MS");
    return std::unique_ptr<issuelint::IssueTriager>(
        std::make_unique<AppendingTriager>(out, delay != nullptr ? std::atoi(delay) : 0));
  };
  issuelint::add_serve_command(app, std::move(deps));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }
  return 0;
}
