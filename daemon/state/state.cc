// StateRecord encoding (format version 1), all integers little-endian:
//   u8 version, u8 flags (bit 0: root_id == id, so a canonical does not repeat its id),
//   varint+bytes id, [varint+bytes root_id], i64 event_ms, u64 source, u64 fingerprint_id,
//   u64 exact.low, u64 exact.high, 4 x (varint count + u32 values): minhash, lead, numbers,
//   names, u32 place, varint day, shingles, tokens, numeric_tokens.
// Signature values are random 32-bit hashes, so they are stored fixed-width (a varint would
// only grow them). Decoding reads exactly the bytes given: a short or long buffer is an error.
#include "newsdedup/state/state.h"

#include <bit>
#include <cstring>

#include "newsdedup/fingerprint/fingerprinter.h"

namespace newsdedup::state {
namespace {

constexpr uint8_t kFlagRootIsId = 1;

void put_varint(uint64_t v, std::string& out) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

template <class T>
void put_fixed(T v, std::string& out) {
  char b[sizeof(T)];
  for (size_t i = 0; i < sizeof(T); ++i)
    b[i] = static_cast<char>((static_cast<uint64_t>(v) >> (8 * i)) & 0xff);
  out.append(b, sizeof(T));
}

void put_bytes(std::string_view s, std::string& out) {
  put_varint(s.size(), out);
  out.append(s);
}

void put_u32s(const std::vector<uint32_t>& v, std::string& out) {
  put_varint(v.size(), out);
  if constexpr (std::endian::native == std::endian::little) {
    out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(uint32_t));
  } else {
    for (const uint32_t x : v) put_fixed(x, out);
  }
}

// A bounds-checked cursor: every read fails (and stays failed) once the bytes run out.
class Reader {
 public:
  explicit Reader(std::string_view b) : p_(b.data()), end_(b.data() + b.size()) {}

  bool ok() const { return ok_; }
  bool at_end() const { return p_ == end_; }
  size_t left() const { return static_cast<size_t>(end_ - p_); }
  const char* what() const { return what_; }

  bool fail(const char* what) {
    if (ok_) what_ = what;
    ok_ = false;
    return false;
  }

  bool varint(uint64_t& v, const char* what) {
    v = 0;
    if (!ok_) return false;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) return fail(what);
      const auto byte = static_cast<uint8_t>(*p_++);
      // The tenth byte may carry only the top bit of a 64-bit value.
      if (shift == 63 && byte > 1) return fail(what);
      v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return fail(what);
  }

  bool varint32(uint32_t& v, const char* what) {
    uint64_t x = 0;
    if (!varint(x, what)) return false;
    if (x > UINT32_MAX) return fail(what);
    v = static_cast<uint32_t>(x);
    return true;
  }

  template <class T>
  bool fixed(T& v, const char* what) {
    if (!ok_) return false;
    if (left() < sizeof(T)) return fail(what);
    uint64_t x = 0;
    for (size_t i = 0; i < sizeof(T); ++i)
      x |= static_cast<uint64_t>(static_cast<uint8_t>(p_[i])) << (8 * i);
    p_ += sizeof(T);
    v = static_cast<T>(x);
    return true;
  }

  bool bytes(std::string& s, const char* what) {
    uint64_t n = 0;
    if (!varint(n, what)) return false;
    if (n > left()) return fail(what);
    s.assign(p_, static_cast<size_t>(n));
    p_ += n;
    return true;
  }

  bool u32s(std::vector<uint32_t>& v, const char* what) {
    uint64_t n = 0;
    if (!varint(n, what)) return false;
    // Checked before allocating: a corrupt count never reserves more than the bytes left.
    if (n > left() / sizeof(uint32_t)) return fail(what);
    v.resize(static_cast<size_t>(n));
    if constexpr (std::endian::native == std::endian::little) {
      // An empty vector's data() may be null, and memcpy(nullptr, ..., 0) is undefined (UBSan).
      if (!v.empty()) std::memcpy(v.data(), p_, v.size() * sizeof(uint32_t));
      p_ += v.size() * sizeof(uint32_t);
    } else {
      for (uint32_t& x : v) (void)fixed(x, what);
    }
    return true;
  }

 private:
  const char* p_;
  const char* end_;
  bool ok_ = true;
  const char* what_ = "";
};

// splitmix64's finalizer: spreads partition and offset over all 64 bits.
uint64_t mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

}  // namespace

bool StateRecord::operator==(const StateRecord& o) const {
  const Fingerprint& a = fp;
  const Fingerprint& b = o.fp;
  return id == o.id && root_id == o.root_id && event_ms == o.event_ms && source == o.source &&
         fingerprint_id == o.fingerprint_id && a.exact == b.exact && a.minhash == b.minhash &&
         a.lead == b.lead && a.numbers == b.numbers && a.names == b.names && a.place == b.place &&
         a.day == b.day && a.shingles == b.shingles && a.tokens == b.tokens &&
         a.numeric_tokens == b.numeric_tokens;
}

