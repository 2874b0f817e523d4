// End to end: `issuelint serve` (the real program, durable queue, real workers) against the
// loopback fake GitHub answering instantly. Sends 1,000 signed issues deliveries spread over 50
// issues (each issue: one `opened`, then `edited` bursts), then waits until every issue carries
// its final triage comment and the queue is empty. Reports the time that took, and the GitHub
// requests made per issue: coalescing should make it about one triage per issue, not one per
// delivery.
//   bench_e2e [--deliveries N] [--issues N] [--clients N] [--workers N] [--issuelint PATH]
#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_files.h"
#include "bot/report/comment_report.h"
#include "bot/server/webhook_signature.h"
#include "tests/fake_github/fake_github.h"

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

const std::filesystem::path kRoot = ISSUELINT_SOURCE_DIR;

// A request's path with each number (an issue's, a comment's) written N: one route per endpoint.
std::string route_of(const std::string& path) {
  std::string route;
  for (std::size_t at = 0; at < path.size(); ++at) {
    if (std::isdigit(static_cast<unsigned char>(path[at])) == 0) {
      route += path[at];
      continue;
    }
    route += 'N';
    while (at + 1 < path.size() && std::isdigit(static_cast<unsigned char>(path[at + 1])) != 0)
      ++at;
  }
  return route;
}
const std::string kSecret = "bench-e2e-secret";
const std::string kToken = "bench-token";
const std::string kOwner = "Codertocat";
const std::string kRepo = "Hello-World";

struct Options {
  int deliveries = 1000;
  int issues = 50;
  int clients = 8;
  int workers = 2;
  std::string issuelint = ISSUELINT_BINARY;
};

using issuelint::bench::read_file;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The fixture drafts, so the 50 issues get different verdicts (clean, needs-info, no template).
std::vector<std::string> draft_bodies() {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(kRoot / "fixtures/issues")) {
    if (entry.path().extension() == ".md") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> bodies;
  for (const auto& path : paths) bodies.push_back(read_file(path));
  return bodies;
}

// A port nothing listens on now; serve binds it next (a race we accept in a benchmark).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("cannot find a free loopback port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

pid_t spawn_serve(const Options& options, int port, const std::string& github_url,
                  const std::filesystem::path& data_dir) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  setenv("ISSUELINT_WEBHOOK_SECRET", kSecret.c_str(), 1);
  setenv("ISSUELINT_GITHUB_TOKEN", kToken.c_str(), 1);
  setenv("ISSUELINT_GITHUB_API_URL", github_url.c_str(), 1);
  setenv("ISSUELINT_BOT_LOGIN", "issuelint[bot]", 1);
  setenv("ISSUELINT_WORKERS", std::to_string(options.workers).c_str(), 1);
  const std::string port_text = std::to_string(port);
  const std::string log = (data_dir.parent_path() / "serve.log").string();
  const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (log_fd < 0 || ::dup2(log_fd, 1) < 0 || ::dup2(log_fd, 2) < 0) _exit(127);
  execl(options.issuelint.c_str(), "issuelint", "serve", "--bind", "127.0.0.1", "--port",
        port_text.c_str(), "--data-dir", data_dir.c_str(), static_cast<char*>(nullptr));
  _exit(127);
}

bool wait_until(const std::function<bool()>& done, std::chrono::seconds limit) {
  const auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return done();
}

// Delivery k goes to issue k % issues; the first one an issue gets is `opened`.
std::string payload_for(const json& opened, int delivery, int issues, const std::string& body) {
  json payload = opened;
  const int number = delivery % issues + 1;
  payload["issue"]["number"] = number;
  payload["issue"]["title"] = "[DB] Migration " + std::to_string(number);
  payload["issue"]["body"] = body;
  if (delivery >= issues) {
    payload["action"] = "edited";
    payload["changes"] = {{"body", {{"from", "an earlier draft"}}}};
  }
  return payload.dump();
}

