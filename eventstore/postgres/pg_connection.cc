#include "eventstore/postgres/pg_connection.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <optional>

namespace keytrail::eventstore {
namespace {

// SQLSTATE classes and codes a retry may cure.
bool Retryable(std::string_view state) {
  return state.starts_with("08") ||  // connection exception
         state.starts_with("53") ||  // insufficient resources
         state.starts_with("57") ||  // operator intervention (shutdown)
         state == "40001" ||         // serialization failure
         state == "40P01" ||         // deadlock detected
         state == "25006";           // read-only transaction (a standby)
}

std::string Trimmed(const char* message) {
  std::string text = message == nullptr ? "" : message;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

}  // namespace

bool IsPostgresLocation(std::string_view location) {
  return location.starts_with("postgresql://") ||
         location.starts_with("postgres://");
}

PgParams& PgParams::Text(std::string value) {
  values_.push_back(std::move(value));
  formats_.push_back(0);
  return *this;
}

PgParams& PgParams::Int(int64_t value) { return Text(std::to_string(value)); }

PgParams& PgParams::Bytes(std::string value) {
  values_.push_back(std::move(value));
  formats_.push_back(1);
  return *this;
}

PgParams& PgParams::TextArray(const std::vector<std::string>& values) {
  std::string literal = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) literal += ',';
    literal += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  literal += '}';
  return Text(std::move(literal));
}

PgRows::PgRows(PgRows&& other) noexcept : result_(other.result_) {
  other.result_ = nullptr;
}

PgRows& PgRows::operator=(PgRows&& other) noexcept {
  if (this != &other) {
    if (result_ != nullptr) PQclear(result_);
    result_ = other.result_;
    other.result_ = nullptr;
  }
  return *this;
}

PgRows::~PgRows() {
  if (result_ != nullptr) PQclear(result_);
}

int PgRows::size() const { return result_ == nullptr ? 0 : PQntuples(result_); }

bool PgRows::IsNull(int row, int column) const {
  return PQgetisnull(result_, row, column) != 0;
}

std::string_view PgRows::Bytes(int row, int column) const {
  return {PQgetvalue(result_, row, column),
          static_cast<size_t>(PQgetlength(result_, row, column))};
}

int64_t PgRows::Int(int row, int column) const {
  const std::string_view bytes = Bytes(row, column);
  uint64_t value = 0;
  for (char c : bytes) value = (value << 8) | static_cast<uint8_t>(c);
  // Sign-extend the narrower integer types.
  const int bits = static_cast<int>(bytes.size()) * 8;
  if (bits > 0 && bits < 64 && (value >> (bits - 1)) != 0) {
    value |= ~uint64_t{0} << bits;
  }
  return static_cast<int64_t>(value);
}

Result<std::unique_ptr<PgConnection>> PgConnection::Connect(
    const std::string& location) {
  // Earlier keywords are defaults the URI (expanded from dbname) overrides.
  const char* keys[] = {"connect_timeout", "application_name", "dbname",
                        nullptr};
  const char* values[] = {"3", "keytrail", location.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 1);
  if (conn == nullptr) {
    return Error::Make(ErrorCode::kUnavailable,
                       "PostgreSQL: out of memory connecting");
  }
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = Trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    return Error::Make(ErrorCode::kUnavailable,
                       "PostgreSQL is unreachable: " + message);
  }
  // Notices (NOTICE: ... already exists, FATAL: terminating connection)
  // would go to stderr; errors reach the caller as values instead.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<PgConnection>(new PgConnection(conn));
}

PgConnection::~PgConnection() { PQfinish(conn_); }

Error PgConnection::ErrorOf(pg_result* result, const char* what) const {
  const char* state_field = result == nullptr
                                ? nullptr
                                : PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const std::string_view state = state_field == nullptr ? "" : state_field;
  std::string message = Trimmed(
      result == nullptr ? PQerrorMessage(conn_) : PQresultErrorMessage(result));
  if (message.empty()) message = Trimmed(PQerrorMessage(conn_));
  ErrorCode code = ErrorCode::kIoError;
  if (broken() || Retryable(state)) {
    code = ErrorCode::kUnavailable;
  } else if (state == "23505") {
    code = ErrorCode::kConflict;
  }
  return Error::Make(code, std::string("PostgreSQL ") + what + ": " + message);
}

