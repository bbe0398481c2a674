// Stable string names of the model's enums: they appear in decisions, headers and metrics.
#include "newsdedup/model/article.h"
#include "newsdedup/model/result.h"

namespace newsdedup {

const char* error_code_name(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kOk:
      return "ok";
    case ErrorCode::kMalformedJson:
      return "malformed_json";
    case ErrorCode::kInvalidUtf8:
      return "invalid_utf8";
    case ErrorCode::kNotAnObject:
      return "not_an_object";
    case ErrorCode::kMissingField:
      return "missing_field";
    case ErrorCode::kWrongType:
      return "wrong_type";
    case ErrorCode::kEmptyField:
      return "empty_field";
    case ErrorCode::kTooLarge:
      return "too_large";
    case ErrorCode::kTooDeep:
      return "too_deep";
    case ErrorCode::kDuplicateKey:
      return "duplicate_key";
    case ErrorCode::kConfig:
      return "config";
    case ErrorCode::kIo:
      return "io";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

const char* verdict_name(Verdict v) noexcept {
  switch (v) {
    case Verdict::kCanonical:
      return "canonical";
    case Verdict::kDuplicate:
      return "duplicate";
    case Verdict::kInvalid:
      return "invalid";
  }
  return "invalid";
}

const char* rule_name(Rule r) noexcept {
  switch (r) {
    case Rule::kNone:
      return "";
    case Rule::kExact:
      return "exact";
    case Rule::kNear:
      return "near";
    case Rule::kContained:
      return "contained";
    case Rule::kUpdate:
      return "update";
  }
  return "";
}

}  // namespace newsdedup