double metric(const std::string& metrics, const std::string& name) {
  const std::size_t at = metrics.find("\n" + name + " ");
  if (at == std::string::npos) return -1;
  return std::stod(metrics.substr(at + name.size() + 2));
}

struct Outcome {
  double ingest_seconds = 0;
  double final_seconds = 0;
  int accepted = 0;
  int refused = 0;
};

Outcome send_and_wait(const Options& options, int port, issuelint::testing::FakeGitHub& github,
                      const std::vector<std::string>& payloads) {
  Outcome outcome;
  std::atomic<int> next{0};
  std::atomic<int> accepted{0};
  std::atomic<int> refused{0};
  const auto start = Clock::now();
  std::vector<std::thread> clients;
  for (int c = 0; c < options.clients; ++c) {
    clients.emplace_back([&] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);  // headers and body go out in two writes: no Nagle wait
      client.set_read_timeout(10, 0);
      for (int k = next++; k < static_cast<int>(payloads.size()); k = next++) {
        const httplib::Headers headers = {
            {"X-GitHub-Event", "issues"},
            {"X-GitHub-Delivery", "e2e-" + std::to_string(k)},
            {"X-Hub-Signature-256", issuelint::github_signature_header(kSecret, payloads[k])}};
        auto answer = client.Post("/webhook", headers, payloads[k], "application/json");
        (answer && answer->status == 202 ? accepted : refused)++;
      }
    });
  }
  for (auto& client : clients) client.join();
  outcome.ingest_seconds = seconds_since(start);
  outcome.accepted = accepted;
  outcome.refused = refused;

  // Final: the queue is empty and nothing runs, and every issue has its report comment.
  httplib::Client probe("127.0.0.1", port);
  const bool settled = wait_until(
      [&] {
        auto answer = probe.Get("/metrics");
        if (!answer || answer->status != 200) return false;
        if (metric(answer->body, "issuelint_queue_depth{state=\"pending\"}") != 0 ||
            metric(answer->body, "issuelint_queue_depth{state=\"running\"}") != 0) {
          return false;
        }
        const auto state = github.snapshot();
        for (const auto& [key, repo] : state.repos()) {
          for (const auto& [number, issue] : repo.issues) {
            const bool reported =
                std::any_of(issue.comments.begin(), issue.comments.end(),
                            [](const auto& c) { return issuelint::is_report_comment(c.body); });
            if (!reported) return false;
          }
        }
        return true;
      },
      std::chrono::seconds(120));
  outcome.final_seconds = settled ? seconds_since(start) : -1;
  return outcome;
}

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--deliveries")
      options.deliveries = std::stoi(value);
    else if (flag == "--issues")
      options.issues = std::stoi(value);
    else if (flag == "--clients")
      options.clients = std::stoi(value);
    else if (flag == "--workers")
      options.workers = std::stoi(value);
    else if (flag == "--issuelint")
      options.issuelint = value;
    else
      throw std::runtime_error("unknown flag " + flag);
  }
  if ((argc - 1) % 2 != 0) throw std::runtime_error("every flag takes a value");
  return options;
}

