#include "bot/server/json_log.h"

#include <chrono>

namespace issuelint {

ClockMs system_clock_ms() {
  return [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
}

void JsonLog::write(const char* level, nlohmann::json fields) {
  nlohmann::json line = {{"ts_ms", clock_()}, {"level", level}};
  line.update(fields);
  // `replace` keeps a log line valid JSON even when a header carried invalid UTF-8.
  const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard lock(mutex_);
  out_ << text << '\n';
  out_.flush();
}

}  // namespace issuelint
