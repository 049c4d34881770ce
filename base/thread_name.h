// NameThisThread: the name `top -H`, `ps -L`, perf and gdb show for the
// calling thread, so that an operator can tell keytrail's threads apart
// (docs/threads.md lists every name). Linux keeps 15 bytes; a longer name
// is cut. Elsewhere it does nothing. NameThisThreadOnce names a thread that
// runs someone else's loop (the worker pool, a subscription's callback)
// the first time that thread calls it.
#ifndef KEYTRAIL_BASE_THREAD_NAME_H_
#define KEYTRAIL_BASE_THREAD_NAME_H_

#include <string_view>

namespace keytrail {

void NameThisThread(std::string_view name);

// Names the calling thread `name` unless it called this before.
void NameThisThreadOnce(std::string_view name);

}  // namespace keytrail

#endif  // KEYTRAIL_BASE_THREAD_NAME_H_
