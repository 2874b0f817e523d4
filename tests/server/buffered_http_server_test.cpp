// BufferedHttpServer: cpp-httplib's request handling over our own connection loop and socket
// stream. These pin what the replacement must keep: requests split or pipelined on the wire,
// interim 100 Continue, keep-alive limits, timeouts, stop, and the peer's address.
#include "bot/server/buffered_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include "tests/server/server_test_support.h"

namespace issuelint {
namespace {

using Clock = std::chrono::steady_clock;

// What /echo answers for a body: its size, first and last 16 bytes (enough to tell a body
// that arrived whole from one cut short or reordered).
std::string echo_of(const std::string& body) {
  const std::size_t tail = std::min<std::size_t>(16, body.size());
  return std::to_string(body.size()) + ":" + body.substr(0, 16) + ":" +
         body.substr(body.size() - tail);
}

// A BufferedHttpServer on 127.0.0.1 with a few routes, running on its own thread.
class RunningServer {
 public:
  explicit RunningServer(const std::function<void(BufferedHttpServer&)>& configure = {}) {
    http_.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(echo_of(req.body), "text/plain");
    });
    http_.Get("/path/(.*)", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.matches[1], "text/plain");
    });
    http_.Get("/peer", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.remote_addr + " " + std::to_string(req.remote_port) + " " +
                          req.local_addr + " " + std::to_string(req.local_port),
                      "text/plain");
    });
    http_.Get("/big", [](const httplib::Request&, httplib::Response& res) {
      std::string body;
      for (int i = 0; body.size() < 200'000; ++i) body += std::to_string(i) + ",";
      res.set_content(body, "text/plain");
    });
    http_.set_read_timeout(5, 0);
    if (configure) configure(http_);
    port_ = http_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { http_.listen_after_bind(); });
    test::eventually([this] { return http_.is_running(); }, std::chrono::seconds(5));
  }
  ~RunningServer() { stop(); }

  void stop() {
    http_.stop();
    if (thread_.joinable()) thread_.join();
  }
  int port() const { return port_; }

 private:
  BufferedHttpServer http_;
  int port_ = 0;
  std::thread thread_;
};

// A plain TCP client, for what httplib::Client will not do on the wire.
class RawConnection {
 public:
  explicit RawConnection(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const int yes = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    set_receive_timeout(std::chrono::seconds(5));
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return connected_; }

  void set_receive_timeout(std::chrono::milliseconds limit) {
    timeval timeout{static_cast<time_t>(limit.count() / 1000),
                    static_cast<suseconds_t>(limit.count() % 1000 * 1000)};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }

