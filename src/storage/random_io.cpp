#include "storage/random_io.hpp"

#include <fcntl.h>
#include <liburing.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/timer.hpp"

namespace suanli::storage {

namespace {

struct Ring {
  explicit Ring(unsigned depth) {
    const int rc = io_uring_queue_init(depth, &ring, 0);
    if (rc < 0) throw RunError(fmt::format("io: io_uring_queue_init({}): {}", depth, std::strerror(-rc)));
  }
  ~Ring() { io_uring_queue_exit(&ring); }
  Ring(const Ring&) = delete;
  Ring& operator=(const Ring&) = delete;
  io_uring ring{};
};

struct Fd {
  Fd(const std::string& path, CacheDefeat defeat) {
    fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC | (defeat == CacheDefeat::direct ? O_DIRECT : 0));
    if (fd < 0) throw RunError(fmt::format("io: open '{}': {}", path, std::strerror(errno)));
  }
  ~Fd() { ::close(fd); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int fd = -1;
};

struct Slot {
  std::uint64_t sector = 0;
  unsigned buffer = 0;
  double start = 0;
};

}  // namespace

RandomOutcome run_random(const std::string& path, CacheDefeat defeat, const DataPattern& pattern,
                         const RandomSpec& spec, std::vector<std::uint32_t>& generations,
                         const std::function<bool()>& stop) {
  const std::uint64_t sectors = spec.file_bytes / sector_bytes;
  if (sectors == 0 || generations.size() < sectors || spec.depth == 0)
    throw RunError("io: random test needs a written file and a queue depth of at least 1");
  const Fd file(path, defeat);
  Ring ring(spec.depth);
  // Twice the depth in buffers: a completed read is checked after its slot has gone back to
  // the device with a spare buffer, so the check overlaps the IO instead of delaying it.
  const unsigned buffer_count = 2 * spec.depth;
  AlignedBuffer buffers(static_cast<std::size_t>(buffer_count) * sector_bytes);
  std::vector<unsigned> spare;
  for (unsigned b = buffer_count; b > spec.depth; --b) spare.push_back(b - 1);
  std::vector<Slot> slots(spec.depth);
  std::uint64_t state = spec.seed;
  RandomOutcome out;
  out.latencies_s.reserve(1u << 16);
  const auto buffer_at = [&](unsigned b) { return buffers.data() + static_cast<std::size_t>(b) * sector_bytes; };

  const auto prepare = [&](unsigned i, unsigned b) {
    const std::uint64_t sector = splitmix64(state) % sectors;
    std::byte* buffer = buffer_at(b);
    io_uring_sqe* sqe = io_uring_get_sqe(&ring.ring);  // never null: at most depth in flight
    const std::uint64_t offset = sector * sector_bytes;
    if (spec.write) {
      pattern.fill(buffer, offset, sector_bytes, spec.generation);
      generations[sector] = spec.generation;
      io_uring_prep_write(sqe, file.fd, buffer, sector_bytes, offset);
    } else {
      io_uring_prep_read(sqe, file.fd, buffer, sector_bytes, offset);
    }
    io_uring_sqe_set_data64(sqe, i);
    slots[i].sector = sector;
    slots[i].buffer = b;
  };

  for (unsigned i = 0; i < spec.depth; ++i) prepare(i, i);
  const double start = now_seconds();
  const double end = start + spec.seconds;
  for (Slot& slot : slots) slot.start = start;
  unsigned in_flight = spec.depth;
  std::string error;  // the first failure: no new requests, the ones in flight drain, then it is thrown
  double last = start;
  int rc = io_uring_submit(&ring.ring);
  if (rc < 0) {
    // Nothing reached the kernel: no buffer is in use.
    throw RunError(fmt::format("io: io_uring_submit: {}", std::strerror(-rc)));
  }
  // One completion at a time, its replacement submitted at once, as fio does (iodepth_batch_submit=1):
  // reaping every completion and resubmitting them together left the device's queue short for the
  // length of the batch and cost 15% of the IOPS here (70 k against fio's 83 k at depth 16).
  while (in_flight > 0) {
    io_uring_cqe* cqe = nullptr;
    rc = io_uring_wait_cqe(&ring.ring, &cqe);
    if (rc == -EINTR) continue;
    if (rc < 0) throw RunError(fmt::format("io: io_uring_wait_cqe: {}", std::strerror(-rc)));
    const double now = now_seconds();
    const bool more = error.empty() && now < end && !stop();
    const unsigned i = static_cast<unsigned>(io_uring_cqe_get_data64(cqe));
    const Slot slot = slots[i];
    bool check = false;
    if (cqe->res != static_cast<int>(sector_bytes)) {
      if (error.empty())
        error = fmt::format("io: random {} of 4096 bytes at offset {} of '{}': {}", spec.write ? "write" : "read",
                            slot.sector * sector_bytes, path,
                            cqe->res < 0 ? std::strerror(-cqe->res) : fmt::format("{} bytes", cqe->res));
      spare.push_back(slot.buffer);
    } else {
      ++out.operations;
      out.latencies_s.push_back(now - slot.start);
      if (spec.write) spare.push_back(slot.buffer);
      else check = true;
    }
    io_uring_cqe_seen(&ring.ring, cqe);
    last = now;
    if (more && error.empty()) {
      const unsigned b = spare.back();
      spare.pop_back();
      prepare(i, b);
      slots[i].start = now_seconds();
      rc = io_uring_submit(&ring.ring);
      if (rc < 0) {
        // The kernel did not take it: it is not in flight.
        if (error.empty()) error = fmt::format("io: io_uring_submit: {}", std::strerror(-rc));
        --in_flight;
        spare.push_back(b);
      }
    } else {
      --in_flight;
    }
    // The read just completed, checked while the device works on its replacement.
    if (check) {
      out.bad_blocks +=
          pattern.bad_sectors(buffer_at(slot.buffer), slot.sector * sector_bytes, sector_bytes, generations[slot.sector]) != 0;
      spare.push_back(slot.buffer);
    }
  }
  if (!error.empty()) throw RunError(error);
  out.seconds = last - start;
  return out;
}

}  // namespace suanli::storage
