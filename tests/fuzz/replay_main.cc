// Replays fuzz corpora without libFuzzer: `<target>_fuzz_replay <file-or-dir>...` runs the
// target's LLVMFuzzerTestOneInput on every file (directories recursively, in sorted order), so
// gcc builds and CI check the corpora on every ctest run. Each input gets a buffer of exactly its
// size, as under libFuzzer, so ASan builds catch reads past the end. Exits 1 when an argument
// cannot be read or holds no input at all (an empty corpus would make the test pass vacuously).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;

bool run_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot open %s\n", path.c_str());
    return false;
  }
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
  // A fresh allocation of the exact size (an empty input still gets a valid pointer).
  const auto buffer = std::make_unique<uint8_t[]>(std::max<size_t>(bytes.size(), 1));
  std::copy(bytes.begin(), bytes.end(), buffer.get());
  std::fprintf(stderr, "replay: %s (%zu bytes)\n", path.c_str(), bytes.size());
  (void)LLVMFuzzerTestOneInput(buffer.get(), bytes.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  size_t inputs = 0;
  for (int a = 1; a < argc; ++a) {
    const fs::path arg(argv[a]);
    std::error_code ec;
    std::vector<fs::path> files;
    if (fs::is_directory(arg, ec)) {
      for (const auto& entry : fs::recursive_directory_iterator(arg, ec)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());
    } else {
      files.push_back(arg);
    }
    if (ec || files.empty()) {
      std::fprintf(stderr, "replay: %s: no inputs\n", argv[a]);
      return 1;
    }
    for (const auto& f : files) {
      if (!run_file(f)) return 1;
      ++inputs;
    }
  }
  if (inputs == 0) {
    std::fprintf(stderr, "usage: %s <corpus file or directory>...\n", argv[0]);
    return 1;
  }
  std::printf("replay: %zu inputs, no crash\n", inputs);
  return 0;
}
