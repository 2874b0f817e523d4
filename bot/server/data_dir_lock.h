// The one server that may use a data directory. Two servers on one queue would each reset the
// other's running jobs to pending at start and triage the same issue at once (two comments):
// the second must refuse to start instead. An flock on DATA_DIR/serve.lock, held for the life of
// the process's queue; the kernel drops it when the process dies, even by kill -9, so a crash
// never leaves a stale lock behind.
#pragma once

#include <string>

#include "parser/result.h"

namespace issuelint {

class DataDirLock {
 public:
  static constexpr const char* kFileName = "serve.lock";

  // Takes the lock without waiting; fails, naming the holder's pid, when another process (or
  // another open of it in this one) holds it. The directory must exist.
  static Result<DataDirLock> acquire(const std::string& data_dir);

  ~DataDirLock();
  DataDirLock(DataDirLock&& other) noexcept;
  DataDirLock& operator=(DataDirLock&& other) noexcept;
  DataDirLock(const DataDirLock&) = delete;
  DataDirLock& operator=(const DataDirLock&) = delete;

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace issuelint
