#include "bot/server/delivery_router.h"

#include <algorithm>
#include <array>
#include <limits>

#include "bot/github/github_api.h"

namespace issuelint {

namespace {

RouteDecision ignore(std::string reason) {
  return RouteDecision{RouteDecision::Kind::ignore, std::nullopt, std::move(reason)};
}

RouteDecision reject(std::string reason) {
  return RouteDecision{RouteDecision::Kind::reject, std::nullopt, std::move(reason)};
}

bool sent_by_bot(const DeliveryFields& payload, const RouterOptions& options) {
  if (payload.sender_type == "Bot") return true;
  return std::any_of(
      options.bot_logins.begin(), options.bot_logins.end(),
      [&](const std::string& login) { return github::same_login(login, payload.sender_login); });
}

// The fields every issue job needs; a payload without them is malformed (400).
std::optional<std::string> fill_issue_fields(const DeliveryFields& payload, IssueJob& job) {
  if (!payload.issue_number || *payload.issue_number <= 0) return "payload has no issue.number";
  if (*payload.issue_number > std::numeric_limits<int>::max()) {
    return "issue.number " + std::to_string(*payload.issue_number) + " is out of range";
  }
  job.issue_number = static_cast<int>(*payload.issue_number);
  job.owner = payload.repository_owner_login;
  job.repo = payload.repository_name;
  if (job.owner.empty() || job.repo.empty()) {
    return "payload has no repository.owner.login or repository.name";
  }
  job.installation_id = payload.installation_id.value_or(0);
  return std::nullopt;
}

RouteDecision route_issues(IssueJob job, const DeliveryFields& payload) {
  const std::string& action = job.action;
  // Only an edit that names its other changes is surely not about the text: real deliveries
  // also come with `"changes": {}`, and a triage the text did not need changes nothing.
  if (action == "edited" && payload.changes_other && !payload.changes_title &&
      !payload.changes_body) {
    return ignore("issues.edited without a title or body change");
  }
  if (action != "opened" && action != "edited" && action != "reopened") {
    return ignore("issues." + action + " does not change what is linted");
  }
  job.kind = JobKind::triage;
  return RouteDecision{RouteDecision::Kind::enqueue, std::move(job), {}};
}

// Said in the answer GitHub shows under the hook's deliveries, where a maintainer whose command
// did nothing looks.
std::string unknown_command_reason(const std::string& word) {
  constexpr std::string_view kKnown = " (commands: check, explain, skip)";
  if (word.empty()) return "/issuelint without a command" + std::string(kKnown);
  return "unknown /issuelint command '" + word + "'" + std::string(kKnown);
}

RouteDecision route_issue_comment(IssueJob job, const DeliveryFields& payload) {
  const std::string& action = job.action;
  if (action != "created") return ignore("issue_comment." + action);
  if (payload.issue_has_pull_request) return ignore("comment on a pull request");
  const CommentCommand command = read_comment_command(payload.comment_body);
  if (!command.kind && command.unknown) return ignore(unknown_command_reason(*command.unknown));
  if (!command.kind) return ignore("comment has no /issuelint command");
  job.kind = *command.kind;
  job.requested_by = payload.comment_user_login;
  // These associations prove write access. The others prove nothing either way: the payload's
  // association is computed without a viewer, so an organization member whose membership is
  // private (GitHub's default) and who writes through a team arrives as CONTRIBUTOR or NONE.
  // Such a command waits for GitHub's word on the login (refuse_unverified_requester).
  static constexpr std::array<std::string_view, 3> kWriters = {"OWNER", "MEMBER", "COLLABORATOR"};
  job.requester_unverified = std::find(kWriters.begin(), kWriters.end(),
                                       payload.comment_author_association) == kWriters.end();
  if (job.requester_unverified && job.requested_by.empty()) {
    return ignore("command by a commenter without a login, whose write access cannot be checked");
  }
  return RouteDecision{RouteDecision::Kind::enqueue, std::move(job), {}};
}

std::string_view trim_left(std::string_view text, std::size_t max_spaces = std::string_view::npos) {
  std::size_t i = 0;
  while (i < text.size() && i < max_spaces && (text[i] == ' ' || text[i] == '\t')) ++i;
  return text.substr(i);
}

std::string_view trim(std::string_view text) {
  text = trim_left(text);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

std::string strip_html_comments(std::string_view body) {
  std::string out;
  std::size_t pos = 0;
  while (pos < body.size()) {
    const std::size_t open = body.find("<!--", pos);
    if (open == std::string_view::npos) {
      out.append(body.substr(pos));
      break;
    }
    out.append(body.substr(pos, open - pos));
    const std::size_t close = body.find("-->", open + 4);
    if (close == std::string_view::npos) break;  // an unclosed comment hides the rest
    // Keep the line structure so a command after the comment on its own line still counts.
    for (std::size_t i = open; i < close; ++i) {
      if (body[i] == '\n') out.push_back('\n');
    }
    pos = close + 3;
  }
  return out;
}

// The run of three or more backticks or tildes a fence line starts with; empty for any other.
std::string_view fence_run(std::string_view line) {
  if (line.empty() || (line.front() != '`' && line.front() != '~')) return {};
  const std::size_t length = std::min(line.find_first_not_of(line.front()), line.size());
  return length >= 3 ? line.substr(0, length) : std::string_view();
}

}  // namespace

CommentCommand read_comment_command(std::string_view raw_body) {
  CommentCommand found;
  const std::string body = strip_html_comments(raw_body);
  std::string_view fence;  // the opening fence while inside fenced code
  std::size_t pos = 0;
  while (pos <= body.size()) {
    std::size_t end = body.find('\n', pos);
    if (end == std::string::npos) end = body.size();
    const std::string_view raw_line(body.data() + pos, end - pos);
    pos = end + 1;
    const std::string_view line = trim_left(raw_line, 3);
    const std::string_view run = fence_run(line);
    if (!fence.empty()) {
      // CommonMark: closed by a run of the same character at least as long, and nothing else.
      const bool closes = run.size() >= fence.size() && run.front() == fence.front() &&
                          trim(line.substr(run.size())).empty();
      if (closes) fence = {};
      continue;
    }
    if (!run.empty()) {
      fence = run;
      continue;
    }
    if (raw_line.rfind("    ", 0) == 0 || raw_line.rfind("\t", 0) == 0) continue;  // indented code
    if (!line.empty() && line.front() == '>') continue;
    const std::string_view text = trim(line);
    static constexpr std::string_view kPrefix = "/issuelint";
    if (text.rfind(kPrefix, 0) != 0) continue;
    std::string_view rest = text.substr(kPrefix.size());
    if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t') continue;  // "/issuelintx"
    std::string_view word = trim(rest);
    word = word.substr(0, word.find_first_of(" \t"));
    if (word == "check") found.kind = JobKind::triage;
    if (word == "explain") found.kind = JobKind::explain;
    if (word == "skip") found.kind = JobKind::skip;
    if (found.kind) {
      found.unknown.reset();
      return found;
    }
    if (!found.unknown) found.unknown = std::string(word);
  }
  return found;
}

std::optional<JobKind> parse_comment_command(std::string_view raw_body) {
  return read_comment_command(raw_body).kind;
}

RouteDecision route_delivery(std::string_view event, std::string_view delivery_id,
                             const DeliveryFields& payload, const RouterOptions& options) {
  if (!payload.is_object) return reject("payload is not a JSON object");
  if (event == "ping") return RouteDecision{RouteDecision::Kind::ping, std::nullopt, "ping"};
  if (event == "installation" || event == "installation_repositories") {
    return RouteDecision{RouteDecision::Kind::logged, std::nullopt,
                         std::string(event) + "." + payload.action.value_or("")};
  }
  if (event != "issues" && event != "issue_comment") {
    return ignore("event " + std::string(event) + " is not handled");
  }
  if (!payload.action) return reject("payload has no action");
  IssueJob job;
  if (auto missing = fill_issue_fields(payload, job)) return reject(*missing);
  job.delivery_id = std::string(delivery_id);
  job.event = std::string(event);
  job.action = *payload.action;
  // The bot's own label and comment writes come back as events: never react to them (loops).
  if (sent_by_bot(payload, options)) return ignore("sent by a bot");
  if (event == "issues") return route_issues(std::move(job), payload);
  return route_issue_comment(std::move(job), payload);
}

RouteDecision route_delivery(std::string_view event, std::string_view delivery_id,
                             const nlohmann::json& payload, const RouterOptions& options) {
  return route_delivery(event, delivery_id, delivery_fields_from_json(payload), options);
}

}  // namespace issuelint
