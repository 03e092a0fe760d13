#pragma once

// Debian's docker-registry on a free loopback port, with its own storage under a temporary
// directory, plain or with basic auth and a self-signed TLS certificate. Tests start and
// stop it by its pid; nothing outside loopback is contacted.

#include "api/berthd_fixture.h"

#include <QHostAddress>
#include <QProcess>
#include <QString>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

// A docker-registry process on 127.0.0.1 with its own storage; stopped by its pid.
class LoopbackRegistry final {
public:
    ~LoopbackRegistry() { stop(); }

    // Starts the registry, with basic auth for user:password when user is not empty, and
    // with TLS under a new self-signed certificate when tls is set. Returns an error text,
    // empty on success.
    QString start(const QString& user = {}, const QString& password = {}, bool tls = false) {
        if (!dir_.isValid()) {
            return "no temporary directory";
        }
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0)) {
            return "no free loopback port";
        }
        port_ = probe.serverPort();
        probe.close();
        QString config = QString("version: 0.1\n"
                                 "log:\n  level: warn\n"
                                 "storage:\n  filesystem:\n    rootdirectory: %1\n"
                                 "http:\n  addr: 127.0.0.1:%2\n")
                             .arg(storage())
                             .arg(port_);
        if (!user.isEmpty()) {
            QProcess htpasswd;
            htpasswd.start("htpasswd", {"-Bbn", user, password});
            if (!htpasswd.waitForFinished(30000) || htpasswd.exitCode() != 0) {
                return "htpasswd failed";
            }
            if (!writeTestFile(dir_.filePath("htpasswd"), htpasswd.readAllStandardOutput())) {
                return "cannot write htpasswd";
            }
            config += QString("auth:\n  htpasswd:\n    realm: berth-test\n    path: %1\n")
                          .arg(dir_.filePath("htpasswd"));
        }
        if (tls) {
            QProcess openssl;
            openssl.start("openssl",
                          {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                           "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout",
                           dir_.filePath("key.pem"), "-out", dir_.filePath("cert.pem")});
            if (!openssl.waitForFinished(60000) || openssl.exitCode() != 0) {
                return "openssl could not make a certificate: " + openssl.readAllStandardError();
            }
            QString addr = QString("  addr: 127.0.0.1:%1\n").arg(port_);
            config.replace(addr,
                           addr + QString("  tls:\n    certificate: %1\n    key: %2\n")
                                      .arg(dir_.filePath("cert.pem"), dir_.filePath("key.pem")));
        }
        if (!writeTestFile(dir_.filePath("config.yml"), config.toUtf8())) {
            return "cannot write the registry config";
        }
        process_.setProcessChannelMode(QProcess::MergedChannels);
        process_.setStandardOutputFile(dir_.filePath("registry.log"));
        process_.start("docker-registry", {"serve", dir_.filePath("config.yml")});
        if (!process_.waitForStarted(10000)) {
            return "docker-registry did not start: " + process_.errorString();
        }
        for (int attempt = 0; attempt < 100; ++attempt) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, port_);
            if (socket.waitForConnected(100)) {
                return {};
            }
            QTest::qWait(50);
        }
        return "docker-registry does not listen on port " + QString::number(port_);
    }

    void stop() {
        if (process_.state() != QProcess::NotRunning) {
            process_.terminate(); // SIGTERM to this process's pid
            if (!process_.waitForFinished(10000)) {
                process_.kill();
                process_.waitForFinished(5000);
            }
        }
    }

    [[nodiscard]] QString host() const { return "127.0.0.1:" + QString::number(port_); }
    [[nodiscard]] QString storage() const { return dir_.filePath("storage"); }

private:
    QTemporaryDir dir_;
    QProcess process_;
    quint16 port_ = 0;
};
