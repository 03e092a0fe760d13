// The Commit dialog without an engine: the name and tag split into repository and tag, the
// equivalent docker commit line follows the fields, and a bad name or a --change that a
// commit cannot apply disables Commit with the reason.

#include "commitdialog.h"

#include <QPushButton>
#include <QTest>

using namespace berth::studio;

class StudioCommitDialogTest : public QObject {
    Q_OBJECT

private slots:
    void splitsNameAndTag_data() {
        QTest::addColumn<QString>("reference");
        QTest::addColumn<QString>("repository");
        QTest::addColumn<QString>("tag");
        QTest::newRow("name and tag") << "custom_httpd:v1"
                                      << "custom_httpd"
                                      << "v1";
        QTest::newRow("name without tag") << "custom_httpd"
                                          << "custom_httpd"
                                          << "";
        QTest::newRow("registry port, no tag") << "localhost:5000/web"
                                               << "localhost:5000/web"
                                               << "";
        QTest::newRow("registry port and tag") << "localhost:5000/web:2"
                                               << "localhost:5000/web"
                                               << "2";
        QTest::newRow("untagged image") << ""
                                        << ""
                                        << "";
    }

    void splitsNameAndTag() {
        QFETCH(QString, reference);
        QFETCH(QString, repository);
        QFETCH(QString, tag);
        CommitDialog dialog(QStringLiteral("base_node"));
        dialog.setReference(reference);
        const berth::client::CommitRequest request = dialog.request();
        QCOMPARE(QString::fromStdString(request.container), QStringLiteral("base_node"));
        QCOMPARE(QString::fromStdString(request.repository), repository);
        QCOMPARE(QString::fromStdString(request.tag), tag);
        QVERIFY(dialog.commitButton()->isEnabled());
    }

    void commandLineFollowsFields() {
        CommitDialog dialog(QStringLiteral("base_node"));
        QCOMPARE(dialog.commandLine(), QStringLiteral("docker commit base_node"));
        dialog.setReference(QStringLiteral("custom_httpd:v1"));
        dialog.setMessage(QStringLiteral("Added httpd"));
        dialog.setAuthor(QStringLiteral("Admin"));
        dialog.setChanges({QStringLiteral("EXPOSE 80"), QString(), QStringLiteral("USER www")});
        QCOMPARE(dialog.commandLine(),
                 QStringLiteral("docker commit -m 'Added httpd' -a Admin -c 'EXPOSE 80' "
                                "-c 'USER www' base_node custom_httpd:v1"));
        const berth::client::CommitRequest request = dialog.request();
        QCOMPARE(request.comment, std::string("Added httpd"));
        QCOMPARE(request.author, std::string("Admin"));
        QCOMPARE(request.changes, (std::vector<std::string>{"EXPOSE 80", "USER www"}));
        QVERIFY(request.pause);
    }

    void badNameDisablesCommit() {
        CommitDialog dialog(QStringLiteral("base_node"));
        dialog.setReference(QStringLiteral("Custom_HTTPD:v1"));
        QVERIFY(!dialog.commitButton()->isEnabled());
        QCOMPARE(dialog.problems().size(), 1);
        QVERIFY2(dialog.commitButton()->toolTip().contains(QStringLiteral("image name")),
                 qPrintable(dialog.commitButton()->toolTip()));
        dialog.setReference(QStringLiteral("custom_httpd:v1"));
        QVERIFY(dialog.commitButton()->isEnabled());
    }

    void unsupportedChangeDisablesCommit() {
        CommitDialog dialog(QStringLiteral("base_node"));
        dialog.setChanges({QStringLiteral("cmd [\"sh\"]"), QStringLiteral("RUN make")});
        QVERIFY(!dialog.commitButton()->isEnabled());
        QCOMPARE(dialog.problems().size(), 1);
        QVERIFY2(dialog.problems().first().contains(QStringLiteral("\"RUN\"")),
                 qPrintable(dialog.problems().first()));
        QCOMPARE(commitChangeProblem(QStringLiteral("  workdir /srv")), QString());
    }
};

QTEST_MAIN(StudioCommitDialogTest)
#include "tst_studio_commitdialog.moc"
