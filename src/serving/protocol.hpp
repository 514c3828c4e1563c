// The wire format between `suanli cloud`'s load generator and its server: a
// 16-byte header and a payload, both ways, over a TCP stream. Little-endian, as
// the hosts it runs on; both ends are this binary.
//
//   request  magic 'SLRQ' | task (u16) | flags (u16, 0) | payload bytes (u32) | id (u32) | payload
//   reply    magic 'SLRP' | status (u16) | task (u16)   | payload bytes (u32) | id (u32) | answer
//
// A request whose magic is wrong (the stream has lost its framing) or whose payload
// is larger than the server takes gets an error reply and its connection is closed
// once the reply is sent; an unknown task or a payload the task refuses gets an error
// reply and the connection goes on.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace suanli::serving {

constexpr std::uint32_t request_magic = 0x51524c53;  // "SLRQ"
constexpr std::uint32_t reply_magic = 0x50524c53;    // "SLRP"
constexpr std::size_t header_bytes = 16;

enum class Status : std::uint16_t { ok = 0, malformed = 1, too_large = 2, unknown_task = 3, invalid_payload = 4 };

struct Header {
  std::uint32_t magic = 0;
  std::uint16_t code = 0;  // request: the task; reply: the status
  std::uint16_t extra = 0;  // request: flags; reply: the task
  std::uint32_t length = 0;
  std::uint32_t id = 0;
};
static_assert(sizeof(Header) == header_bytes);

inline Header read_header(const std::uint8_t* bytes) {
  Header h;
  std::memcpy(&h, bytes, header_bytes);
  return h;
}

inline void append_frame(std::vector<std::uint8_t>& out, const Header& h, std::span<const std::uint8_t> payload) {
  const std::size_t at = out.size();
  out.resize(at + header_bytes + payload.size());
  std::memcpy(out.data() + at, &h, header_bytes);
  if (!payload.empty()) std::memcpy(out.data() + at + header_bytes, payload.data(), payload.size());
}

}  // namespace suanli::serving
