// The built-in defaults. The boilerplate vocabulary describes *kinds* of site chrome seen on
// news sites in general (counters, share/follow prompts, copyright notices, related links),
// not the strings of any one site or data set.
#include "newsdedup/config/config.h"

namespace newsdedup::config {

Config default_config() {
  Config c;
  c.normalize.chrome_phrases = {
      "advertisement", "sponsored content", "share this", "share on", "share:", "tweet this",
      "follow us", "follow @", "like us on", "subscribe", "sign up", "newsletter",
      "read more", "read the full", "read entire", "continue reading", "full story",
      "click here", "related:", "related stories", "related articles", "related coverage",
      "see also", "more on this", "copyright", "(c) 20", "©", "all rights reserved",
      "reproduction prohibited", "print this", "email this", "comments (", "leave a comment",
      "posted in", "filed under", "tags:", "you may also like", "recommended for you",
      "most read", "trending", "updated:", "published:", "last modified", "min read",
      "photo:", "image:", "getty images", "back to top", "home >", "home »", "home /",
      "staff writer", "staff reporter", "correspondent", "contributing writer", "reporting by",
      "editing by", "writing by", "posted on", "posted by", "published on", "source:",
  };
  c.normalize.counter_words = {"views", "view", "reads", "comments", "comment", "shares",
                               "likes", "readers", "visits", "ago"};
  // Whole-line labels: agency sign-offs at the end, kickers at the top.
  c.normalize.signoffs = {"reuter", "reuters", "ap", "afp", "upi", "dpa", "ends", "end",
                          "breaking", "breaking news", "exclusive", "developing", "developing story",
                          "live", "update", "updated", "watch", "video", "opinion", "analysis",
                          "just in", "news"};
  return c;
}

}  // namespace newsdedup::config
