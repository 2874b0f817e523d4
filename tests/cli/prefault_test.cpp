// `issuelint check` maps its heap and its own code in bulk (bot/cli/prefault.cpp) instead of
// taking a page fault per page. Asserted on the page faults the child takes, which the kernel
// counts exactly, not on a timing: a check took 213 against 101 for `--version`, and takes ~70.
// Counted as `perf stat -e page-faults` counts them (a software perf event from the exec on):
// getrusage's ru_minflt would not do, since it also counts each page madvise populates.
#include <fcntl.h>
#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/cli/populate_advice.h"
#include "tests/cli/cli_support.h"

using namespace issuelint::cli_test;

#if !defined(__SANITIZE_ADDRESS__)
namespace {

int open_page_fault_counter(pid_t pid) {
  perf_event_attr attr{};
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_SOFTWARE;
  attr.config = PERF_COUNT_SW_PAGE_FAULTS;
  attr.disabled = 1;
  attr.enable_on_exec = 1;  // from the exec on: not the forked test's own copy-on-write faults
  return static_cast<int>(syscall(SYS_perf_event_open, &attr, pid, -1, -1, 0));
}

// The page faults of one run of issuelint with `arguments` (output discarded), or nullopt when
// this system does not let a process count them (perf_event_paranoid, a kernel without perf).
std::optional<std::uint64_t> page_faults_of_issuelint_run(std::vector<std::string> arguments) {
  int go[2];
  REQUIRE(pipe(go) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    close(go[1]);
    char wait_for_parent = 0;
    if (read(go[0], &wait_for_parent, 1) != 1) _exit(126);  // the parent gave up: no exec
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    std::string program = ISSUELINT_BINARY;
    std::vector<char*> argv{program.data()};
    for (std::string& argument : arguments) argv.push_back(argument.data());
    argv.push_back(nullptr);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  close(go[0]);
  const int counter = open_page_fault_counter(child);
  if (counter >= 0) REQUIRE(write(go[1], "x", 1) == 1);
  close(go[1]);  // without a counter the child exits without running issuelint
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  if (counter < 0) return std::nullopt;
  std::uint64_t faults = 0;
  const bool read_it = read(counter, &faults, sizeof faults) == sizeof faults;
  close(counter);
  REQUIRE(read_it);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  return faults;
}

bool kernel_populates_in_bulk() {
  const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  void* mapped = mmap(nullptr, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  REQUIRE(mapped != MAP_FAILED);
  const bool supported = madvise(mapped, page, MADV_POPULATE_READ) == 0;
  munmap(mapped, page);
  return supported;
}

}  // namespace
#endif

TEST_CASE("prefault: a check takes fewer page faults than printing the version") {
#if defined(__SANITIZE_ADDRESS__)
  WARN("AddressSanitizer build: issuelint does not prefault (its allocator is not glibc's)");
#else
  if (!kernel_populates_in_bulk()) {
    WARN("this kernel has no MADV_POPULATE_READ (Linux 5.14): issuelint cannot prefault");
    return;
  }
  const std::optional<std::uint64_t> version = page_faults_of_issuelint_run({"--version"});
  if (!version) {
    WARN("this system does not let a test count a child's page faults (perf_event_open)");
    return;
  }
  const std::optional<std::uint64_t> check = page_faults_of_issuelint_run(
      {"check", "--template", kSource + "/fixtures/templates/db-migration.md", "--title",
       "[DB] Add audit_log table for booking changes",
       kSource + "/fixtures/issues/complete-audit-log.md"});
  REQUIRE(check);
  INFO("check: " << *check << " page faults, --version: " << *version);
  // A check reads, parses and lints on top of what --version does, and without prefault took
  // about twice its faults; with it, the pages it will touch are mapped in a few calls.
  CHECK(*check < *version);
#endif
}
