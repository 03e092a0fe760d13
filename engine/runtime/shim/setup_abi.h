#pragma once

// The boundary between berth-shim and berth-shim-setup.so. The shim loads the module
// with dlopen() to create the container and unloads it afterwards, so that the JSON
// parser, libcap and the mount and cgroup code are not mapped in an idle shim. Only
// plain C types cross the boundary.

extern "C" {

inline constexpr int kBerthSetupMaxCgroups = 16;
inline constexpr int kBerthSetupPathSize = 512;

struct BerthShimSetup {
    // Created container; descriptors are -1 when unused, all close-on-exec.
    int initPid;
    int initPidfd;
    int syncSocket;  // the shim's end of the init channel, until "start"
    int stdinWriter; // pipe, or a duplicate of the pty master
    int stdoutReader;
    int stderrReader;
    int terminalMaster;
    int logFile;          // the json-file log, opened for appending
    long long logMaxSize; // rotate the log past this size; 0 = never
    int logMaxFiles;      // the log and its rotated files, at least 1
    char logPath[kBerthSetupPathSize];
    int mountNamespace; // the container's mount namespace (/proc/PID/ns/mnt), or -1
    int terminal;
    int openStdin;
    int stdinOnce;
    int cgroupV2;
    int cgroupCount;
    char cgroupDirectories[kBerthSetupMaxCgroups][kBerthSetupPathSize];

    // Failure: nothing of the container is left, exit.json still has to be written.
    int failed;
    int errorKind; // berth::ErrorKind
    int exitCode;  // what exit.json records
    char message[2048];
};

// Creates the container described by bundleDir/spec.json and leaves its init held
// before execve. Returns 0 on success, -1 with result->failed set otherwise.
int berth_shim_setup(const char* bundleDir, BerthShimSetup* result);
using BerthShimSetupFunction = int (*)(const char*, BerthShimSetup*);

} // extern "C"
