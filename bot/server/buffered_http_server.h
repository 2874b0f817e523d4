// An httplib::Server whose connections read through one buffer each and send each response in
// one system call.
//
// cpp-httplib 0.11 polls the socket before every 4 KB recv and, before every send, polls it for
// writing and peeks that the peer is still there; it also asks the kernel for both addresses on
// every request. A 16 KB webhook delivery cost ~20 system calls that way, and on a small VM the
// system calls are what the 202 path spends most on. Here a request costs the poll that waits
// for it, a recv or two, and one send; the addresses are asked once a connection. Routing,
// request parsing and response writing stay cpp-httplib's (`process_request`); only the
// connection loop and the socket stream are ours, the way its own SSLServer replaces them.
#pragma once

#include <httplib.h>

namespace issuelint {

class BufferedHttpServer : public httplib::Server {
 public:
  // Called from a handler (pre-routing included): the connection it runs on closes once this
  // response is sent. cpp-httplib 0.11 keeps a connection open whatever the response's
  // `Connection: close` says, so a request answered before its body was read would leave that
  // body on the socket, to be read as the next request.
  static void close_after_response();

 private:
  // The per-connection loop: keep-alive, the request count, timeouts, stop. Virtual in
  // httplib::Server (SSLServer overrides it too).
  bool process_and_close_socket(socket_t sock) override;
};

}  // namespace issuelint
