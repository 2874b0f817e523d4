#include "bot/server/buffered_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

namespace issuelint {

namespace {

// Holds a whole 16 KB issue delivery and its headers, so one recv usually takes all of it.
constexpr std::size_t kInputBufferBytes = 32 * 1024;
// A response larger than this (a long /metrics page) goes out in pieces of about this size.
constexpr std::size_t kOutputFlushBytes = 32 * 1024;
// How often a connection waiting for its next request checks whether the server is stopping.
constexpr int kStopCheckMs = 100;

struct Endpoint {
  std::string ip;
  int port = 0;
};

Endpoint endpoint_of(const sockaddr_storage& address) {
  Endpoint endpoint;
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
    if (::inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text) != nullptr) endpoint.ip = text;
    endpoint.port = ntohs(v4.sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    if (::inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text) != nullptr) endpoint.ip = text;
    endpoint.port = ntohs(v6.sin6_port);
  }
  return endpoint;
}

Endpoint peer_endpoint(int sock) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getpeername(sock, reinterpret_cast<sockaddr*>(&address), &length) != 0) return {};
  return endpoint_of(address);
}

Endpoint local_endpoint(int sock) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getsockname(sock, reinterpret_cast<sockaddr*>(&address), &length) != 0) return {};
  return endpoint_of(address);
}

void set_timeout(int sock, int option, time_t seconds, time_t microseconds) {
  timeval value{};
  value.tv_sec = seconds;
  value.tv_usec = static_cast<suseconds_t>(microseconds);
  ::setsockopt(sock, SOL_SOCKET, option, &value, sizeof value);
}

// One connection's socket. Reads block in recv, bounded by SO_RCVTIMEO (set per connection),
// instead of polling first; writes are gathered and sent when the stream next reads, or when
// the connection loop flushes after a request.
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(int sock, time_t read_timeout_sec, time_t read_timeout_usec)
      : sock_(sock),
        read_timeout_ms_(static_cast<int>(read_timeout_sec * 1000 + read_timeout_usec / 1000)),
        input_(new char[kInputBufferBytes]),  // uninitialised: only the bytes used are touched
        remote_(peer_endpoint(sock)),
        local_(local_endpoint(sock)) {}

  bool is_readable() const override {
    if (has_buffered_input()) return true;
    pollfd ready{sock_, POLLIN, 0};
    return ::poll(&ready, 1, read_timeout_ms_) > 0;
  }
  // A send reports a gone peer itself (EPIPE, without SIGPIPE).
  bool is_writable() const override { return true; }

  ssize_t read(char* destination, std::size_t size) override {
    if (!has_buffered_input()) {
      // The peer may be waiting on what we wrote (an interim "100 Continue") before it sends.
      if (!flush()) return -1;
      if (size >= kInputBufferBytes) return receive(destination, size);
      const ssize_t received = receive(input_.get(), kInputBufferBytes);
      if (received <= 0) return received;
      input_begin_ = 0;
      input_end_ = static_cast<std::size_t>(received);
    }
    const std::size_t taken = std::min(size, input_end_ - input_begin_);
    std::memcpy(destination, input_.get() + input_begin_, taken);
    input_begin_ += taken;
    return static_cast<ssize_t>(taken);
  }

  ssize_t write(const char* source, std::size_t size) override {
    output_.append(source, size);
    if (output_.size() >= kOutputFlushBytes && !flush()) return -1;
    return static_cast<ssize_t>(size);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = remote_.ip;
    port = remote_.port;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = local_.ip;
    port = local_.port;
  }
  socket_t socket() const override { return sock_; }

  bool has_buffered_input() const { return input_begin_ < input_end_; }

  // Sends what write() gathered; false when the peer is gone or the write timed out.
  bool flush() {
    std::size_t sent = 0;
    while (sent < output_.size()) {
      const ssize_t written =
          ::send(sock_, output_.data() + sent, output_.size() - sent, MSG_NOSIGNAL);
      if (written < 0 && errno == EINTR) continue;
      if (written <= 0) break;
      sent += static_cast<std::size_t>(written);
    }
    const bool complete = sent == output_.size();
    output_.clear();
    return complete;
  }

 private:
  ssize_t receive(char* destination, std::size_t size) {
    while (true) {
      const ssize_t received = ::recv(sock_, destination, size, 0);
      if (received >= 0 || errno != EINTR) return received;
    }
  }

  int sock_;
  int read_timeout_ms_;
  std::unique_ptr<char[]> input_;
  std::size_t input_begin_ = 0;
  std::size_t input_end_ = 0;
  std::string output_;
  Endpoint remote_;
  Endpoint local_;
};

// Waits until the next request's first bytes are there: false when the keep-alive timeout
// passes, the socket fails, or the server stops listening.
bool wait_for_request(ConnectionStream& stream, const std::atomic<socket_t>& listening,
                      time_t keep_alive_timeout_sec) {
  if (stream.has_buffered_input()) return true;  // a pipelined request
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(keep_alive_timeout_sec);
  while (listening != INVALID_SOCKET) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd ready{stream.socket(), POLLIN, 0};
    const int polled =
        ::poll(&ready, 1, static_cast<int>(std::min<std::int64_t>(left.count(), kStopCheckMs)));
    if (polled > 0) return true;  // bytes, or a hang-up the read will report
    if (polled < 0 && errno != EINTR) return false;
  }
  return false;
}

}  // namespace

namespace {

// Handlers run on their connection's thread, inside process_request: a flag of that thread is
// what the connection loop reads after each request.
thread_local bool close_requested = false;

}  // namespace

void BufferedHttpServer::close_after_response() { close_requested = true; }

bool BufferedHttpServer::process_and_close_socket(socket_t sock) {
  set_timeout(sock, SO_RCVTIMEO, read_timeout_sec_, read_timeout_usec_);
  set_timeout(sock, SO_SNDTIMEO, write_timeout_sec_, write_timeout_usec_);
  bool served = false;
  {
    ConnectionStream stream(sock, read_timeout_sec_, read_timeout_usec_);
    for (std::size_t left = keep_alive_max_count_;
         left > 0 && wait_for_request(stream, svr_sock_, keep_alive_timeout_sec_); --left) {
      bool connection_closed = false;
      close_requested = false;
      // The last request allowed on this connection is answered with "Connection: close".
      served = process_request(stream, left == 1, connection_closed, nullptr);
      served = stream.flush() && served;
      if (!served || connection_closed || close_requested) break;
    }
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return served;
}

}  // namespace issuelint
