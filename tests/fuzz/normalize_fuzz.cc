// Fuzz target: normalize::Normalizer alone on arbitrary valid UTF-8 (the parser guarantees
// UTF-8 before normalize; other inputs are skipped). The first byte picks which removals are on,
// so the HTML, dateline, byline, chrome and ellipsis paths are fuzzed on and off. Checked
// invariants: the text is the tokens joined by single spaces, tokens are non-empty and hold no
// space, the output is valid UTF-8, dateline facts are in range, and a reused output buffer
// gives the same result as a fresh one.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "fuzz_check.h"
#include "newsdedup/config/config.h"
#include "newsdedup/normalize/normalizer.h"

namespace newsdedup::fuzz {
namespace {

constexpr size_t kVariants = 32;

std::array<std::unique_ptr<normalize::Normalizer>, kVariants> make_normalizers() {
  std::array<std::unique_ptr<normalize::Normalizer>, kVariants> out;
  for (size_t v = 0; v < kVariants; ++v) {
    config::NormalizeConfig c = config::default_config().normalize;
    c.strip_html = (v & 1) == 0;
    c.remove_datelines = (v & 2) == 0;
    c.remove_bylines = (v & 4) == 0;
    c.remove_chrome = (v & 8) == 0;
    c.drop_trailing_ellipsis = (v & 16) == 0;
    out[v] = std::make_unique<normalize::Normalizer>(c);
  }
  return out;
}

void check_output(const normalize::NormalizedText& out) {
  FUZZ_CHECK(is_valid_utf8(out.text));
  FUZZ_CHECK(is_valid_utf8(out.place));
  FUZZ_CHECK(out.day <= 31);
  FUZZ_CHECK(out.month <= 12);
  size_t expected_offset = 0;
  for (size_t i = 0; i < out.tokens.size(); ++i) {
    const normalize::Token& t = out.tokens[i];
    FUZZ_CHECK(t.length > 0);
    FUZZ_CHECK(t.offset == expected_offset);
    FUZZ_CHECK(static_cast<size_t>(t.offset) + t.length <= out.text.size());
    FUZZ_CHECK(out.token(i).find(' ') == std::string_view::npos);
    expected_offset = static_cast<size_t>(t.offset) + t.length;
    if (i + 1 < out.tokens.size()) {
      FUZZ_CHECK(out.text[expected_offset] == ' ');
      ++expected_offset;
    }
  }
  FUZZ_CHECK(expected_offset == out.text.size());
}

bool same(const normalize::NormalizedText& a, const normalize::NormalizedText& b) {
  if (a.text != b.text || a.place != b.place || a.day != b.day || a.month != b.month ||
      a.tokens.size() != b.tokens.size()) {
    return false;
  }
  for (size_t i = 0; i < a.tokens.size(); ++i) {
    const auto& x = a.tokens[i];
    const auto& y = b.tokens[i];
    if (x.offset != y.offset || x.length != y.length || x.numeric != y.numeric ||
        x.capitalized != y.capitalized) {
      return false;
    }
  }
  return true;
}

}  // namespace
}  // namespace newsdedup::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newsdedup;
  static const auto normalizers = fuzz::make_normalizers();
  // Kept across inputs on purpose: the daemon reuses one output buffer per thread.
  static normalize::NormalizedText reused;
  if (size == 0) return 0;
  const normalize::Normalizer& normalizer = *normalizers[data[0] % fuzz::kVariants];
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (!fuzz::is_valid_utf8(body)) return 0;

  normalize::NormalizedText fresh;
  normalizer.normalize(body, fresh);
  fuzz::check_output(fresh);
  normalizer.normalize(body, reused);
  FUZZ_CHECK(fuzz::same(fresh, reused));
  return 0;
}