void PgConnection::ForgetPreparedIfAsked() {
  if (!forget_prepared_ || PQtransactionStatus(conn_) != PQTRANS_IDLE) return;
  PGresult* result = PQexec(conn_, "DEALLOCATE ALL");
  const bool done =
      result != nullptr && PQresultStatus(result) == PGRES_COMMAND_OK;
  if (result != nullptr) PQclear(result);
  if (!done) return;  // asked again next time
  prepared_.clear();
  forget_prepared_ = false;
}

std::string PgConnection::PreparedName(const std::string& sql, bool* prepare) {
  *prepare = false;
  if (forget_prepared_) return "";
  if (auto it = prepared_.find(sql); it != prepared_.end()) return it->second;
  if (prepared_.size() >= kMaxPrepared) return "";
  std::string name = "keytrail_" + std::to_string(prepared_.size() + 1);
  prepared_.emplace(sql, name);
  *prepare = true;
  return name;
}

Result<PgRows> PgConnection::Query(const char* sql, const PgParams& params) {
  ForgetPreparedIfAsked();
  std::vector<const char*> values(params.size());
  std::vector<int> lengths(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    values[i] = params.values_[i].data();
    lengths[i] = static_cast<int>(params.values_[i].size());
  }
  bool prepare = false;
  const std::string name = PreparedName(sql, &prepare);
  PGresult* result = nullptr;
  if (prepare) {
    result = PQprepare(conn_, name.c_str(), sql,
                       static_cast<int>(params.size()), nullptr);
    if (result == nullptr || PQresultStatus(result) != PGRES_COMMAND_OK) {
      Error error = ErrorOf(result, "query failed");
      if (result != nullptr) PQclear(result);
      forget_prepared_ = true;
      return error;
    }
    PQclear(result);
  }
  result = name.empty()
               ? PQexecParams(conn_, sql, static_cast<int>(params.size()),
                              nullptr, values.data(), lengths.data(),
                              params.formats_.data(), 1)
               : PQexecPrepared(conn_, name.c_str(),
                                static_cast<int>(params.size()), values.data(),
                                lengths.data(), params.formats_.data(), 1);
  const ExecStatusType status =
      result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    Error error = ErrorOf(result, "query failed");
    if (result != nullptr) PQclear(result);
    forget_prepared_ = true;
    return error;
  }
  return PgRows(result);
}

bool PgConnection::Send(const PgStatement& statement, bool* prepare) {
  const PgParams& params = statement.params;
  std::vector<const char*> values(params.size());
  std::vector<int> lengths(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    values[i] = params.values_[i].data();
    lengths[i] = static_cast<int>(params.values_[i].size());
  }
  const std::string name = PreparedName(statement.sql, prepare);
  if (*prepare &&
      PQsendPrepare(conn_, name.c_str(), statement.sql.c_str(),
                    static_cast<int>(params.size()), nullptr) != 1) {
    return false;
  }
  return name.empty()
             ? PQsendQueryParams(conn_, statement.sql.c_str(),
                                 static_cast<int>(params.size()), nullptr,
                                 values.data(), lengths.data(),
                                 params.formats_.data(), 1) == 1
             : PQsendQueryPrepared(conn_, name.c_str(),
                                   static_cast<int>(params.size()),
                                   values.data(), lengths.data(),
                                   params.formats_.data(), 1) == 1;
}

