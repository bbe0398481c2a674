// parse: turns one raw record (JSON bytes) into an Article using simdjson ondemand and the
// configured field map. Never throws, never crashes on input: bad records get a typed error.
// A Parser is not thread-safe (it owns simdjson buffers); use one per thread.
#pragma once

#include <memory>
#include <string_view>

#include "newsdedup/config/config.h"
#include "newsdedup/model/article.h"

namespace newsdedup::parse {

class Parser {
 public:
  explicit Parser(const config::ParseConfig& config);
  ~Parser();
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  // Fills `out` (reusing its buffers) from `record`. On error `out` is unspecified except
  // `out.id`, which holds the record's id when it could be read (for error lines).
  [[nodiscard]] Status parse(std::string_view record, Article& out);

  // Size limits are live; field pointers are not.
  void set_limits(uint64_t max_record_bytes, uint64_t max_body_bytes);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses an RFC 3339 timestamp ("2025-03-04T09:15:00Z", offsets and fractions allowed) into
// milliseconds since the epoch; returns false when it is not one.
bool parse_rfc3339_ms(std::string_view text, int64_t& ms_out) noexcept;

}  // namespace newsdedup::parse