const char* applied_name(Applied a) noexcept {
  switch (a) {
    case Applied::kInserted:
      return "inserted";
    case Applied::kKnown:
      return "known";
    case Applied::kExpired:
      return "expired";
    case Applied::kIncompatible:
      return "incompatible";
  }
  return "unknown";
}

uint64_t source_key(std::string_view topic, int32_t partition, int64_t offset) noexcept {
  uint64_t x = fingerprint::stable_hash(topic);
  x = mix(x ^ static_cast<uint32_t>(partition));
  x = mix(x ^ static_cast<uint64_t>(offset));
  return x != 0 ? x : 1;  // 0 means "no source" (offline mode)
}

uint64_t fingerprint_config_id(const config::FingerprintConfig& c) {
  std::string key = "fingerprint_version=" + std::to_string(fingerprint::kFingerprintVersion);
  key += ";shingle_size=" + std::to_string(c.shingle_size);
  key += ";permutations=" + std::to_string(c.permutations);
  key += ";lead_tokens=" + std::to_string(c.lead_tokens);
  key += ";lead_permutations=" + std::to_string(c.lead_permutations);
  key += ";seed=" + std::to_string(c.seed);
  key += ";max_numbers=" + std::to_string(c.max_numbers);
  key += ";max_names=" + std::to_string(c.max_names);
  key += ";minhash=" + c.minhash;
  const uint64_t h = fingerprint::stable_hash(key);
  return h != 0 ? h : 1;
}

void encode(const StateRecord& r, std::string& out) {
  const Fingerprint& fp = r.fp;
  out.reserve(out.size() + 64 + r.id.size() + r.root_id.size() +
              4 * (fp.minhash.size() + fp.lead.size() + fp.numbers.size() + fp.names.size()));
  const bool root_is_id = r.root_id == r.id;
  out.push_back(static_cast<char>(kStateFormatVersion));
  out.push_back(static_cast<char>(root_is_id ? kFlagRootIsId : 0));
  put_bytes(r.id, out);
  if (!root_is_id) put_bytes(r.root_id, out);
  put_fixed(static_cast<uint64_t>(r.event_ms), out);
  put_fixed(r.source, out);
  put_fixed(r.fingerprint_id, out);
  put_fixed(fp.exact.low, out);
  put_fixed(fp.exact.high, out);
  put_u32s(fp.minhash, out);
  put_u32s(fp.lead, out);
  put_u32s(fp.numbers, out);
  put_u32s(fp.names, out);
  put_fixed(fp.place, out);
  put_varint(fp.day, out);
  put_varint(fp.shingles, out);
  put_varint(fp.tokens, out);
  put_varint(fp.numeric_tokens, out);
}

Status decode(std::string_view bytes, StateRecord& out) {
  if (bytes.empty()) return Error{ErrorCode::kIo, "state record: empty"};
  const auto version = static_cast<uint8_t>(bytes[0]);
  if (version != kStateFormatVersion) {
    return Error{ErrorCode::kConfig, "state record: format version " + std::to_string(version) +
                                         ", this build reads " +
                                         std::to_string(kStateFormatVersion)};
  }
  Reader in(bytes.substr(1));
  uint8_t flags = 0;
  if (in.fixed(flags, "flags") && (flags & ~kFlagRootIsId) != 0) in.fail("flags");
  Fingerprint& fp = out.fp;
  uint64_t event_ms = 0;
  in.bytes(out.id, "id");
  if ((flags & kFlagRootIsId) != 0) {
    out.root_id = out.id;
  } else {
    in.bytes(out.root_id, "root_id");
  }
  // Each read is a no-op once one failed, so the first failure names the field.
  in.fixed(event_ms, "event_ms");
  in.fixed(out.source, "source");
  in.fixed(out.fingerprint_id, "fingerprint_id");
  in.fixed(fp.exact.low, "exact");
  in.fixed(fp.exact.high, "exact");
  in.u32s(fp.minhash, "minhash");
  in.u32s(fp.lead, "lead");
  in.u32s(fp.numbers, "numbers");
  in.u32s(fp.names, "names");
  in.fixed(fp.place, "place");
  in.varint32(fp.day, "day");
  in.varint32(fp.shingles, "shingles");
  in.varint32(fp.tokens, "tokens");
  in.varint32(fp.numeric_tokens, "numeric_tokens");
  out.event_ms = static_cast<int64_t>(event_ms);
  if (!in.ok()) {
    return Error{ErrorCode::kIo, std::string("state record: truncated or corrupt at ") + in.what()};
  }
  if (!in.at_end()) {
    return Error{ErrorCode::kIo,
                 "state record: " + std::to_string(in.left()) + " bytes after the record"};
  }
  return {};
}

}  // namespace newsdedup::state