Result<std::vector<PgRows>> PgConnection::Pipeline(
    const std::vector<PgStatement>& statements) {
  ForgetPreparedIfAsked();
  if (PQenterPipelineMode(conn_) != 1) {
    return ErrorOf(nullptr, "pipeline failed");
  }
  // Sends first, then reads every answer even after an error, so that the
  // connection leaves pipeline mode clean. A preparation answers too: its
  // answer is read and dropped.
  std::vector<bool> prepared;  // per statement: its preparation went first
  bool sent = true;
  for (const PgStatement& statement : statements) {
    bool prepare = false;
    if (!Send(statement, &prepare)) {
      sent = false;
      break;
    }
    prepared.push_back(prepare);
  }
  if (!sent || PQpipelineSync(conn_) != 1) {
    Error error = ErrorOf(nullptr, "pipeline failed");
    forget_prepared_ = true;
    PQexitPipelineMode(conn_);  // fails unless idle; the caller drops a
                                // broken connection
    return error;
  }
  std::vector<PgRows> answers;
  std::optional<Error> failed;
  size_t answers_due = statements.size() + 1;  // + the sync's
  for (bool prepare : prepared) answers_due += prepare ? 1 : 0;
  size_t statement = 0;
  bool preparation_next = !prepared.empty() && prepared[0];
  for (size_t i = 0; i < answers_due; ++i) {
    PGresult* result = PQgetResult(conn_);
    if (result == nullptr) {  // the connection went away
      if (!failed) failed = ErrorOf(nullptr, "pipeline failed");
      break;
    }
    const ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_PIPELINE_SYNC) {
      PQclear(result);
      break;
    }
    // Each answer ends with a null result.
    while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
    const bool ok = status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK;
    if (!ok && !failed) failed = ErrorOf(result, "query failed");
    if (preparation_next) {
      preparation_next = false;
      PQclear(result);
      continue;
    }
    if (ok) {
      answers.emplace_back(result);
    } else {
      PQclear(result);
    }
    ++statement;
    preparation_next = statement < prepared.size() && prepared[statement];
  }
  if (PQexitPipelineMode(conn_) != 1 && !failed) {
    failed = ErrorOf(nullptr, "pipeline failed");
  }
  if (failed) {
    forget_prepared_ = true;
    return *failed;
  }
  return answers;
}

Status PgConnection::Run(const std::string& sql) {
  PGresult* result = PQexec(conn_, sql.c_str());
  const ExecStatusType status =
      result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    Error error = ErrorOf(result, "statement failed");
    if (result != nullptr) PQclear(result);
    return error;
  }
  PQclear(result);
  return OkStatus();
}

void PgConnection::RollbackQuietly() {
  if (broken()) return;
  if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return;
  PGresult* result = PQexec(conn_, "ROLLBACK");
  if (result != nullptr) PQclear(result);
}

bool PgConnection::broken() const { return PQstatus(conn_) != CONNECTION_OK; }

int PgConnection::socket() const { return broken() ? -1 : PQsocket(conn_); }

Result<uint64_t> PgConnection::ConsumeNotifications() {
  if (PQconsumeInput(conn_) == 0 || broken()) {
    return Error::Make(
        ErrorCode::kUnavailable,
        "PostgreSQL connection lost: " + Trimmed(PQerrorMessage(conn_)));
  }
  uint64_t highest = 0;
  while (PGnotify* notify = PQnotifies(conn_)) {
    highest =
        std::max<uint64_t>(highest, std::strtoull(notify->extra, nullptr, 10));
    PQfreemem(notify);
  }
  return highest;
}

PgPool::PgPool(std::string location, size_t max_idle)
    : location_(std::move(location)), max_idle_(max_idle) {}

PgPool::~PgPool() = default;

PgPool::Lease::~Lease() {
  if (conn_ && pool_ != nullptr) pool_->Release(std::move(conn_));
}

Result<PgPool::Lease> PgPool::Acquire() { return Acquire(false); }

Result<PgPool::Lease> PgPool::Acquire(bool fresh) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (fresh) {
      idle_.clear();  // they are most likely dead too
    } else if (!idle_.empty()) {
      std::unique_ptr<PgConnection> conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn), true);
    }
  }
  Result<std::unique_ptr<PgConnection>> conn = PgConnection::Connect(location_);
  if (!conn.ok()) return conn.error();
  return Lease(this, std::move(*conn), false);
}

void PgPool::Release(std::unique_ptr<PgConnection> conn) {
  if (conn->broken()) return;
  conn->RollbackQuietly();
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(conn));
}

}  // namespace keytrail::eventstore
