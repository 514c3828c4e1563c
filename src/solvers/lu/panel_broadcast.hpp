// Broadcast of a factored panel (L and pivots) along a process row, split into start and finish
// so that look-ahead can send panel k+1 while the root goes on updating with panel k.
// Cost model for m bytes over Q processes in a row (α latency, β time per byte):
//   increasing_ring     root sends once, each process forwards once: (Q−1)(α + mβ) on the critical
//                       path but only m bytes out of the root, which is what lets it return to work.
//   bandwidth_reducing  root scatters m/(Q−1) to each other process, which then ring-allgather the
//                       pieces: about 2mβ + (Q−1)α, independent of Q for large panels (HPL's "long").
//   mpi_bcast           MPI_Ibcast: the library's choice (binomial tree: log2(Q)(α + mβ)).
#pragma once

#include <mpi.h>

#include <cstddef>
#include <vector>

namespace suanli::solvers::lu {

enum class PanelBroadcast { increasing_ring, bandwidth_reducing, mpi_bcast };

const char* to_string(PanelBroadcast variant);

// One panel's broadcast in flight. All processes of the row call start() (the root with the data,
// others with a buffer of the same size), then finish(); the buffer must live until finish().
class PanelBroadcastRequest {
 public:
  PanelBroadcastRequest() = default;
  PanelBroadcastRequest(const PanelBroadcastRequest&) = delete;
  PanelBroadcastRequest& operator=(const PanelBroadcastRequest&) = delete;
  ~PanelBroadcastRequest();

  // Root: posts its sends and returns at once. Others: only remember what to receive.
  void start(PanelBroadcast variant, std::byte* buffer, std::size_t bytes, int root, MPI_Comm row_comm);
  // Others: receive (and forward) the panel; the buffer is then complete. Sends stay in flight.
  // Returns the seconds spent blocked before the panel began to arrive (its owner was still
  // factoring it), the rest of the call being the transfer; 0 for mpi_bcast, which cannot tell.
  double finish();
  // Lets MPI move this process's sends along without waiting (Open MPI progresses a large message
  // only inside MPI calls): called between chunks of the update that look-ahead overlaps.
  void progress();
  // Waits for this process's sends: before the buffer is reused or freed.
  void release();
  bool active() const { return active_; }

 private:
  double finish_ring();
  double finish_bandwidth_reducing();
  // Blocks until a message from `source` has arrived or started to (its envelope): the wait.
  double wait_for(int source, int tag) const;

  PanelBroadcast variant_ = PanelBroadcast::increasing_ring;
  std::byte* buffer_ = nullptr;
  std::size_t bytes_ = 0;
  int root_ = 0;
  int me_ = 0;
  int size_ = 1;
  MPI_Comm comm_ = MPI_COMM_NULL;
  bool active_ = false;
  std::vector<MPI_Request> requests_;
};

}  // namespace suanli::solvers::lu
