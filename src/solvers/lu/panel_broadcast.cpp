#include "solvers/lu/panel_broadcast.hpp"

namespace suanli::solvers::lu {
namespace {

constexpr int panel_tag = 7301;

// Piece c of `parts` equal pieces of [0, bytes): its offset and length.
std::size_t piece_begin(std::size_t bytes, int parts, int c) { return bytes * static_cast<std::size_t>(c) / parts; }
std::size_t piece_size(std::size_t bytes, int parts, int c) {
  return piece_begin(bytes, parts, c + 1) - piece_begin(bytes, parts, c);
}

}  // namespace

const char* to_string(PanelBroadcast variant) {
  switch (variant) {
    case PanelBroadcast::increasing_ring:
      return "increasing_ring";
    case PanelBroadcast::bandwidth_reducing:
      return "bandwidth_reducing";
    case PanelBroadcast::mpi_bcast:
      return "mpi_bcast";
  }
  return "unknown";
}

PanelBroadcastRequest::~PanelBroadcastRequest() { release(); }

void PanelBroadcastRequest::release() {
  if (!requests_.empty()) MPI_Waitall(static_cast<int>(requests_.size()), requests_.data(), MPI_STATUSES_IGNORE);
  requests_.clear();
}

void PanelBroadcastRequest::progress() {
  if (requests_.empty()) return;
  int done = 0;
  MPI_Testall(static_cast<int>(requests_.size()), requests_.data(), &done, MPI_STATUSES_IGNORE);
  if (done) requests_.clear();
}

void PanelBroadcastRequest::start(PanelBroadcast variant, std::byte* buffer, std::size_t bytes, int root,
                                  MPI_Comm row_comm) {
  variant_ = variant;
  buffer_ = buffer;
  bytes_ = bytes;
  root_ = root;
  comm_ = row_comm;
  MPI_Comm_rank(comm_, &me_);
  MPI_Comm_size(comm_, &size_);
  release();
  active_ = true;
  if (size_ == 1) return;
  const int count = static_cast<int>(bytes_);
  if (variant_ == PanelBroadcast::mpi_bcast) {
    // Nonblocking collectives must match nonblocking ones: every process posts MPI_Ibcast, the
    // root now, the others here too (they wait in finish()).
    requests_.emplace_back();
    MPI_Ibcast(buffer_, count, MPI_BYTE, root_, comm_, &requests_.back());
    return;
  }
  if (me_ != root_) return;
  if (variant_ == PanelBroadcast::increasing_ring || size_ == 2) {
    requests_.emplace_back();
    MPI_Isend(buffer_, count, MPI_BYTE, (root_ + 1) % size_, panel_tag, comm_, &requests_.back());
    return;
  }
  // Bandwidth reducing: piece c goes to the c-th process after the root.
  const int others = size_ - 1;
  for (int c = 0; c < others; ++c) {
    const int dest = (root_ + 1 + c) % size_;
    requests_.emplace_back();
    MPI_Isend(buffer_ + piece_begin(bytes_, others, c), static_cast<int>(piece_size(bytes_, others, c)), MPI_BYTE, dest,
              panel_tag, comm_, &requests_.back());
  }
}

double PanelBroadcastRequest::finish() {
  if (!active_) return 0;
  active_ = false;
  if (size_ == 1) return 0;
  if (variant_ == PanelBroadcast::mpi_bcast) {
    release();
    return 0;
  }
  if (me_ == root_) return 0;
  if (variant_ == PanelBroadcast::increasing_ring || size_ == 2) return finish_ring();
  return finish_bandwidth_reducing();
}

double PanelBroadcastRequest::wait_for(int source, int tag) const {
  const double start = MPI_Wtime();
  MPI_Probe(source, tag, comm_, MPI_STATUS_IGNORE);
  return MPI_Wtime() - start;
}

double PanelBroadcastRequest::finish_ring() {
  const int count = static_cast<int>(bytes_);
  const double waited = wait_for((me_ - 1 + size_) % size_, panel_tag);
  MPI_Recv(buffer_, count, MPI_BYTE, (me_ - 1 + size_) % size_, panel_tag, comm_, MPI_STATUS_IGNORE);
  const int next = (me_ + 1) % size_;
  if (next != root_) {
    requests_.emplace_back();
    MPI_Isend(buffer_, count, MPI_BYTE, next, panel_tag, comm_, &requests_.back());
  }
  return waited;
}

double PanelBroadcastRequest::finish_bandwidth_reducing() {
  // My position among the non-roots, in ring order after the root.
  const int others = size_ - 1;
  const int position = (me_ - root_ - 1 + size_) % size_;
  auto rank_of = [&](int pos) { return (root_ + 1 + pos) % size_; };
  const double waited = wait_for(root_, panel_tag);
  MPI_Recv(buffer_ + piece_begin(bytes_, others, position), static_cast<int>(piece_size(bytes_, others, position)),
           MPI_BYTE, root_, panel_tag, comm_, MPI_STATUS_IGNORE);
  // Ring allgather among the non-roots: at step s I pass on the piece that came from s places back.
  const int next = rank_of((position + 1) % others);
  const int prev = rank_of((position - 1 + others) % others);
  for (int step = 0; step < others - 1; ++step) {
    const int send_piece = (position - step + others) % others;
    const int recv_piece = (position - step - 1 + others) % others;
    MPI_Sendrecv(buffer_ + piece_begin(bytes_, others, send_piece),
                 static_cast<int>(piece_size(bytes_, others, send_piece)), MPI_BYTE, next, panel_tag + 1,
                 buffer_ + piece_begin(bytes_, others, recv_piece),
                 static_cast<int>(piece_size(bytes_, others, recv_piece)), MPI_BYTE, prev, panel_tag + 1, comm_,
                 MPI_STATUS_IGNORE);
  }
  return waited;
}

}  // namespace suanli::solvers::lu
