// The small, independent tasks a cloud server answers, each in an optimised form
// (what the server runs) and a plain reference twin (what the client checks the
// answer with). Payloads and answers are little-endian bytes, as on the wire.
//
//   task    payload                         answer                       counted work (task_operations)
//   hash    n bytes                         32-bit hash (murmur3 x86_32) 8 INT32 ops per 4-byte block + 12
//   sort    n int32                         the n values, ascending      n·⌈log₂ n⌉ compare-exchanges
//   parse   "key=int;key=int;…" text        count and sum of the values  4 INT32 ops per byte
//   vector  2·n fp32 (a then b)             a·b, |a|², |b|² (fp32)      6·n FP32 ops
//   wait    4-byte microseconds             the same 4 bytes, later      0 (an IO wait: a backend call)
//
// The counts are the ones the benchmark's delivered-OP/s figure uses (docs/cloud.md); they count
// the arithmetic the task needs, not the instructions a compiler emits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace suanli::kernels::serving {

enum class Task : std::uint16_t { hash = 1, sort = 2, parse = 3, vector = 4, wait = 5 };

std::optional<Task> task_from_code(std::uint16_t code);
std::string_view task_name(Task task);

// The answer, or nullopt when the payload is not a valid one for the task (a size
// that is not a whole number of elements, a record that does not parse).
std::optional<std::vector<std::uint8_t>> answer(Task task, std::span<const std::uint8_t> payload);
std::optional<std::vector<std::uint8_t>> answer_reference(Task task, std::span<const std::uint8_t> payload);

// What a client holds to check a reply quickly: the reference's answer, and for
// vector the tolerance of each of its three sums (0 elsewhere: exact).
struct ExpectedAnswer {
  std::optional<std::vector<std::uint8_t>> bytes;  // nullopt: the task must refuse the payload
  double tolerance[3] = {0, 0, 0};
};
ExpectedAnswer expected_answer(Task task, std::span<const std::uint8_t> payload);
bool matches(const ExpectedAnswer& expected, const std::optional<std::vector<std::uint8_t>>& reply);

// Whether `reply` is the right answer for the payload: equal to the reference's for
// the integer tasks and wait; for vector within the FP32 summation bound
// (n+8)·2⁻²⁴·Σ|terms| of each of the three sums. A payload the task refuses must
// have been refused (reply nullopt).
bool answer_is_right(Task task, std::span<const std::uint8_t> payload,
                     const std::optional<std::vector<std::uint8_t>>& reply);

// The work the task counts for a payload of this size (see the table): INT32 ops
// for hash, sort, parse; FP32 ops for vector.
double task_operations(Task task, std::size_t payload_bytes);

// A payload for the task, drawn from `seed`: `elements` bytes (hash), int32 values
// (sort), key=value fields (parse), float pairs (vector), or the microseconds to wait.
std::vector<std::uint8_t> make_payload(Task task, std::size_t elements, std::uint64_t seed);

}  // namespace suanli::kernels::serving
