// Private to normalize: HTML markup removal and entity decoding.
#pragma once

#include <string>
#include <string_view>

namespace newsdedup::normalize {

// Copies `in` to `out` with known HTML tags removed (block tags become line breaks, script and
// style bodies are dropped), entities decoded to UTF-8 and CR/CRLF turned into LF. Text in angle
// brackets that is not a known tag (wire tickers such as "<PEP>") is kept as text.
void strip_markup(std::string_view in, std::string& out);

// The text strip_markup gives: `in` itself when it holds no '<', '&' or '\r' (most bodies: one
// scan instead of a copy), else `buffer` filled by strip_markup.
std::string_view without_markup(std::string_view in, std::string& buffer);

}  // namespace newsdedup::normalize
