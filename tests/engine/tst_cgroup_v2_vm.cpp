// Berth's cgroup v2 limits on a real kernel. The test boots Debian 12's kernel in a qemu
// VM whose only cgroup mount is cgroup2, so every controller is on v2 whatever the host
// uses. In the VM, /init (tests/support/vm-cgroup2-init.sh) runs berthd and containers
// with limits and prints one "BERTH-VM key=value" line per result on the serial console.
// The test functions below check those lines. The VM boots once, in initTestCase.

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <unistd.h>

namespace {

constexpr char kMarker[] = "BERTH-VM ";

struct ScriptResult {
    bool ok = false;
    QString output; // stdout, trimmed
    QString failure;
};

// Runs a script from tests/support with bash and waits up to timeoutMs.
ScriptResult runSupportScript(const QString& name, const QStringList& arguments, int timeoutMs) {
    QString script = qEnvironmentVariable("BERTH_TEST_SUPPORT") + "/" + name;
    QProcess process;
    process.start("bash", QStringList{script} + arguments);
    ScriptResult result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.failure = QString("%1 timed out after %2 s").arg(name).arg(timeoutMs / 1000);
        return result;
    }
    result.output = QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        result.failure = QString("%1 failed with exit %2: %3")
                             .arg(name)
                             .arg(process.exitCode())
                             .arg(QString::fromUtf8(process.readAllStandardError()).trimmed());
        return result;
    }
    result.ok = true;
    return result;
}

// Hardware KVM (the kvm_intel or kvm_amd module) runs Debian's stock kernel. A /dev/kvm
// served by another backend may run only guests built for it. Under kvm_pvm, for one,
// Debian's kernel hangs right after decompression, so such hosts use TCG.
bool hardwareKvmUsable() {
    int fd = ::open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    ::close(fd);
    return QFileInfo::exists("/sys/module/kvm_intel") || QFileInfo::exists("/sys/module/kvm_amd");
}

// Collects the "BERTH-VM key=value" lines of the console output. The serial console ends
// lines with "\r\n".
QMap<QString, QString> parseResults(const QString& console) {
    QMap<QString, QString> results;
    for (QString line : console.split('\n')) {
        line = line.trimmed();
        qsizetype start = line.indexOf(kMarker);
        if (start < 0) {
            continue;
        }
        QString entry = line.mid(start + qsizetype(sizeof(kMarker)) - 1);
        qsizetype equals = entry.indexOf('=');
        if (equals > 0) {
            results.insert(entry.left(equals), entry.mid(equals + 1));
        }
    }
    return results;
}

// Returns the last lines of the console output without carriage returns and the terminal
// escape sequences of the firmware, for a failure message.
QString lastLines(const QString& console, int count) {
    static const QRegularExpression escapes("\x1b(\\[[0-9;?]*[A-Za-z]|c)");
    QString text = console;
    text.remove('\r').remove(escapes);
    QStringList lines = text.split('\n');
    return lines.mid(std::max<qsizetype>(0, lines.size() - count)).join('\n');
}

} // namespace

class TestCgroupV2Vm : public QObject {
    Q_OBJECT

    QString console_;
    QMap<QString, QString> results_;

    QString result(const QString& key) const { return results_.value(key, "<missing>"); }

