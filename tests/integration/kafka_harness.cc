#include "kafka_harness.h"

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

extern char** environ;

namespace newsdedup::testing {

std::unique_ptr<source::MockCluster> start_cluster() {
  auto cluster = source::MockCluster::start(1);
  if (!cluster.ok()) {
    ADD_FAILURE() << cluster.error().message;
    return nullptr;
  }
  for (const char* topic : {kInput, kCanonical, kDuplicates, kDeadLetter, kState}) {
    Status st = cluster.value()->create_topic(topic, kPartitions);
    EXPECT_TRUE(st.ok()) << st.error().message;
  }
  return std::move(cluster.value());
}

std::string scratch_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string dir = ::testing::TempDir() + "newsdedup_it_" + std::to_string(getpid()) + "_" +
                    (info != nullptr ? info->name() : "x");
  std::string cmd = "rm -rf '" + dir + "' && mkdir -p '" + dir + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  return dir;
}

std::string write_config(const std::string& dir, const std::string& bootstrap,
                         const std::string& group, const std::string& extra_kafka,
                         const std::string& extra_consumer) {
  const std::string path = dir + "/" + group + ".yaml";
  std::ofstream out(path);
  out << "kafka:\n"
      << "  brokers: \"" << bootstrap << "\"\n"
      << "  group_id: " << group << "\n"
      << "  commit_interval_ms: 100\n"
      << "  shutdown_timeout_ms: 10000\n"
      << extra_kafka
      << "  consumer:\n"
      // The mock cluster waits session.timeout.ms - 1 s for members to rejoin a rebalance.
      << "    session.timeout.ms: \"6000\"\n"
      << "    heartbeat.interval.ms: \"500\"\n"
      << extra_consumer << "metrics:\n"
      << "  listen: \"\"\n";
  return path;
}

// ---- Producer --------------------------------------------------------------------------------

namespace {
std::atomic<int> g_delivery_failures{0};
void count_failures(rd_kafka_t*, const rd_kafka_message_t* m, void*) {
  if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) ++g_delivery_failures;
}
}  // namespace

Producer::Producer(const std::string& bootstrap) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof err);
  rd_kafka_conf_set(conf, "enable.idempotence", "true", err, sizeof err);
  rd_kafka_conf_set(conf, "linger.ms", "5", err, sizeof err);
  // Lets tests send records larger than a default producer (the daemon's) accepts.
  rd_kafka_conf_set(conf, "message.max.bytes", "4000000", err, sizeof err);
  rd_kafka_conf_set_dr_msg_cb(conf, count_failures);
  rk_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  EXPECT_NE(rk_, nullptr) << err;
}

Producer::~Producer() {
  if (rk_ != nullptr) {
    rd_kafka_flush(rk_, 10000);
    rd_kafka_destroy(rk_);
  }
}

void Producer::send(const std::string& topic, int32_t partition, const std::string& key,
                    const std::string& value) {
  for (;;) {
    const rd_kafka_resp_err_t err =
        rd_kafka_producev(rk_, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(partition),
                          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                          RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                          RD_KAFKA_V_KEY(key.data(), key.size()), RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      rd_kafka_poll(rk_, 50);
      continue;
    }
    ASSERT_EQ(err, RD_KAFKA_RESP_ERR_NO_ERROR) << rd_kafka_err2str(err);
    return;
  }
}

void Producer::send(const std::vector<GeneratedRecord>& records) {
  for (const auto& r : records) send(kInput, r.partition, r.key, r.value);
}

