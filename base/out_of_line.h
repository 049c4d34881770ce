// OutOfLine<T>: a value of T kept on the heap only while it differs from
// T{}; while it equals T{} it costs one null pointer. For the fields most
// aggregates never set (a token's description, disabled reason and
// previous secret: 112 bytes that a million tokens would otherwise carry
// empty).
//
// A value type: copies are deep, moves steal, operator* of a null box
// reads a shared T{}. Update() is the one way to change it, and drops the
// heap copy when the result is T{} again.
//
// Thread safety: as for T (concurrent const reads are safe).
#ifndef KEYTRAIL_BASE_OUT_OF_LINE_H_
#define KEYTRAIL_BASE_OUT_OF_LINE_H_

#include <memory>
#include <utility>

namespace keytrail {

template <typename T>
class OutOfLine {
 public:
  OutOfLine() = default;
  OutOfLine(const OutOfLine& other)
      : value_(other.value_ ? std::make_unique<T>(*other.value_) : nullptr) {}
  OutOfLine& operator=(const OutOfLine& other) {
    if (this != &other) *this = OutOfLine(other);
    return *this;
  }
  OutOfLine(OutOfLine&&) noexcept = default;
  OutOfLine& operator=(OutOfLine&&) noexcept = default;

  const T& operator*() const { return value_ ? *value_ : Empty(); }
  const T* operator->() const { return &**this; }
  // Whether the value differs from T{} (and so is on the heap).
  bool has_value() const { return value_ != nullptr; }

  // Calls fn(T&) on the value, then keeps it on the heap only if it is not
  // T{}.
  template <typename Fn>
  void Update(Fn&& fn) {
    if (value_ == nullptr) {
      T value{};
      fn(value);
      if (!(value == Empty())) value_ = std::make_unique<T>(std::move(value));
      return;
    }
    fn(*value_);
    if (*value_ == Empty()) value_.reset();
  }

 private:
  static const T& Empty() {
    static const T kEmpty{};
    return kEmpty;
  }

  std::unique_ptr<T> value_;
};

}  // namespace keytrail

#endif  // KEYTRAIL_BASE_OUT_OF_LINE_H_
