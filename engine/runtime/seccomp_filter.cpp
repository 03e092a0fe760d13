#include "runtime/seccomp_filter.h"

#include <errno.h>
#include <fmt/format.h>
#include <sched.h>
#include <seccomp.h>

#include <algorithm>
#include <memory>
#include <string_view>

namespace berth::runtime {

namespace {

struct DeniedGroup {
    cap_value_t unlessCapability; // the group is allowed when the container keeps this one
    std::vector<std::string_view> syscalls;
};

// Grouped by the capability that Docker's default profile requires for them.
const std::vector<DeniedGroup>& deniedGroups() {
    static const std::vector<DeniedGroup> groups = {
        {CAP_SYS_ADMIN,
         {"mount",
          "umount",
          "umount2",
          "pivot_root",
          "unshare",
          "setns",
          "swapon",
          "swapoff",
          "quotactl",
          "lookup_dcookie",
          "perf_event_open",
          "bpf",
          "fanotify_init",
          "open_by_handle_at",
          "name_to_handle_at",
          "fsopen",
          "fsconfig",
          "fsmount",
          "fspick",
          "move_mount",
          "open_tree",
          "mount_setattr",
          "sethostname",
          "setdomainname",
          "userfaultfd",
          "add_key",
          "request_key",
          "keyctl"}},
        {CAP_SYS_MODULE,
         {"init_module", "finit_module", "delete_module", "create_module", "query_module",
          "get_kernel_syms"}},
        {CAP_SYS_BOOT, {"reboot", "kexec_load", "kexec_file_load"}},
        {CAP_SYS_TIME, {"settimeofday", "stime", "clock_settime", "clock_adjtime", "adjtimex"}},
        {CAP_SYS_PTRACE, {"ptrace", "process_vm_readv", "process_vm_writev", "kcmp"}},
        {CAP_SYS_PACCT, {"acct"}},
        {CAP_SYS_RAWIO, {"iopl", "ioperm"}},
        {CAP_SYS_NICE, {"mbind", "set_mempolicy", "move_pages"}},
        {CAP_SYSLOG, {"syslog"}},
        // CAP_LAST_CAP + 1 is no capability: these calls are always denied.
        {CAP_LAST_CAP + 1,
         {"uselib", "ustat", "sysfs", "_sysctl", "nfsservctl", "vm86", "vm86old", "vhangup"}},
    };
    return groups;
}

struct ContextFree {
    void operator()(void* context) const { seccomp_release(context); }
};

bool keeps(const std::vector<cap_value_t>& capabilities, cap_value_t capability) {
    return std::ranges::find(capabilities, capability) != capabilities.end();
}

Result<void> denyCloneNamespaces(scmp_filter_ctx context) {
    const uint64_t flags[] = {CLONE_NEWNS,  CLONE_NEWUTS, CLONE_NEWIPC,   CLONE_NEWUSER,
                              CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWCGROUP};
    for (uint64_t flag : flags) {
        int rc = seccomp_rule_add(context, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
                                  SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag));
        if (rc < 0) {
            return failErrno("add seccomp rule for clone", -rc);
        }
    }
    return {};
}

} // namespace

Result<void> loadDefaultSeccompFilter(const std::vector<cap_value_t>& capabilities) {
    std::unique_ptr<void, ContextFree> context(seccomp_init(SCMP_ACT_ALLOW));
    if (!context) {
        return fail(ErrorKind::System, "seccomp_init failed");
    }
    // libseccomp sets no_new_privs by default; init still has CAP_SYS_ADMIN, so the filter
    // loads without it and no_new_privs stays what the spec asks for.
    if (int rc = seccomp_attr_set(context.get(), SCMP_FLTATR_CTL_NNP, 0); rc < 0) {
        return failErrno("clear the seccomp no_new_privs attribute", -rc);
    }
    // 32-bit programs use other system call numbers. Without these architectures the filter
    // would kill them on their first system call (libseccomp's bad-architecture action).
    for (uint32_t arch : {SCMP_ARCH_X86, SCMP_ARCH_X32}) {
        int rc = seccomp_arch_add(context.get(), arch);
        if (rc < 0 && rc != -EEXIST) {
            return failErrno("add seccomp architecture", -rc);
        }
    }
    for (const DeniedGroup& group : deniedGroups()) {
        if (keeps(capabilities, group.unlessCapability)) {
            continue;
        }
        for (std::string_view name : group.syscalls) {
            int number = seccomp_syscall_resolve_name(std::string(name).c_str());
            if (number == __NR_SCMP_ERROR) {
                continue; // not a system call on this libseccomp's architectures
            }
            int rc = seccomp_rule_add(context.get(), SCMP_ACT_ERRNO(EPERM), number, 0);
            if (rc < 0 && rc != -EEXIST) {
                return failErrno(fmt::format("add seccomp rule for {}", name), -rc);
            }
        }
    }
    if (!keeps(capabilities, CAP_SYS_ADMIN)) {
        if (auto denied = denyCloneNamespaces(context.get()); !denied) {
            return denied;
        }
        int rc = seccomp_rule_add(context.get(), SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
        if (rc < 0) {
            return failErrno("add seccomp rule for clone3", -rc);
        }
    }
    int rc = seccomp_load(context.get());
    if (rc < 0) {
        return failErrno("load seccomp filter", -rc);
    }
    return {};
}

} // namespace berth::runtime
