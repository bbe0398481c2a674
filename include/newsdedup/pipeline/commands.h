// The subcommands of the `newsdedup` executable, each a function taking its own argv
// (argv[0] is the subcommand name) and returning a process exit code (sysexits.h style).
#pragma once

namespace newsdedup::pipeline {

// Offline mode on JSONL files. `--threads N` (1..64, default 1) prepares records on N threads;
// decisions and output files are the same bytes as with one thread.
int dedup_command(int argc, char** argv);
int validate_command(int argc, char** argv);  // config check, exit 78 on error
int run_command(int argc, char** argv);       // the Kafka daemon
int broker_command(int argc, char** argv);    // the embedded (mock) Kafka cluster

}  // namespace newsdedup::pipeline
