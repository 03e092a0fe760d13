#pragma once

// The userland proxy of a published port, like docker-proxy: it binds the host address and
// port (which reserves the port, so a port in use fails here), and relays what reaches
// that socket to the container. DNAT handles traffic to other host addresses before it
// reaches the socket, so the proxy mostly serves connections to 127.0.0.1.
//
// TCP: a thread accepts; each connection gets a thread per direction that moves bytes
// with splice() through a pipe. UDP: one thread relays datagrams, with one connected
// socket per client address, dropped after 90 seconds without traffic (as docker-proxy).

#include "common/error.h"
#include "network/address.h"

#include <cstdint>
#include <memory>
#include <string>

namespace berth::network {

struct ProxyRequest {
    std::string protocol = "tcp"; // "tcp" or "udp"
    Ipv4Address hostIp;           // 0.0.0.0 for every address
    uint16_t hostPortFirst = 0;   // 0 binds an ephemeral port
    uint16_t hostPortLast = 0;    // the first port of the range that binds is used
    Ipv4Address containerAddress;
    uint16_t containerPort = 0;
};

class PortProxy {
public:
    // Binds and starts relaying. Conflict with Docker's text when the port is in use:
    // "Bind for 0.0.0.0:8080 failed: port is already allocated" when another proxy of this
    // process has bound it, "failed to bind host port 0.0.0.0:8080/tcp: address already in
    // use" when some other socket has.
    [[nodiscard]] static Result<std::unique_ptr<PortProxy>> start(const ProxyRequest& request);

    // Stops accepting, closes every relayed connection and joins the threads.
    virtual ~PortProxy() = default;

    [[nodiscard]] virtual uint16_t hostPort() const = 0;
};

} // namespace berth::network