    // Boots the VM and waits until qemu exits. Returns an error text, empty on success.
    QString bootVm(const QString& kernelDirectory, const QString& initramfs, bool kvm) {
        QStringList arguments{"-m",         "1024",
                              "-smp",       "2",
                              "-nographic", "-no-reboot",
                              "-nic",       "none",
                              "-kernel",    kernelDirectory + "/vmlinuz",
                              "-initrd",    initramfs,
                              "-append",    "console=ttyS0 panic=-1 quiet"};
        if (kvm) {
            arguments << "-enable-kvm"
                      << "-cpu"
                      << "host";
        } else {
            arguments << "-accel"
                      << "tcg,thread=multi";
        }
        // TCG emulates each instruction. The whole run took 14 to 23 s under TCG on a
        // 2-vCPU Xeon VM without hardware KVM, and the limits leave room for slower hosts.
        int timeoutMs = kvm ? 120'000 : 600'000;

        QProcess qemu;
        qemu.setProcessChannelMode(QProcess::MergedChannels);
        QElapsedTimer clock;
        clock.start();
        qemu.start("qemu-system-x86_64", arguments);
        if (!qemu.waitForStarted()) {
            return "qemu-system-x86_64 did not start: " + qemu.errorString();
        }
        qemu.closeWriteChannel();
        bool finished = qemu.waitForFinished(timeoutMs);
        if (!finished) {
            qemu.kill(); // SIGKILL to qemu's own pid
            qemu.waitForFinished();
        }
        console_ = QString::fromUtf8(qemu.readAll());
        results_ = parseResults(console_);
        qInfo("VM run with %s: %.1f s wall clock, kernel and /init up after %s s (guest uptime)",
              kvm ? "KVM" : "TCG", double(clock.elapsed()) / 1000.0,
              qPrintable(result("boot-seconds")));
        if (!finished) {
            return QString("the VM did not power off within %1 s; console:\n%2")
                .arg(timeoutMs / 1000)
                .arg(lastLines(console_, 40));
        }
        return {};
    }

private slots:
    void initTestCase() {
        if (::geteuid() != 0) {
            QSKIP("creating device nodes for the initramfs needs root");
        }
        if (QStandardPaths::findExecutable("qemu-system-x86_64").isEmpty()) {
            QSKIP("qemu-system-x86_64 is not installed (packaging/setup.sh deps installs it)");
        }
        if (QStandardPaths::findExecutable("docker").isEmpty()) {
            QSKIP("the docker CLI is not installed (packaging/setup.sh deps installs it)");
        }

        // The kernel stays in the cache of vm-kernel.sh (~/.cache/berth/vm-kernel).
        ScriptResult kernel = runSupportScript("vm-kernel.sh", {}, 300'000);
        QVERIFY2(kernel.ok, qPrintable(kernel.failure));

        QTemporaryDir scratch(QDir::tempPath() + "/berth-vm-XXXXXX");
        QVERIFY(scratch.isValid());
        QString initramfs = scratch.filePath("initramfs.cpio");
        ScriptResult packed = runSupportScript(
            "make-vm-initramfs.sh",
            {initramfs, qEnvironmentVariable("BERTH_BIN_DIR"), kernel.output}, 120'000);
        QVERIFY2(packed.ok, qPrintable(packed.failure));

        QString failure = bootVm(kernel.output, initramfs, hardwareKvmUsable());
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void vmRanEveryStep() {
        QVERIFY2(!results_.contains("error"),
                 qPrintable(result("error") + "\nconsole:\n" + lastLines(console_, 40)));
        QVERIFY2(results_.contains("finished"), qPrintable("console:\n" + lastLines(console_, 40)));
        QCOMPARE(result("berthd-exit"), QString("0"));
    }

    void controllersOnCgroup2() {
        QStringList controllers = result("controllers").split(' ');
        QVERIFY2(controllers.contains("memory"), qPrintable(result("controllers")));
        QVERIFY2(controllers.contains("cpu"), qPrintable(result("controllers")));
        QVERIFY2(controllers.contains("pids"), qPrintable(result("controllers")));

        // Berth enables them for the containers below its cgroup parent.
        QStringList enabled = result("limits.controllers").split(' ');
        QVERIFY2(enabled.contains("memory"), qPrintable(result("limits.controllers")));
        QVERIFY2(enabled.contains("cpu"), qPrintable(result("limits.controllers")));
        QVERIFY2(enabled.contains("pids"), qPrintable(result("limits.controllers")));
    }

    void memoryLimitWritten() {
        // --memory 64m --memory-swap 96m: v2 takes the swap on top of memory.max.
        QCOMPARE(result("limits.memory.max"), QString("67108864"));
        QCOMPARE(result("limits.memory.swap.max"), QString("33554432"));
        QCOMPARE(result("limits.inside.memory.max"), QString("67108864"));
    }

    void cpuLimitWritten() {
        // --cpus 0.5 is a quota of half of each 100 ms period. --cpu-shares 512 maps onto
        // cpu.weight as runc maps it: 1 + (512 - 2) * 9999 / 262142.
        QCOMPARE(result("limits.cpu.max"), QString("50000 100000"));
        QCOMPARE(result("limits.inside.cpu.max"), QString("50000 100000"));
        QCOMPARE(result("limits.cpu.weight"), QString("20"));
    }

    void pidsLimitWritten() {
        QCOMPARE(result("limits.pids.max"), QString("20"));
        QCOMPARE(result("limits.inside.pids.max"), QString("20"));
    }

    void initAndExecInContainerCgroup() {
        QCOMPARE(result("limits.init.cgroup"), "0::/berth-vm/" + result("limits.id"));
        QCOMPARE(result("limits.inside.init.cgroup"), QString("0::/"));
        QCOMPARE(result("limits.inside.exec.cgroup"), QString("0::/"));
    }

    // dockerd's default-cgroupns-mode on cgroup v2 is private, and berth-exec joins the
    // namespace of the container's init.
    void defaultCgroupNamespacePrivate() {
        QCOMPARE(result("limits.cgroupns-mode"), QString("private"));
        QCOMPARE(result("limits.init.cgroupns-differs"), QString("yes"));
        QCOMPARE(result("limits.exec.cgroupns-same"), QString("yes"));
    }

    // In a private namespace /sys/fs/cgroup is a cgroup2 mount of the namespace's root,
    // read-only unless the container is privileged. Fields: root, options, type.
    void privateCgroupMount() {
        QStringList mount = result("limits.inside.cgroup-mount").split(' ');
        QCOMPARE(mount.size(), 3);
        QCOMPARE(mount[0], QString("/"));
        QVERIFY2(mount[1].split(',').contains("ro"), qPrintable(mount[1]));
        QCOMPARE(mount[2], QString("cgroup2"));

        QStringList privileged = result("privileged.cgroup-mount").split(' ');
        QCOMPARE(privileged.size(), 3);
        QCOMPARE(privileged[0], QString("/"));
        QVERIFY2(privileged[1].split(',').contains("rw"), qPrintable(privileged[1]));
        QCOMPARE(privileged[2], QString("cgroup2"));
    }

    // --cgroupns host keeps the VM's namespace, where the path below the root shows.
    void hostCgroupNamespace() {
        QString path = "0::/berth-vm/" + result("hostns.id");
        QCOMPARE(result("hostns.cgroupns-mode"), QString("host"));
        QCOMPARE(result("hostns.inside.init.cgroup"), path);
        QCOMPARE(result("hostns.inside.exec.cgroup"), path);
        QCOMPARE(result("hostns.inside.memory.max"), QString::number(48 << 20));
    }

    void updateRewritesLimits() {
        // docker update --memory 80m --memory-swap 120m --cpus 1.5 --pids-limit 30
        QCOMPARE(result("update.memory.max"), QString("83886080"));
        QCOMPARE(result("update.memory.swap.max"), QString("41943040"));
        QCOMPARE(result("update.cpu.max"), QString("150000 100000"));
        QCOMPARE(result("update.pids.max"), QString("30"));
    }

    void statsReadCgroup() {
        // docker stats --no-stream --format '{{.MemUsage}}|{{.PIDs}}', after the update.
        QStringList fields = result("stats").split('|');
        QCOMPARE(fields.size(), 2);
        QVERIFY2(fields[0].endsWith("/ 80MiB"), qPrintable(fields[0]));
        QVERIFY2(!fields[0].startsWith("0B"), qPrintable(fields[0]));
        QCOMPARE(fields[1], QString("1"));
    }

    void pauseFreezesCgroup() {
        QCOMPARE(result("pause.freeze"), QString("1"));
        QCOMPARE(result("pause.events"), QString("frozen 1"));
        QCOMPARE(result("pause.status"), QString("paused"));
        QCOMPARE(result("unpause.events"), QString("frozen 0"));
        QCOMPARE(result("unpause.status"), QString("running"));
    }

    void oomKillReported() {
        // dd with a 64 MiB buffer under --memory 32m --memory-swap 32m.
        QCOMPARE(result("oom.run-exit"), QString("137"));
        QCOMPARE(result("oom.inspect"), QString("true 137"));
    }

    void pidsLimitStopsFork() {
        // PID 1, the inner shell and wc take 3 of the 20 pids, so 17 sleeps fit.
        QCOMPARE(result("forks.started"), QString("17"));
        QVERIFY2(result("forks.error").contains("can't fork"), qPrintable(result("forks.error")));
    }

    void removeDeletesCgroup() {
        QCOMPARE(result("limits.cgroup-after-rm"), QString("absent"));
        QCOMPARE(result("oom.cgroup-after-rm"), QString("absent"));
        QCOMPARE(result("forks.cgroup-after-rm"), QString("absent"));
        QCOMPARE(result("hostns.cgroup-after-rm"), QString("absent"));
        QCOMPARE(result("leftover-cgroups"), QString("0"));
    }
};

QTEST_GUILESS_MAIN(TestCgroupV2Vm)
#include "tst_cgroup_v2_vm.moc"
