#include "bot/cli/queue_command.h"

#include <catch2/catch.hpp>

#include "tests/server/server_test_support.h"

using namespace issuelint;

namespace {

constexpr std::int64_t kListedAtMs = 1'000'000;

// `issuelint queue ARGS...` with its output kept; returns the CLI::RuntimeError's exit code, 0
// when none was thrown. The environment names no data dir: the tests give --data-dir.
struct QueueRun {
  std::ostringstream out;
  std::ostringstream err;
  int run(std::vector<std::string> args) {
    CLI::App app;
    QueueCommandDependencies deps;
    deps.env = [](const std::string&) { return std::optional<std::string>(); };
    deps.out = &out;
    deps.err = &err;
    deps.clock = [] { return kListedAtMs; };
    add_queue_command(app, deps);
    args.insert(args.begin(), "queue");
    std::reverse(args.begin(), args.end());  // CLI11 takes them last first
    try {
      app.parse(args);
    } catch (const CLI::RuntimeError& error) {
      return error.get_exit_code();
    }
    return 0;
  }
};

// A data dir whose queue holds job 1 dead (a message of two lines) and job 2 backing off.
void fill_queue(const test::TempDir& dir) {
  SqliteQueueOptions options;
  auto queue = SqliteJobQueue::open(dir.str(), options);
  REQUIRE(queue);
  REQUIRE((*queue)->enqueue(test::edited_issue_job(1, "d-1"), 0));
  REQUIRE((*queue)->enqueue(test::edited_issue_job(2, "d-2"), 0));
  auto dead = (*queue)->claim(0);
  REQUIRE((*queue)->dead_letter((*dead)->id, "GitHub answered 404\n\tfor the repository"));
  auto waiting = (*queue)->claim(0);
  REQUIRE((*queue)->retry_later((*waiting)->id, kListedAtMs + 61'500, "GitHub answered 502"));
}

}  // namespace

TEST_CASE("queue commands on a directory without a queue say so and create nothing",
          "[server][queue-command]") {
  test::TempDir dir;
  const std::string missing = (dir.path() / "typo").string();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"list", "--data-dir", missing},
        std::vector<std::string>{"replay", "--all", "--data-dir", missing},
        std::vector<std::string>{"drop", "--all", "--data-dir", missing}}) {
    QueueRun queue;
    CHECK(queue.run(args) == 2);
    CHECK(queue.out.str().empty());
    CHECK(queue.err.str() == "issuelint queue: no queue database at " + missing +
                                 "/queue.sqlite3: give the server's data directory "
                                 "(--data-dir, or ISSUELINT_DATA_DIR; default ./data)\n");
  }
  CHECK_FALSE(std::filesystem::exists(missing));
  // A file given as the data dir: what stopped the look is said, not that there is no queue.
  const std::string file = test::write_file(dir, "not-a-dir", "x");
  QueueRun queue;
  CHECK(queue.run({"list", "--data-dir", file}) == 2);
  CHECK(queue.err.str() ==
        "issuelint queue: cannot look for " + file + "/queue.sqlite3: Not a directory\n");
}

TEST_CASE("queue list: one line a job, when a waiting job is due, the error on its line",
          "[server][queue-command]") {
  test::TempDir dir;
  fill_queue(dir);
  QueueRun queue;
  REQUIRE(queue.run({"list", "--data-dir", dir.str()}) == 0);
  CHECK(queue.out.str() ==
        "1\tdead\tocto/hello#1\ttriage\tattempts=1\tdeliveries=1\tdelivery=d-1\t"
        "error=GitHub answered 404  for the repository\n"
        "2\tpending\tocto/hello#2\ttriage\tattempts=1\tdeliveries=1\tdelivery=d-2\tdue_in=62s\t"
        "error=GitHub answered 502\n");
}

TEST_CASE("queue replay and drop: 0 and unknown ids are no job, waiting jobs are left",
          "[server][queue-command]") {
  test::TempDir dir;
  fill_queue(dir);
  const std::vector<std::pair<std::string, std::string>> refusals = {
      {"0", "there is no job 0 (see issuelint queue list)"},
      {"99", "there is no job 99 (see issuelint queue list)"},
      {"2", "job 2 is pending, not dead-lettered"}};
  for (const std::string command : {"replay", "drop"}) {
    for (const auto& [id, why] : refusals) {
      QueueRun queue;
      CHECK(queue.run({command, id, "--data-dir", dir.str()}) == 2);
      CHECK(queue.out.str().empty());
      CHECK(queue.err.str() == "issuelint queue " + command + ": " + why + "\n");
    }
  }
  QueueRun drop;
  REQUIRE(drop.run({"drop", "1", "--data-dir", dir.str()}) == 0);
  CHECK(drop.out.str() == "dropped 1 job(s)\n");
  QueueRun list;
  REQUIRE(list.run({"list", "--data-dir", dir.str()}) == 0);
  const std::string left = list.out.str();
  CHECK(left.rfind("2\tpending\t", 0) == 0);
  CHECK(std::count(left.begin(), left.end(), '\n') == 1);  // the dead job is gone
}
