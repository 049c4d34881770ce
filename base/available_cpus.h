// AvailableCpus(): how many CPUs this process may run on — the CPUs of its
// affinity mask (sched_getaffinity: `taskset`, cgroup cpusets, systemd's
// CPUAffinity=), not the machine's count. A server pinned to one core gets
// 1, so it starts one I/O thread instead of one per core of the machine,
// all competing for that core. Falls back to the hardware count, at least 1.
#ifndef KEYTRAIL_BASE_AVAILABLE_CPUS_H_
#define KEYTRAIL_BASE_AVAILABLE_CPUS_H_

namespace keytrail {

int AvailableCpus();

}  // namespace keytrail

#endif  // KEYTRAIL_BASE_AVAILABLE_CPUS_H_
