#include "kernels/serving/request_tasks.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <random>
#include <string>

namespace suanli::kernels::serving {
namespace {

using Bytes = std::vector<std::uint8_t>;

template <typename T>
std::vector<T> load(std::span<const std::uint8_t> payload) {
  std::vector<T> values(payload.size() / sizeof(T));
  std::memcpy(values.data(), payload.data(), values.size() * sizeof(T));
  return values;
}

template <typename T>
Bytes store(const std::vector<T>& values) {
  Bytes bytes(values.size() * sizeof(T));
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

// MurmurHash3 x86_32, seed 0: the optimised form reads 4-byte blocks with memcpy.
std::uint32_t murmur3(std::span<const std::uint8_t> data) {
  constexpr std::uint32_t c1 = 0xcc9e2d51, c2 = 0x1b873593;
  std::uint32_t h = 0;
  const std::size_t blocks = data.size() / 4;
  for (std::size_t i = 0; i < blocks; ++i) {
    std::uint32_t k;
    std::memcpy(&k, data.data() + 4 * i, 4);
    k *= c1;
    k = std::rotl(k, 15);
    k *= c2;
    h ^= k;
    h = std::rotl(h, 13);
    h = h * 5 + 0xe6546b64;
  }
  std::uint32_t k = 0;
  const std::uint8_t* tail = data.data() + 4 * blocks;
  switch (data.size() & 3) {
    case 3: k ^= static_cast<std::uint32_t>(tail[2]) << 16; [[fallthrough]];
    case 2: k ^= static_cast<std::uint32_t>(tail[1]) << 8; [[fallthrough]];
    case 1:
      k ^= tail[0];
      k *= c1;
      k = std::rotl(k, 15);
      k *= c2;
      h ^= k;
  }
  h ^= static_cast<std::uint32_t>(data.size());
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h;
}

// The reference: the same function written from its definition, byte by byte.
std::uint32_t murmur3_reference(std::span<const std::uint8_t> data) {
  auto rotate = [](std::uint32_t x, int r) { return (x << r) | (x >> (32 - r)); };
  std::uint32_t h = 0;
  std::size_t i = 0;
  for (; i + 4 <= data.size(); i += 4) {
    std::uint32_t k = data[i] | data[i + 1] << 8 | data[i + 2] << 16 | static_cast<std::uint32_t>(data[i + 3]) << 24;
    k = rotate(k * 0xcc9e2d51u, 15) * 0x1b873593u;
    h = rotate(h ^ k, 13) * 5 + 0xe6546b64u;
  }
  if (i < data.size()) {
    std::uint32_t k = 0;
    for (std::size_t j = data.size(); j-- > i;) k = k << 8 | data[j];
    h ^= rotate(k * 0xcc9e2d51u, 15) * 0x1b873593u;
  }
  h ^= static_cast<std::uint32_t>(data.size());
  h = (h ^ (h >> 16)) * 0x85ebca6bu;
  h = (h ^ (h >> 13)) * 0xc2b2ae35u;
  return h ^ (h >> 16);
}

Bytes hash_answer(std::uint32_t h) { return store(std::vector<std::uint32_t>{h}); }

// Small arrays: insertion sort below 32 values (what std::sort does at the leaves), std::sort above.
std::optional<Bytes> sort_answer(std::span<const std::uint8_t> payload) {
  if (payload.size() % 4 != 0) return std::nullopt;
  std::vector<std::int32_t> v = load<std::int32_t>(payload);
  if (v.size() < 32) {
    for (std::size_t i = 1; i < v.size(); ++i) {
      const std::int32_t x = v[i];
      std::size_t j = i;
      for (; j > 0 && v[j - 1] > x; --j) v[j] = v[j - 1];
      v[j] = x;
    }
  } else {
    std::sort(v.begin(), v.end());
  }
  return store(v);
}

std::optional<Bytes> sort_reference(std::span<const std::uint8_t> payload) {
  if (payload.size() % 4 != 0) return std::nullopt;
  std::vector<std::int32_t> v = load<std::int32_t>(payload);
  std::stable_sort(v.begin(), v.end());
  return store(v);
}

// "key=value;key=value": keys are letters, values optionally signed decimal int32; the answer is
// the field count and the wrapping sum of the values, as two int32.
std::optional<Bytes> parse_answer(std::span<const std::uint8_t> payload) {
  std::int32_t count = 0;
  std::uint32_t sum = 0;
  std::size_t i = 0;
  const std::size_t n = payload.size();
  while (i < n) {
    const std::size_t key_start = i;
    while (i < n && ((payload[i] | 0x20) >= 'a' && (payload[i] | 0x20) <= 'z')) ++i;
    if (i == key_start || i == n || payload[i] != '=') return std::nullopt;
    ++i;
    const bool negative = i < n && payload[i] == '-';
    if (negative) ++i;
    const std::size_t digits_start = i;
    std::int64_t value = 0;
    while (i < n && payload[i] >= '0' && payload[i] <= '9') {
      value = value * 10 + (payload[i] - '0');
      if (value > 2147483648LL) return std::nullopt;
      ++i;
    }
    if (i == digits_start || (!negative && value > 2147483647LL)) return std::nullopt;
    sum += static_cast<std::uint32_t>(negative ? -value : value);
    ++count;
    if (i < n) {
      if (payload[i] != ';' || i + 1 == n) return std::nullopt;
      ++i;
    }
  }
  return store(std::vector<std::int32_t>{count, std::bit_cast<std::int32_t>(sum)});
}

std::optional<Bytes> parse_reference(std::span<const std::uint8_t> payload) {
  const std::string text(payload.begin(), payload.end());
  std::int32_t count = 0;
  std::uint32_t sum = 0;
  std::size_t start = 0;
  if (text.empty()) return store(std::vector<std::int32_t>{0, 0});
  while (true) {
    const std::size_t end = std::min(text.find(';', start), text.size());
    const std::string field = text.substr(start, end - start);
    const std::size_t equals = field.find('=');
    if (equals == std::string::npos || equals == 0) return std::nullopt;
    for (std::size_t c = 0; c < equals; ++c)
      if (!std::isalpha(static_cast<unsigned char>(field[c]))) return std::nullopt;
    const std::string number = field.substr(equals + 1);
    const std::size_t digits = number.size() - (!number.empty() && number[0] == '-');
    if (digits == 0 || digits > 10 || number.find_first_not_of("0123456789", number[0] == '-') != std::string::npos)
      return std::nullopt;
    const long long value = std::stoll(number);
    if (value < -2147483648LL || value > 2147483647LL) return std::nullopt;
    sum += static_cast<std::uint32_t>(value);
    ++count;
    if (end == text.size()) break;
    start = end + 1;
    if (start == text.size()) return std::nullopt;
  }
  return store(std::vector<std::int32_t>{count, std::bit_cast<std::int32_t>(sum)});
}

// a·b, |a|², |b|² in FP32, accumulated in 8 lanes (vectorisable); the reference sums in double
// and rounds: the client accepts an FP32 answer within the summation bound (verify_answer).
std::optional<Bytes> vector_answer(std::span<const std::uint8_t> payload) {
  if (payload.size() % 8 != 0) return std::nullopt;
  const std::vector<float> v = load<float>(payload);
  const std::size_t n = v.size() / 2;
  const float* a = v.data();
  const float* b = v.data() + n;
  float dot[8] = {}, aa[8] = {}, bb[8] = {};
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (int l = 0; l < 8; ++l) {
      dot[l] += a[i + l] * b[i + l];
      aa[l] += a[i + l] * a[i + l];
      bb[l] += b[i + l] * b[i + l];
    }
  for (; i < n; ++i) {
    dot[0] += a[i] * b[i];
    aa[0] += a[i] * a[i];
    bb[0] += b[i] * b[i];
  }
  float result[3] = {0, 0, 0};
  for (int l = 0; l < 8; ++l) {
    result[0] += dot[l];
    result[1] += aa[l];
    result[2] += bb[l];
  }
  return store(std::vector<float>{result[0], result[1], result[2]});
}

std::optional<Bytes> vector_reference(std::span<const std::uint8_t> payload) {
  if (payload.size() % 8 != 0) return std::nullopt;
  const std::vector<float> v = load<float>(payload);
  const std::size_t n = v.size() / 2;
  double dot = 0, aa = 0, bb = 0;
  for (std::size_t i = 0; i < n; ++i) {
    dot += static_cast<double>(v[i]) * v[n + i];
    aa += static_cast<double>(v[i]) * v[i];
    bb += static_cast<double>(v[n + i]) * v[n + i];
  }
  return store(std::vector<float>{static_cast<float>(dot), static_cast<float>(aa), static_cast<float>(bb)});
}

std::optional<Bytes> wait_answer(std::span<const std::uint8_t> payload) {
  if (payload.size() != 4) return std::nullopt;
  return Bytes(payload.begin(), payload.end());
}

}  // namespace

std::optional<Task> task_from_code(std::uint16_t code) {
  if (code >= 1 && code <= 5) return static_cast<Task>(code);
  return std::nullopt;
}

std::string_view task_name(Task task) {
  switch (task) {
    case Task::hash: return "hash";
    case Task::sort: return "sort";
    case Task::parse: return "parse";
    case Task::vector: return "vector";
    case Task::wait: return "wait";
  }
  return "?";
}

std::optional<Bytes> answer(Task task, std::span<const std::uint8_t> payload) {
  switch (task) {
    case Task::hash: return hash_answer(murmur3(payload));
    case Task::sort: return sort_answer(payload);
    case Task::parse: return parse_answer(payload);
    case Task::vector: return vector_answer(payload);
    case Task::wait: return wait_answer(payload);
  }
  return std::nullopt;
}

std::optional<Bytes> answer_reference(Task task, std::span<const std::uint8_t> payload) {
  switch (task) {
    case Task::hash: return hash_answer(murmur3_reference(payload));
    case Task::sort: return sort_reference(payload);
    case Task::parse: return parse_reference(payload);
    case Task::vector: return vector_reference(payload);
    case Task::wait: return wait_answer(payload);
  }
  return std::nullopt;
}

ExpectedAnswer expected_answer(Task task, std::span<const std::uint8_t> payload) {
  ExpectedAnswer e;
  e.bytes = answer_reference(task, payload);
  if (task != Task::vector || !e.bytes) return e;
  const std::vector<float> v = load<float>(payload);
  const std::size_t n = v.size() / 2;
  double magnitude[3] = {0, 0, 0};
  for (std::size_t i = 0; i < n; ++i) {
    magnitude[0] += std::fabs(static_cast<double>(v[i]) * v[n + i]);
    magnitude[1] += static_cast<double>(v[i]) * v[i];
    magnitude[2] += static_cast<double>(v[n + i]) * v[n + i];
  }
  // Each FP32 sum of n products in 8 lanes and then across them: within (n + 8)·u·Σ|terms|
  // of the exact value, and the reference is within u of it.
  const double u = std::ldexp(1.0, -24);
  for (int k = 0; k < 3; ++k) e.tolerance[k] = (static_cast<double>(n) + 10) * u * magnitude[k];
  return e;
}

bool matches(const ExpectedAnswer& e, const std::optional<Bytes>& reply) {
  if (!e.bytes || !reply) return !e.bytes && !reply;
  if (e.tolerance[0] == 0 && e.tolerance[1] == 0 && e.tolerance[2] == 0) return *e.bytes == *reply;
  if (reply->size() != e.bytes->size() || reply->size() != 12) return false;
  const std::vector<float> got = load<float>(*reply), want = load<float>(*e.bytes);
  for (int k = 0; k < 3; ++k)
    if (!(std::fabs(static_cast<double>(got[k]) - want[k]) <= e.tolerance[k])) return false;
  return true;
}

bool answer_is_right(Task task, std::span<const std::uint8_t> payload, const std::optional<Bytes>& reply) {
  return matches(expected_answer(task, payload), reply);
}

double task_operations(Task task, std::size_t bytes) {
  const double n = static_cast<double>(bytes);
  switch (task) {
    case Task::hash: return 8.0 * std::floor(n / 4) + 12;
    case Task::sort: {
      const double values = n / 4;
      return values > 1 ? values * std::ceil(std::log2(values)) : 0;
    }
    case Task::parse: return 4.0 * n;
    case Task::vector: return 6.0 * (n / 8);
    case Task::wait: return 0;
  }
  return 0;
}

std::vector<std::uint8_t> make_payload(Task task, std::size_t elements, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  switch (task) {
    case Task::hash: {
      Bytes bytes(elements);
      for (auto& b : bytes) b = static_cast<std::uint8_t>(engine());
      return bytes;
    }
    case Task::sort: {
      std::vector<std::int32_t> v(elements);
      for (auto& x : v) x = static_cast<std::int32_t>(engine());
      return store(v);
    }
    case Task::parse: {
      std::string text;
      std::uniform_int_distribution<std::int32_t> value(-1000000, 1000000);
      for (std::size_t f = 0; f < elements; ++f) {
        if (f) text += ';';
        text += static_cast<char>('a' + f % 26);
        text += static_cast<char>('a' + (f / 26) % 26);
        text += '=' + std::to_string(value(engine));
      }
      return Bytes(text.begin(), text.end());
    }
    case Task::vector: {
      std::uniform_real_distribution<float> value(-1, 1);
      std::vector<float> v(2 * elements);
      for (auto& x : v) x = value(engine);
      return store(v);
    }
    case Task::wait: return store(std::vector<std::uint32_t>{static_cast<std::uint32_t>(elements)});
  }
  return {};
}

}  // namespace suanli::kernels::serving