int run(const Options& options) {
  const auto work =
      std::filesystem::temp_directory_path() / ("issuelint-e2e-" + std::to_string(getpid()));
  std::filesystem::create_directories(work);

  issuelint::testing::FakeGitHubOptions github_options;
  github_options.tokens = {kToken};
  issuelint::testing::FakeGitHub github(github_options);
  const std::vector<std::string> bodies = draft_bodies();
  github.add_repo(kOwner, kRepo);
  github.put_file(kOwner, kRepo, ".github/ISSUE_TEMPLATE/db-migration.md",
                  read_file(kRoot / "fixtures/templates/db-migration.md"));
  std::vector<std::string> issue_bodies;
  for (int n = 1; n <= options.issues; ++n) {
    issuelint::testing::FakeIssue issue;
    issue.number = n;
    issue.title = "[DB] Migration " + std::to_string(n);
    issue.body = bodies[static_cast<std::size_t>(n - 1) % bodies.size()];
    issue_bodies.push_back(*issue.body);
    github.add_issue(kOwner, kRepo, issue);
  }
  if (!github.start()) throw std::runtime_error("the fake GitHub did not start");

  const json opened = json::parse(read_file(kRoot / "fixtures/payloads/issues.opened.json"));
  std::vector<std::string> payloads;
  for (int k = 0; k < options.deliveries; ++k) {
    payloads.push_back(payload_for(opened, k, options.issues,
                                   issue_bodies[static_cast<std::size_t>(k % options.issues)]));
  }

  const int port = free_port();
  const pid_t serve = spawn_serve(options, port, github.base_url(), work / "data");
  httplib::Client health("127.0.0.1", port);
  if (!wait_until([&] { return health.Get("/healthz") != nullptr; }, std::chrono::seconds(10))) {
    kill(serve, SIGKILL);
    throw std::runtime_error("issuelint serve did not start; see " + (work / "serve.log").string());
  }
  github.clear_requests();  // count only what the deliveries caused

  const Outcome outcome = send_and_wait(options, port, github, payloads);
  auto metrics_answer = health.Get("/metrics");
  const std::string metrics = metrics_answer ? metrics_answer->body : "";
  kill(serve, SIGTERM);
  int status = 0;
  waitpid(serve, &status, 0);

  const auto requests = github.requests();
  std::map<std::string, int> by_method;
  std::map<std::string, int> by_route;  // "GET /repos/o/r/issues/N/comments 304"
  for (const auto& request : requests) {
    ++by_method[request.method];
    ++by_route[request.method + " " + route_of(request.path) + " " +
               std::to_string(request.status)];
  }
  int report_comments = 0;
  const auto final_state = github.snapshot();
  for (const auto& [key, repo] : final_state.repos()) {
    for (const auto& [number, issue] : repo.issues) {
      for (const auto& comment : issue.comments) {
        report_comments += issuelint::is_report_comment(comment.body) ? 1 : 0;
      }
    }
  }
  github.stop();

  const double per_issue = static_cast<double>(requests.size()) / options.issues;
  std::cout << "deliveries " << options.deliveries << " over " << options.issues << " issues, "
            << options.clients << " clients, " << options.workers << " workers\n"
            << "accepted (202) " << outcome.accepted << ", refused " << outcome.refused << "\n"
            << "all deliveries answered after " << outcome.ingest_seconds << " s ("
            << outcome.accepted / outcome.ingest_seconds << " deliveries/s)\n"
            << "every comment final after " << outcome.final_seconds << " s\n"
            << "triage jobs run " << metric(metrics, "issuelint_triage_duration_seconds_count")
            << " (" << metric(metrics, "issuelint_triage_duration_seconds_count") / options.issues
            << " per issue)\n"
            << "GitHub requests " << requests.size() << " (" << per_issue << " per issue:";
  for (const auto& [method, count] : by_method) {
    std::cout << " " << method << " " << static_cast<double>(count) / options.issues;
  }
  std::cout << ")\nreport comments " << report_comments << " (one per issue expected)\n"
            << "GitHub requests per issue by route and status:\n";
  for (const auto& [route, count] : by_route) {
    std::cout << "  " << static_cast<double>(count) / options.issues << "  " << route << "\n";
  }
  const bool failed = outcome.final_seconds < 0 || outcome.refused > 0;
  if (failed || std::getenv("ISSUELINT_BENCH_KEEP") != nullptr) {
    std::cout << "kept for a look: " << (work / "serve.log").string() << "\n";
    return 1;
  }
  std::filesystem::remove_all(work);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse_options(argc, argv));
  } catch (const std::exception& error) {
    std::cerr << "bench_e2e: " << error.what() << "\n";
    return 2;
  }
}
