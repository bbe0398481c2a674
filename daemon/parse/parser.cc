// simdjson ondemand parsing of one record. Records whose field map is all top-level keys (the
// common case) are read in a single pass over the object; other maps use JSON pointers.
#include "newsdedup/parse/parser.h"

#include <simdjson.h>

#include <array>
#include <cstring>
#include <string>

#include "parse/nesting.h"

namespace newsdedup::parse {
namespace {

namespace od = simdjson::ondemand;

enum FieldIndex : size_t { kId, kTitle, kBody, kUrl, kSource, kPublishedAt, kLang, kFieldCount };

const char* json_type_name(od::json_type t) {
  switch (t) {
    case od::json_type::array:
      return "array";
    case od::json_type::object:
      return "object";
    case od::json_type::number:
      return "number";
    case od::json_type::string:
      return "string";
    case od::json_type::boolean:
      return "boolean";
    case od::json_type::null:
      return "null";
  }
  return "unknown";
}

Error json_error(simdjson::error_code code, std::string_view where) {
  ErrorCode kind = ErrorCode::kMalformedJson;
  if (code == simdjson::DEPTH_ERROR) kind = ErrorCode::kTooDeep;
  if (code == simdjson::UTF8_ERROR) kind = ErrorCode::kInvalidUtf8;
  std::string msg(where);
  msg += ": ";
  msg += simdjson::error_message(code);
  return Error{kind, std::move(msg)};
}

std::string* field_slot(Article& a, size_t f) {
  switch (f) {
    case kId:
      return &a.id;
    case kTitle:
      return &a.title;
    case kBody:
      return &a.body;
    case kUrl:
      return &a.url;
    case kSource:
      return &a.source;
    case kPublishedAt:
      return &a.published_at;
    default:
      return &a.lang;
  }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Articles are flat objects; anything nested deeper than this is hostile or broken. Checked
// up front because ondemand skips unread values without tracking their depth.
constexpr int kMaxDepth = 128;

int digits(std::string_view s, size_t pos, size_t n, bool& ok) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (i >= s.size() || !is_digit(s[i])) {
      ok = false;
      return 0;
    }
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// Days since 1970-01-01 of a civil date (proleptic Gregorian).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

}  // namespace

bool parse_rfc3339_ms(std::string_view s, int64_t& ms_out) noexcept {
  // YYYY-MM-DDTHH:MM:SS[.fff][Z|+HH:MM|-HH:MM]
  bool ok = true;
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' ||
      (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':') {
    return false;
  }
  const int year = digits(s, 0, 4, ok), month = digits(s, 5, 2, ok), day = digits(s, 8, 2, ok);
  const int hour = digits(s, 11, 2, ok), minute = digits(s, 14, 2, ok), sec = digits(s, 17, 2, ok);
  if (!ok || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
      sec > 60) {
    return false;
  }
  size_t i = 19;
  int64_t millis = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    int scale = 100;
    const size_t start = i;
    while (i < s.size() && is_digit(s[i])) {
      millis += (s[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
    if (i == start) return false;
  }
  int64_t offset_min = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    const int sign = s[i] == '-' ? -1 : 1;
    if (i + 6 > s.size() || s[i + 3] != ':') return false;
    const int oh = digits(s, i + 1, 2, ok), om = digits(s, i + 4, 2, ok);
    if (!ok) return false;
    offset_min = sign * (oh * 60 + om);
    i += 6;
  } else {
    return false;
  }
  if (i != s.size()) return false;
  const int64_t days =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const int64_t secs = days * 86400 + hour * 3600 + minute * 60 + sec - offset_min * 60;
  ms_out = secs * 1000 + millis;
  return true;
}

struct Parser::Impl {
  config::ParseConfig config;
  od::parser parser;
  std::string padded;  // record copy with SIMDJSON_PADDING spare bytes, reused
  std::array<std::string, kFieldCount> pointers;
  std::array<std::string_view, kFieldCount> top_keys;  // set when every pointer is "/key"
  bool flat = true;

  explicit Impl(const config::ParseConfig& c) : config(c) {
    const auto& f = c.fields;
    pointers = {f.id, f.title, f.body, f.url, f.source, f.published_at, f.lang};
    for (size_t i = 0; i < kFieldCount; ++i) {
      const std::string& p = pointers[i];
      if (p.size() < 2 || p[0] != '/' || p.find_first_of("/~", 1) != std::string::npos) {
        flat = false;
      } else {
        top_keys[i] = std::string_view(p).substr(1);
      }
    }
  }

  // Stores one field's value; only strings (or null = absent) are accepted.
  Status take(size_t f, od::value value, Article& out, std::array<bool, kFieldCount>& seen) {
    if (seen[f]) {
      return Error{ErrorCode::kDuplicateKey,
                   std::string("field ") + pointers[f] + ": appears more than once"};
    }
    seen[f] = true;
    od::json_type type{};
    if (auto err = value.type().get(type)) return json_error(err, pointers[f]);
    if (type == od::json_type::null) {
      seen[f] = false;  // null reads as absent
      return {};
    }
    if (type != od::json_type::string) {
      return Error{ErrorCode::kWrongType, std::string("field ") + pointers[f] +
                                              ": expected string, got " + json_type_name(type)};
    }
    std::string_view sv;
    if (auto err = value.get_string().get(sv)) return json_error(err, pointers[f]);
    if (f == kBody && sv.size() > config.max_body_bytes) {
      return Error{ErrorCode::kTooLarge, "field " + pointers[f] + ": " + std::to_string(sv.size()) +
                                             " bytes exceeds parse.max_body_bytes " +
                                             std::to_string(config.max_body_bytes)};
    }
    field_slot(out, f)->assign(sv.data(), sv.size());
    return {};
  }

  Status parse(std::string_view record, Article& out) {
    for (size_t f = 0; f < kFieldCount; ++f) field_slot(out, f)->clear();
    out.published_at_ms = 0;
    if (record.size() > config.max_record_bytes) {
      return Error{ErrorCode::kTooLarge, "record: " + std::to_string(record.size()) +
                                             " bytes exceeds parse.max_record_bytes " +
                                             std::to_string(config.max_record_bytes)};
    }
    padded.resize(record.size() + simdjson::SIMDJSON_PADDING);
    const size_t open_brackets = copy_counting_open_brackets(record, padded.data());
    std::memset(padded.data() + record.size(), 0, simdjson::SIMDJSON_PADDING);
    if (open_brackets > static_cast<size_t>(kMaxDepth) &&
        max_nesting(record, kMaxDepth) > kMaxDepth) {
      return Error{ErrorCode::kTooDeep,
                   "record: nested deeper than " + std::to_string(kMaxDepth) + " levels"};
    }
    od::document doc;
    if (auto err = parser.iterate(padded.data(), record.size(), padded.size()).get(doc)) {
      return json_error(err, "record");
    }
    od::json_type type{};
    if (auto err = doc.type().get(type)) return json_error(err, "record");
    if (type != od::json_type::object) return not_an_object(doc, type);
    std::array<bool, kFieldCount> seen{};
    Status st = flat ? read_flat(doc, out, seen) : read_pointers(doc, out, seen);
    if (!st.ok()) return st;
    return check_required(out, seen);
  }

  // type() only peeks at the first byte: "this is text" looks like `true`. A scalar root that
  // does not read as its type is not JSON at all.
  static Status not_an_object(od::document& doc, od::json_type type) {
    simdjson::error_code err = simdjson::SUCCESS;
    switch (type) {
      case od::json_type::boolean:
        err = doc.get_bool().error();
        break;
      case od::json_type::null: {
        bool is_null = false;
        err = doc.is_null().get(is_null);
        if (!err && !is_null) err = simdjson::N_ATOM_ERROR;
        break;
      }
      case od::json_type::number:
        err = doc.get_double().error();
        break;
      case od::json_type::string:
        err = doc.get_string().error();
        break;
      default:
        break;
    }
    if (err) return json_error(err, "record");
    return Error{ErrorCode::kNotAnObject, "record: not a JSON object"};
  }

  Status read_flat(od::document& doc, Article& out, std::array<bool, kFieldCount>& seen) {
    od::object obj;
    if (auto err = doc.get_object().get(obj)) {
      if (err == simdjson::INCORRECT_TYPE)
        return Error{ErrorCode::kNotAnObject, "record: not a JSON object"};
      return json_error(err, "record");
    }
    for (auto field_result : obj) {
      od::field field;
      if (auto err = std::move(field_result).get(field)) return json_error(err, "record");
      std::string_view key;
      if (auto err = field.unescaped_key().get(key)) return json_error(err, "record key");
      size_t f = 0;
      while (f < kFieldCount && top_keys[f] != key) ++f;
      if (f == kFieldCount) continue;  // unmapped: the iterator skips it (and checks its shape)
      Status st = take(f, field.value(), out, seen);
      if (!st.ok()) return st;
    }
    // Only the flat path has walked the whole object; anything after it is garbage.
    const char* trailing = nullptr;
    if (doc.current_location().get(trailing) == simdjson::SUCCESS) {
      return Error{ErrorCode::kMalformedJson, "record: trailing content after JSON value"};
    }
    return {};
  }

  Status read_pointers(od::document& doc, Article& out, std::array<bool, kFieldCount>& seen) {
    for (size_t f = 0; f < kFieldCount; ++f) {
      od::value value;
      auto err = doc.at_pointer(pointers[f]).get(value);
      if (err == simdjson::NO_SUCH_FIELD || err == simdjson::INDEX_OUT_OF_BOUNDS) continue;
      if (err) return json_error(err, pointers[f]);
      Status st = take(f, value, out, seen);
      if (!st.ok()) return st;
    }
    return {};
  }

  Status check_required(Article& out, const std::array<bool, kFieldCount>& seen) const {
    for (size_t f : {kId, kBody}) {
      if (!seen[f]) {
        return Error{ErrorCode::kMissingField, std::string("field ") + pointers[f] + ": missing"};
      }
      if (field_slot(out, f)->empty()) {
        return Error{ErrorCode::kEmptyField, std::string("field ") + pointers[f] + ": empty"};
      }
    }
    if (!out.published_at.empty()) parse_rfc3339_ms(out.published_at, out.published_at_ms);
    return {};
  }
};

Parser::Parser(const config::ParseConfig& config) : impl_(std::make_unique<Impl>(config)) {}
Parser::~Parser() = default;

Status Parser::parse(std::string_view record, Article& out) { return impl_->parse(record, out); }

void Parser::set_limits(uint64_t max_record_bytes, uint64_t max_body_bytes) {
  impl_->config.max_record_bytes = max_record_bytes;
  impl_->config.max_body_bytes = max_body_bytes;
}

}  // namespace newsdedup::parse