void Producer::flush() {
  const int before = g_delivery_failures.load();
  ASSERT_EQ(rd_kafka_flush(rk_, 20000), RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_EQ(g_delivery_failures.load(), before) << "test producer: deliveries failed";
}

// ---- Collector -------------------------------------------------------------------------------

std::string id_of(std::string_view value) {
  constexpr std::string_view kField = "\"id\":\"";
  const size_t at = value.find(kField);
  if (at == std::string_view::npos) return "";
  const size_t start = at + kField.size();
  const size_t end = value.find('"', start);
  if (end == std::string_view::npos) return "";
  return std::string(value.substr(start, end - start));
}

Collector::Collector(const std::string& bootstrap, std::vector<std::string> topics) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof err);
  rd_kafka_conf_set(conf, "group.id", "newsdedup-test-collector", err, sizeof err);
  rd_kafka_conf_set(conf, "enable.partition.eof", "true", err, sizeof err);
  rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof err);
  rk_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  EXPECT_NE(rk_, nullptr) << err;
  // Manual assignment: no group membership, every partition from the beginning.
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(16);
  for (const auto& t : topics) {
    for (int32_t p = 0; p < kPartitions; ++p) {
      rd_kafka_topic_partition_list_add(list, t.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
      at_end_[{t, p}] = false;
    }
  }
  EXPECT_EQ(rd_kafka_assign(rk_, list), RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_topic_partition_list_destroy(list);
}

Collector::~Collector() {
  if (rk_ != nullptr) {
    rd_kafka_consumer_close(rk_);
    rd_kafka_destroy(rk_);
  }
}

void Collector::poll_once(int timeout_ms) {
  rd_kafka_message_t* m = rd_kafka_consumer_poll(rk_, timeout_ms);
  if (m == nullptr) return;
  const std::string topic = m->rkt != nullptr ? rd_kafka_topic_name(m->rkt) : "";
  if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
    at_end_[{topic, m->partition}] = true;
  } else if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    ADD_FAILURE() << "collector: " << rd_kafka_message_errstr(m);
  } else {
    at_end_[{topic, m->partition}] = false;
    OutputRecord r;
    r.topic = topic;
    r.partition = m->partition;
    r.offset = m->offset;
    if (m->key != nullptr) r.key.assign(static_cast<const char*>(m->key), m->key_len);
    if (m->payload != nullptr) r.value.assign(static_cast<const char*>(m->payload), m->len);
    rd_kafka_headers_t* headers = nullptr;
    if (rd_kafka_message_headers(m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      const char* name;
      const void* value;
      size_t size;
      for (size_t i = 0;
           rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
           ++i) {
        r.headers[name] =
            value != nullptr ? std::string(static_cast<const char*>(value), size) : std::string();
      }
    }
    r.id = id_of(r.value);
    const std::string& src = r.headers["newsdedup-source"];
    const size_t a = src.rfind('/');
    const size_t b = a == std::string::npos ? a : src.rfind('/', a - 1);
    if (b != std::string::npos) {
      r.source_partition = std::stoi(src.substr(b + 1, a - b - 1));
      r.source_offset = std::stoll(src.substr(a + 1));
    }
    records_.push_back(std::move(r));
  }
  rd_kafka_message_destroy(m);
}

bool Collector::collect_until(const std::function<bool(const std::vector<OutputRecord>&)>& done,
                              milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done(records_)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    poll_once(100);
  }
  return true;
}

void Collector::drain(milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto all_at_end = [&] {
    for (const auto& [tp, end] : at_end_) {
      if (!end) return false;
    }
    return true;
  };
  while (!all_at_end()) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "collector: partitions not drained";
    poll_once(100);
  }
}

size_t Collector::distinct_ids() const {
  std::set<std::string> ids;
  for (const auto& r : records_) {
    if (!r.id.empty()) ids.insert(r.id);
  }
  return ids.size();
}

// ---- DaemonProcess ---------------------------------------------------------------------------

DaemonProcess::DaemonProcess(const std::string& config_path, const std::string& dir,
                             const std::string& name, const std::vector<std::string>& extra_args) {
  err_path_ = dir + "/" + name + ".log";
  out_path_ = dir + "/" + name + ".out";
  const std::string& out_path = out_path_;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path_.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> args = {NEWSDEDUP_BINARY, "run", "--config", config_path};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int rc = posix_spawn(&pid_, NEWSDEDUP_BINARY, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  EXPECT_EQ(rc, 0) << "cannot start " << NEWSDEDUP_BINARY;
  if (rc != 0) pid_ = -1;
}

DaemonProcess::~DaemonProcess() {
  if (pid_ > 0) kill();
}

int DaemonProcess::wait() {
  int status = 0;
  if (pid_ <= 0) return -1;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

int DaemonProcess::terminate() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  return wait();
}

int DaemonProcess::terminate_after_exit(milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (pid_ > 0) {
    int status = 0;
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ADD_FAILURE() << "the daemon did not exit by itself";
      kill();
      return -1;
    }
    std::this_thread::sleep_for(milliseconds(20));
  }
  return -1;
}

void DaemonProcess::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  (void)wait();
}

std::string DaemonProcess::out() const {
  std::ifstream in(out_path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string DaemonProcess::log() const {
  std::ifstream in(err_path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool DaemonProcess::wait_for_log(std::string_view needle, milliseconds timeout, int count) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const std::string text = log();
    int found = 0;
    for (size_t at = text.find(needle); at != std::string::npos;
         at = text.find(needle, at + needle.size())) {
      ++found;
    }
    if (found >= count) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(milliseconds(50));
  }
}

int64_t DaemonProcess::summary(const std::string& key) const {
  const std::string text = log();
  const size_t line = text.rfind("summary ");
  if (line == std::string::npos) return -1;
  const size_t at = text.find(" " + key + "=", line);
  if (at == std::string::npos) return -1;
  return std::stoll(text.substr(at + key.size() + 2));
}

std::string run_shell(const std::string& command) {
  FILE* p = popen(command.c_str(), "r");
  EXPECT_NE(p, nullptr) << command;
  if (p == nullptr) return "";
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int status = pclose(p);
  EXPECT_EQ(status, 0) << "command failed: " << command;
  return out;
}

}  // namespace newsdedup::testing
