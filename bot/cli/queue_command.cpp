#include "bot/cli/queue_command.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <memory>

#include "bot/server/sqlite_job_queue.h"

namespace issuelint {

namespace {

// The queue of a server's data directory. Opening creates the database, so a mistyped
// --data-dir (or the default ./data, run from elsewhere) would show an empty queue of its own
// making, with no dead letters, while the server's has some: a missing one is an error.
std::unique_ptr<SqliteJobQueue> open_queue(const std::string& data_dir, std::int64_t now_ms,
                                           std::ostream& err) {
  const std::filesystem::path database = std::filesystem::path(data_dir) / "queue.sqlite3";
  std::error_code error;
  const std::filesystem::file_status found = std::filesystem::status(database, error);
  if (error && error != std::errc::no_such_file_or_directory) {
    err << "issuelint queue: cannot look for " << database.string() << ": " << error.message()
        << '\n';
    throw CLI::RuntimeError(2);
  }
  if (!std::filesystem::is_regular_file(found)) {
    err << "issuelint queue: no queue database at " << database.string()
        << ": give the server's data directory (--data-dir, or ISSUELINT_DATA_DIR; "
           "default ./data)\n";
    throw CLI::RuntimeError(2);
  }
  SqliteQueueOptions options;
  options.now_ms = now_ms;
  Result<std::unique_ptr<SqliteJobQueue>> queue = SqliteJobQueue::open(data_dir, options);
  if (!queue) {
    err << "issuelint queue: " << queue.error().describe() << '\n';
    throw CLI::RuntimeError(2);
  }
  return std::move(*queue);
}

// One job a line, tab-separated: a line break or tab in GitHub's message must not start another.
std::string one_line(std::string text) {
  std::replace_if(
      text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  return text;
}

void print_job(std::ostream& out, const QueuedJob& queued, std::int64_t now_ms) {
  out << queued.id << '\t' << queued.state << '\t' << queued.job.owner << '/' << queued.job.repo
      << '#' << queued.job.issue_number << '\t' << job_kind_name(queued.job.kind)
      << "\tattempts=" << queued.attempts << "\tdeliveries=" << queued.deliveries
      << "\tdelivery=" << queued.job.delivery_id;
  // A job backing off after a failed attempt: when it is tried again.
  if (queued.state == "pending" && queued.not_before_ms > now_ms) {
    out << "\tdue_in=" << (queued.not_before_ms - now_ms + 999) / 1000 << 's';
  }
  if (!queued.last_error.empty()) out << "\terror=" << one_line(queued.last_error);
  out << '\n';
}

// Why `replay ID` or `drop ID` changed nothing: there is no such job, or it is not dead.
std::string not_dead_reason(SqliteJobQueue& queue, std::int64_t job_id) {
  Result<std::vector<QueuedJob>> jobs = queue.list("");
  const std::string job = "job " + std::to_string(job_id);
  if (!jobs) return job + " is not dead-lettered";
  const auto found = std::find_if(jobs->begin(), jobs->end(),
                                  [&](const QueuedJob& queued) { return queued.id == job_id; });
  if (found == jobs->end()) return "there is no " + job + " (see issuelint queue list)";
  return job + " is " + found->state + ", not dead-lettered";
}

using DeadJobsChange =
    std::function<Result<int>(SqliteJobQueue&, std::optional<std::int64_t>, std::int64_t now_ms)>;

// `queue replay` and `queue drop`: (ID | --all) [--data-dir DIR], on dead-lettered jobs only.
void add_dead_jobs_command(CLI::App& queue, std::shared_ptr<QueueCommandDependencies> deps,
                           const std::string& name, const std::string& description,
                           const std::string& done, DeadJobsChange change) {
  CLI::App* command = queue.add_subcommand(name, description);
  auto job_id = std::make_shared<std::int64_t>(0);
  auto all = std::make_shared<bool>(false);
  auto data_dir = std::make_shared<std::string>();
  CLI::Option* id_option = command->add_option("id", *job_id, "Job id (from queue list)");
  CLI::Option* all_option = command->add_flag("--all", *all, "Every dead-lettered job");
  id_option->excludes(all_option);
  CLI::Option* dir_option =
      command->add_option("--data-dir", *data_dir,
                          "Queue database directory (default: ISSUELINT_DATA_DIR, else ./data)");
  command->callback([=] {
    const std::string what = "issuelint queue " + name + ": ";
    if (id_option->count() == 0 && !*all) {
      *deps->err << what << "give a job id or --all\n";
      throw CLI::RuntimeError(2);
    }
    const std::string dir = resolve_data_dir(
        dir_option->count() > 0 ? std::optional(*data_dir) : std::nullopt, deps->env);
    auto opened = open_queue(dir, deps->clock(), *deps->err);
    const std::optional<std::int64_t> which = *all ? std::nullopt : std::optional(*job_id);
    Result<int> changed = change(*opened, which, deps->clock());
    if (!changed) {
      *deps->err << what << changed.error().describe() << '\n';
      throw CLI::RuntimeError(2);
    }
    if (*changed == 0 && which) {
      *deps->err << what << not_dead_reason(*opened, *which) << '\n';
      throw CLI::RuntimeError(2);
    }
    *deps->out << done << ' ' << *changed << " job(s)\n";
  });
}

}  // namespace

void add_queue_command(CLI::App& app, QueueCommandDependencies deps) {
  CLI::App* queue =
      app.add_subcommand("queue", "Inspect the serve queue; replay or drop dead letters");
  queue->require_subcommand(1);
  auto shared = std::make_shared<QueueCommandDependencies>(std::move(deps));

  CLI::App* list = queue->add_subcommand("list", "List queued and dead-lettered jobs");
  auto state = std::make_shared<std::string>("all");
  auto data_dir = std::make_shared<std::string>();
  list->add_option("--state", *state, "pending, running, dead or all")
      ->check(CLI::IsMember({"pending", "running", "dead", "all"}));
  CLI::Option* list_dir =
      list->add_option("--data-dir", *data_dir,
                       "Queue database directory (default: ISSUELINT_DATA_DIR, else ./data)");
  list->callback([=] {
    const std::string dir = resolve_data_dir(
        list_dir->count() > 0 ? std::optional(*data_dir) : std::nullopt, shared->env);
    const std::int64_t now_ms = shared->clock();
    auto opened = open_queue(dir, now_ms, *shared->err);
    Result<std::vector<QueuedJob>> jobs = opened->list(*state == "all" ? "" : *state);
    if (!jobs) {
      *shared->err << "issuelint queue list: " << jobs.error().describe() << '\n';
      throw CLI::RuntimeError(2);
    }
    for (const QueuedJob& queued : *jobs) print_job(*shared->out, queued, now_ms);
  });

  add_dead_jobs_command(*queue, shared, "replay", "Make dead-lettered jobs due again", "replayed",
                        [](SqliteJobQueue& opened, std::optional<std::int64_t> which,
                           std::int64_t now_ms) { return opened.replay(which, now_ms); });
  add_dead_jobs_command(*queue, shared, "drop",
                        "Delete dead-lettered jobs that will never be replayed", "dropped",
                        [](SqliteJobQueue& opened, std::optional<std::int64_t> which,
                           std::int64_t) { return opened.drop_dead(which); });
}

}  // namespace issuelint
