// newsdedup: the only file of the executable. Parses the subcommand and hands over to the
// library; returns its exit code.
#include <cstdio>
#include <cstring>
#include <string_view>

#include "newsdedup/pipeline/commands.h"

namespace {

void usage(FILE* out) {
  std::fputs(
      "usage: newsdedup <command> [options]\n"
      "\n"
      "commands:\n"
      "  dedup     --config FILE --input IN.jsonl [--output CANON.jsonl]\n"
      "            [--duplicates DUP.jsonl] --decisions DEC.jsonl [--threads N]\n"
      "            deduplicate a JSONL file offline (stdin/stdout where omitted)\n"
      "  run       --config FILE [--embedded-broker]\n"
      "            consume, deduplicate and republish Kafka topics (the daemon)\n"
      "  broker    [--config FILE]      run an in-process mock Kafka cluster with the\n"
      "            configured topics; prints bootstrap=HOST:PORT\n"
      "  validate  --config FILE        check a config file; exit 78 on error\n"
      "  version                        print the version\n",
      out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage(stderr);
    return 64;  // EX_USAGE
  }
  const std::string_view command = argv[1];
  if (command == "dedup") return newsdedup::pipeline::dedup_command(argc - 1, argv + 1);
  if (command == "run") return newsdedup::pipeline::run_command(argc - 1, argv + 1);
  if (command == "broker") return newsdedup::pipeline::broker_command(argc - 1, argv + 1);
  if (command == "validate") return newsdedup::pipeline::validate_command(argc - 1, argv + 1);
  if (command == "version" || command == "--version") {
    std::printf("newsdedup %s\n", NEWSDEDUP_VERSION);
    return 0;
  }
  if (command == "help" || command == "--help" || command == "-h") {
    usage(stdout);
    return 0;
  }
  std::fprintf(stderr, "newsdedup: unknown command '%s'\n\n", argv[1]);
  usage(stderr);
  return 64;
}