  bool send_all(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

  // The local port this client connected from.
  int local_port() const {
    sockaddr_in address{};
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    return ntohs(address.sin_port);
  }

  // Reads until `marker` has arrived (kept for the next read after it); nullopt on close or
  // timeout.
  std::optional<std::string> read_through(const std::string& marker) {
    while (pending_.find(marker) == std::string::npos) {
      if (!receive_more()) return std::nullopt;
    }
    const std::size_t end = pending_.find(marker) + marker.size();
    std::string head = pending_.substr(0, end);
    pending_.erase(0, end);
    return head;
  }

  // One whole response with a Content-Length: its head and body.
  struct Response {
    std::string head;
    std::string body;
  };
  std::optional<Response> read_response() {
    std::optional<std::string> head = read_through("\r\n\r\n");
    if (!head) return std::nullopt;
    const std::size_t at = head->find("Content-Length: ");
    const std::size_t length = at == std::string::npos ? 0 : std::stoul(head->substr(at + 16));
    while (pending_.size() < length) {
      if (!receive_more()) return std::nullopt;
    }
    Response response{*head, pending_.substr(0, length)};
    pending_.erase(0, length);
    return response;
  }

  // True when the server closed the connection (recv returns 0) within the receive timeout.
  bool closed_by_server() {
    char byte = 0;
    return pending_.empty() && ::recv(fd_, &byte, 1, 0) == 0;
  }

 private:
  bool receive_more() {
    char buffer[8192];
    const ssize_t got = ::recv(fd_, buffer, sizeof buffer, 0);
    if (got <= 0) return false;
    pending_.append(buffer, static_cast<std::size_t>(got));
    return true;
  }

  int fd_;
  bool connected_ = false;
  std::string pending_;
};

std::string get_request(const std::string& path) {
  return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
}

std::string post_head(std::size_t length, const std::string& extra = "") {
  return "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n" + extra +
         "Content-Length: " + std::to_string(length) + "\r\n\r\n";
}

std::string patterned_body(std::size_t size) {
  std::string body;
  for (std::size_t i = 0; i < size; ++i) body += static_cast<char>('a' + i * 7 % 26);
  return body;
}

TEST_CASE("a request that arrives a few bytes at a time is read whole", "[server][http]") {
  RunningServer server;
  RawConnection client(server.port());
  REQUIRE(client.connected());
  const std::string body = patterned_body(40'000);  // more than the stream's 32 KB buffer
  const std::string request = post_head(body.size()) + body;
  for (std::size_t at = 0; at < request.size(); at += 1531) {
    REQUIRE(client.send_all(request.substr(at, 1531)));
    if (at % (1531 * 8) == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const auto response = client.read_response();
  REQUIRE(response);
  CHECK(response->head.rfind("HTTP/1.1 200 OK", 0) == 0);
  CHECK(response->body == echo_of(body));
}

TEST_CASE("pipelined requests on one connection are answered in order", "[server][http]") {
  RunningServer server;
  RawConnection client(server.port());
  REQUIRE(client.connected());
  const std::string body = patterned_body(5'000);
  REQUIRE(client.send_all(get_request("/path/first") + post_head(body.size()) + body +
                          get_request("/path/third")));
  const auto first = client.read_response();
  const auto second = client.read_response();
  const auto third = client.read_response();
  REQUIRE(first);
  REQUIRE(second);
  REQUIRE(third);
  CHECK(first->body == "first");
  CHECK(second->body == echo_of(body));
  CHECK(third->body == "third");
}

TEST_CASE("an Expect: 100-continue request is told to go on before its body is read",
          "[server][http]") {
  RunningServer server;
  RawConnection client(server.port());
  REQUIRE(client.connected());
  const std::string body = patterned_body(20'000);
  REQUIRE(client.send_all(post_head(body.size(), "Expect: 100-continue\r\n")));
  // The server must send the interim answer now: it waits for the body, the client for it.
  client.set_receive_timeout(std::chrono::seconds(2));
  const auto interim = client.read_through("\r\n\r\n");
  REQUIRE(interim);
  CHECK(interim->rfind("HTTP/1.1 100 Continue", 0) == 0);
  REQUIRE(client.send_all(body));
  const auto response = client.read_response();
  REQUIRE(response);
  CHECK(response->body == echo_of(body));
}

TEST_CASE("a connection serves up to the keep-alive count, and its last answer closes it",
          "[server][http]") {
  RunningServer server([](BufferedHttpServer& http) { http.set_keep_alive_max_count(3); });
  RawConnection client(server.port());
  REQUIRE(client.connected());
  for (int i = 1; i <= 3; ++i) {
    INFO("request " << i);
    REQUIRE(client.send_all(get_request("/path/" + std::to_string(i))));
    const auto response = client.read_response();
    REQUIRE(response);
    CHECK(response->body == std::to_string(i));
    const bool says_close = response->head.find("Connection: close") != std::string::npos;
    CHECK(says_close == (i == 3));
  }
  CHECK(client.closed_by_server());
}

TEST_CASE("an idle keep-alive connection is closed after the keep-alive timeout",
          "[server][http]") {
  RunningServer server([](BufferedHttpServer& http) { http.set_keep_alive_timeout(1); });
  RawConnection client(server.port());
  REQUIRE(client.connected());
  REQUIRE(client.send_all(get_request("/path/x")));
  REQUIRE(client.read_response());
  const auto idle_since = Clock::now();
  CHECK(client.closed_by_server());
  const auto waited = Clock::now() - idle_since;
  CHECK(waited >= std::chrono::milliseconds(900));
  CHECK(waited < std::chrono::seconds(4));
}

TEST_CASE("stop does not wait out an idle keep-alive connection", "[server][http]") {
  RunningServer server([](BufferedHttpServer& http) { http.set_keep_alive_timeout(30); });
  RawConnection client(server.port());
  REQUIRE(client.connected());
  REQUIRE(client.send_all(get_request("/path/x")));
  REQUIRE(client.read_response());
  const auto stopping = Clock::now();
  server.stop();
  CHECK(Clock::now() - stopping < std::chrono::seconds(2));
  CHECK(client.closed_by_server());
}

TEST_CASE("a client that stalls inside a request is answered 400 at the read timeout",
          "[server][http]") {
  RunningServer server([](BufferedHttpServer& http) { http.set_read_timeout(0, 300'000); });
  RawConnection stalled(server.port());
  REQUIRE(stalled.connected());
  REQUIRE(stalled.send_all(post_head(1000) + "only part of the body"));
  const auto sent = Clock::now();
  const auto response = stalled.read_response();
  REQUIRE(response);
  CHECK(response->head.rfind("HTTP/1.1 400", 0) == 0);
  CHECK(Clock::now() - sent < std::chrono::seconds(3));
  // Others are served meanwhile and after.
  RawConnection other(server.port());
  REQUIRE(other.send_all(get_request("/path/fine")));
  const auto fine = other.read_response();
  REQUIRE(fine);
  CHECK(fine->body == "fine");
}

TEST_CASE("a handler sees both ends' addresses, the same on every request of a connection",
          "[server][http]") {
  RunningServer server;
  RawConnection client(server.port());
  REQUIRE(client.connected());
  const std::string expected = "127.0.0.1 " + std::to_string(client.local_port()) + " 127.0.0.1 " +
                               std::to_string(server.port());
  for (int i = 0; i < 2; ++i) {
    REQUIRE(client.send_all(get_request("/peer")));
    const auto response = client.read_response();
    REQUIRE(response);
    CHECK(response->body == expected);
  }
}

TEST_CASE("a response larger than the write buffer arrives whole", "[server][http]") {
  RunningServer server;
  httplib::Client client("127.0.0.1", server.port());
  auto result = client.Get("/big");
  REQUIRE(result);
  CHECK(result->status == 200);
  std::string expected;
  for (int i = 0; expected.size() < 200'000; ++i) expected += std::to_string(i) + ",";
  CHECK(result->body == expected);
}

TEST_CASE("a malformed request line gets 400", "[server][http]") {
  RunningServer server;
  RawConnection client(server.port());
  REQUIRE(client.connected());
  REQUIRE(client.send_all("NONSENSE\r\n\r\n"));
  const auto response = client.read_response();
  REQUIRE(response);
  CHECK(response->head.rfind("HTTP/1.1 400", 0) == 0);
}

}  // namespace
}  // namespace issuelint
