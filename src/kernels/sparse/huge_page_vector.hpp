// std::vector storage on 2 MiB boundaries with transparent huge pages asked for,
// for HPCG's matrices and vectors (hundreds of MiB a rank). With 4 KiB pages
// every first touch is a page fault, about a quarter of a million a GiB, and on
// a VM they cost seconds of the setup and layout-building time HPCG charges to
// the rating; the kernels, streaming the matrix, also miss the TLB every 4 KiB.
// Only advice: where huge pages are off the kernel uses small ones.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

namespace suanli::kernels::sparse {

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr std::size_t huge_page_bytes = std::size_t{2} << 20;

  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    const std::size_t alignment = bytes >= huge_page_bytes ? huge_page_bytes : 64;
    const std::size_t rounded = (bytes + alignment - 1) / alignment * alignment;
    void* p = std::aligned_alloc(alignment, rounded == 0 ? alignment : rounded);
    if (!p) throw std::bad_alloc();
    if (alignment == huge_page_bytes) madvise(p, rounded, MADV_HUGEPAGE);
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t) noexcept { std::free(p); }

  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
};

template <typename T>
using HugePageVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace suanli::kernels::sparse
