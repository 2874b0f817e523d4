#include "bot/cli/queue_command.h"

#include <memory>

#include "bot/server/sqlite_job_queue.h"

namespace issuelint {

namespace {

std::unique_ptr<SqliteJobQueue> open_queue(const std::string& data_dir, std::int64_t now_ms) {
  SqliteQueueOptions options;
  options.now_ms = now_ms;
  Result<std::unique_ptr<SqliteJobQueue>> queue = SqliteJobQueue::open(data_dir, options);
  if (!queue) {
    std::cerr << "issuelint queue: " << queue.error().describe() << '\n';
    throw CLI::RuntimeError(2);
  }
  return std::move(*queue);
}

void print_job(std::ostream& out, const QueuedJob& queued) {
  out << queued.id << '\t' << queued.state << '\t' << queued.job.owner << '/' << queued.job.repo
      << '#' << queued.job.issue_number << '\t' << job_kind_name(queued.job.kind)
      << "\tattempts=" << queued.attempts << "\tdeliveries=" << queued.deliveries
      << "\tdelivery=" << queued.job.delivery_id;
  if (!queued.last_error.empty()) out << "\terror=" << queued.last_error;
  out << '\n';
}

}  // namespace

void add_queue_command(CLI::App& app, QueueCommandDependencies deps) {
  CLI::App* queue = app.add_subcommand("queue", "Inspect the serve queue; replay dead letters");
  queue->require_subcommand(1);
  auto data_dir = std::make_shared<std::string>();
  auto dir_given = [data_dir](CLI::App* sub) {
    return sub->add_option("--data-dir", *data_dir, "Queue database directory (default ./data)");
  };
  auto shared = std::make_shared<QueueCommandDependencies>(std::move(deps));

  CLI::App* list = queue->add_subcommand("list", "List queued and dead-lettered jobs");
  auto state = std::make_shared<std::string>("all");
  list->add_option("--state", *state, "pending, running, dead or all")
      ->check(CLI::IsMember({"pending", "running", "dead", "all"}));
  CLI::Option* list_dir = dir_given(list);
  list->callback([=] {
    const std::string dir = resolve_data_dir(
        list_dir->count() > 0 ? std::optional(*data_dir) : std::nullopt, shared->env);
    auto opened = open_queue(dir, shared->clock());
    Result<std::vector<QueuedJob>> jobs = opened->list(*state == "all" ? "" : *state);
    if (!jobs) {
      std::cerr << "issuelint queue list: " << jobs.error().describe() << '\n';
      throw CLI::RuntimeError(2);
    }
    for (const QueuedJob& queued : *jobs) print_job(*shared->out, queued);
  });

  CLI::App* replay = queue->add_subcommand("replay", "Make dead-lettered jobs due again");
  auto job_id = std::make_shared<std::int64_t>(0);
  auto all = std::make_shared<bool>(false);
  CLI::Option* id_option = replay->add_option("id", *job_id, "Job id (from queue list)");
  CLI::Option* all_option = replay->add_flag("--all", *all, "Replay every dead-lettered job");
  id_option->excludes(all_option);
  CLI::Option* replay_dir = dir_given(replay);
  replay->callback([=] {
    if (id_option->count() == 0 && !*all) {
      std::cerr << "issuelint queue replay: give a job id or --all\n";
      throw CLI::RuntimeError(2);
    }
    const std::string dir = resolve_data_dir(
        replay_dir->count() > 0 ? std::optional(*data_dir) : std::nullopt, shared->env);
    auto opened = open_queue(dir, shared->clock());
    Result<int> replayed =
        opened->replay(*all ? std::nullopt : std::optional(*job_id), shared->clock());
    if (!replayed) {
      std::cerr << "issuelint queue replay: " << replayed.error().describe() << '\n';
      throw CLI::RuntimeError(2);
    }
    *shared->out << "replayed " << *replayed << " job(s)\n";
    if (*replayed == 0 && !*all) {
      std::cerr << "issuelint queue replay: job " << *job_id << " is not dead-lettered\n";
      throw CLI::RuntimeError(1);
    }
  });
}

}  // namespace issuelint
