// Private to pipeline: minimal JSON output for decision lines (no DOM, no allocation beyond
// the caller's buffer).
#pragma once

#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>

#include "newsdedup/decide/decider.h"
#include "newsdedup/model/article.h"

namespace newsdedup::pipeline {

// Appends `s` as a JSON string literal (quotes included). Input is valid UTF-8.
inline void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xF]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

// One decision as the JSON line dedup-score reads (without the trailing newline).
inline void append_decision_json(std::string& out, const Decision& d) {
  out += "{\"id\":";
  append_json_string(out, d.id);
  out += ",\"verdict\":\"";
  out += verdict_name(d.verdict);
  out += "\",\"canonical_id\":";
  if (d.verdict == Verdict::kDuplicate) {
    append_json_string(out, d.canonical_id);
  } else {
    out += "null";
  }
  out += ",\"similarity\":";
  if (d.verdict == Verdict::kDuplicate) {
    // to_chars: the digits "%.4f" gives, without printf's format parsing and locale.
    char num[32];
    const auto r = std::to_chars(num, num + sizeof(num), d.similarity, std::chars_format::fixed, 4);
    out.append(num, r.ptr);
  } else {
    out += "null";
  }
  out += ",\"rule\":";
  if (d.verdict == Verdict::kDuplicate) {
    append_json_string(out, rule_name(d.rule));
  } else {
    out += "null";
  }
  out += ",\"reason\":";
  if (d.verdict == Verdict::kInvalid) {
    std::string reason = error_code_name(d.error);
    reason += ": ";
    reason += d.reason;
    append_json_string(out, reason);
  } else {
    out += "null";
  }
  out.push_back('}');
}

// Adds the decision trace as extra fields to a decision line written by append_decision_json.
inline void append_trace_json(std::string& out, const decide::DecisionTrace& t) {
  out.pop_back();  // the closing brace
  char buf[200];
  std::snprintf(buf, sizeof(buf),
                ",\"candidates\":%u,\"best_rejected\":%.4f,\"near_miss\":%s,\"fact_mismatch\":%s,"
                "\"number_overlap\":%.3f,\"name_overlap\":%.3f}",
                t.candidates, t.best_rejected, t.near_miss ? "true" : "false",
                t.fact_mismatch ? "true" : "false", t.number_overlap, t.name_overlap);
  out += buf;
}

}  // namespace newsdedup::pipeline
