#include "bot/server/data_dir_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

namespace issuelint {

namespace {

// The pid the holder wrote into the lock file, or "" when it cannot be read.
std::string holder_pid(int fd) {
  char text[32] = {};
  const ssize_t got = ::pread(fd, text, sizeof text - 1, 0);
  if (got <= 0) return "";
  std::string pid(text, static_cast<std::size_t>(got));
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid;
}

}  // namespace

Result<DataDirLock> DataDirLock::acquire(const std::string& data_dir) {
  const std::string path = (std::filesystem::path(data_dir) / kFileName).string();
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return make_error(std::string("cannot open the lock file: ") + std::strerror(errno), path);
  DataDirLock lock(fd);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK) {
      return make_error(std::string("cannot lock the data directory: ") + std::strerror(errno),
                        path);
    }
    const std::string pid = holder_pid(fd);
    return make_error("another issuelint serve" + (pid.empty() ? "" : " (pid " + pid + ")") +
                          " is using this data directory; two servers on one queue would run "
                          "the same jobs twice: stop it, or give this one its own --data-dir",
                      data_dir);
  }
  // For the message above, in the next server that tries; the lock itself is the flock.
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 ||
      ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    return make_error(std::string("cannot write the lock file: ") + std::strerror(errno), path);
  }
  return lock;
}

DataDirLock::~DataDirLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

DataDirLock::DataDirLock(DataDirLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

DataDirLock& DataDirLock::operator=(DataDirLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

}  // namespace issuelint
