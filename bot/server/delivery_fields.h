// The few fields of a webhook payload that routing needs, and two ways to get them: a single
// validating pass over the raw body that keeps only those fields (the webhook's hot path: a
// 16 KB issue payload is mostly URLs and the issue body, which the worker fetches again anyway),
// and a read of an already parsed document (the Action, tests).
//
// The scanner accepts exactly the documents nlohmann::json::parse accepts (RFC 8259, UTF-8
// checked, a leading BOM skipped, duplicate keys: the last one wins) and reads each field as
// the parsed document would give it, so both routes decide alike. One deliberate exception:
// nlohmann stops reading at a NUL byte after the value ("{}\0junk" parses); the scanner counts
// everything after the value and refuses such a body, as RFC 8259 does.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "parser/result.h"

namespace issuelint {

struct DeliveryFields {
  bool is_object = false;             // the payload is a JSON object
  std::optional<std::string> action;  // "action", when a string
  // issue.number when an integer (as int64, the way nlohmann::json::get<long long> reads it).
  std::optional<std::int64_t> issue_number;
  bool issue_has_pull_request = false;  // issue.pull_request is present (any value)
  std::string repository_name;          // the string fields are empty when absent or not strings
  std::string repository_owner_login;
  std::optional<std::int64_t> installation_id;  // installation.id when an integer
  std::string sender_type;
  std::string sender_login;
  bool changes_title = false;  // changes.title is present
  bool changes_body = false;   // changes.body is present
  // changes names another field (labels, assignees...). GitHub also sends `"changes": {}` on
  // edits, so only this says for sure that neither title nor body changed.
  bool changes_other = false;
  std::string comment_author_association;
  std::string comment_body;
  std::string comment_user_login;

  bool operator==(const DeliveryFields&) const = default;
};

// Validates the whole body as JSON and extracts the fields. An error says what is wrong and at
// which byte offset (`where`), for the log; nothing is extracted from an invalid body.
Result<DeliveryFields> scan_delivery_fields(std::string_view body);

// The same fields read from a parsed document.
DeliveryFields delivery_fields_from_json(const nlohmann::json& payload);

}  // namespace issuelint
