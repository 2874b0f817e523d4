// Decides what a verified delivery means: a job for the queue, a ping, or something to ignore
// (with the reason, for logs and metrics). Pure: no I/O, so every GitHub quirk has a unit test.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/server/delivery_fields.h"
#include "bot/server/issue_job.h"

namespace issuelint {

struct RouterOptions {
  // Logins whose events are the bot's own echoes ("issuelint[bot]"); any sender.type "Bot" is
  // ignored as well.
  std::vector<std::string> bot_logins;
};

struct RouteDecision {
  enum class Kind {
    enqueue,  // `job` is set
    ping,     // answer 200
    logged,   // installation events: logged, nothing to do
    ignore,   // 202, counted, `reason` says why
    reject,   // 400, `reason` says what is missing
  };
  Kind kind = Kind::ignore;
  std::optional<IssueJob> job;
  std::string reason;
};

// `event` is X-GitHub-Event, `delivery_id` X-GitHub-Delivery; `payload` what the body says.
RouteDecision route_delivery(std::string_view event, std::string_view delivery_id,
                             const DeliveryFields& payload, const RouterOptions& options);
// The same from a parsed body.
RouteDecision route_delivery(std::string_view event, std::string_view delivery_id,
                             const nlohmann::json& payload, const RouterOptions& options);

// What a comment's "/issuelint ..." lines say. A line counts only when it starts (after at most
// three spaces) with "/issuelint" and a space or tab, outside fenced or indented code, `>`
// quotes and HTML comments.
struct CommentCommand {
  std::optional<JobKind> kind;  // the first known command
  // Without a known one, the first word that followed "/issuelint" (empty for none): a typo
  // such as "/issuelint recheck" is told apart from a comment that asks nothing.
  std::optional<std::string> unknown;
};
CommentCommand read_comment_command(std::string_view body);

// The "/issuelint <command>" a comment gives, if any (read_comment_command's kind).
std::optional<JobKind> parse_comment_command(std::string_view body);

}  // namespace issuelint
