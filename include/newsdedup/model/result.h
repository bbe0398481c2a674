// Result<T>: a value or a typed error, returned by every fallible call on the per-record path.
// No exceptions cross module boundaries (DESIGN.md "Errors"). Plain value type, not thread-safe.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace newsdedup {

// Why a record or a config could not be used. Stable names: they are Kafka header values,
// metric labels and offline error lines.
enum class ErrorCode : unsigned char {
  kOk = 0,
  kMalformedJson,  // not JSON, truncated JSON, trailing garbage
  kInvalidUtf8,    // bytes that are not UTF-8 anywhere in the record
  kNotAnObject,    // the record is JSON but not an object
  kMissingField,   // a required field (id, body) is absent or null
  kWrongType,      // a field has another JSON type than a string
  kEmptyField,     // a required field is an empty string
  kTooLarge,       // the record or its body exceeds the configured size limit
  kTooDeep,        // nesting beyond the parser's depth limit
  kDuplicateKey,   // a mapped field appears twice in the record
  kConfig,         // configuration error (path: reason)
  kIo,             // file or network I/O
  kInternal,       // a broken invariant; never caused by input
};

// "malformed_json", "invalid_utf8", ...: the reason label used in headers and metrics.
const char* error_code_name(ErrorCode code) noexcept;

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // human-readable context, e.g. "field /body: expected string, got number"
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit on purpose
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit on purpose

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success or an error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit on purpose
  bool ok() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_{ErrorCode::kOk, {}};
  bool ok_ = true;
};

}  // namespace newsdedup
