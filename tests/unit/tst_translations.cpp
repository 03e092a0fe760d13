// The studio's translation catalogues against the current sources. The test runs the same
// lupdate as the build's update_translations target over the same source list, into a copy
// of each committed .ts, so a tr() string missing from the catalogue shows up as an
// unfinished entry there. An entry whose string left the code comes back marked vanished or
// obsolete: it translates nothing, and its presence fails the stale-entry check.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

constexpr int kLupdateDeadlineMs = 120000;
constexpr qsizetype kListedProblems = 20;

const QString kRefreshCommand =
    QStringLiteral("cmake --build %1 --target update_translations").arg(BERTH_BUILD_DIR);

struct CatalogueEntry {
    QString context;
    QString source;
    QString location; // file:line in the sources, when lupdate wrote one
    QString type;     // empty when finished; unfinished, vanished or obsolete
    QStringList forms;
    bool numerus = false;

    [[nodiscard]] bool isCurrent() const {
        return type != QLatin1String("vanished") && type != QLatin1String("obsolete");
    }
    [[nodiscard]] QString describe() const {
        QString text = QStringLiteral("\"%1\" (context %2").arg(source, context);
        if (!location.isEmpty()) {
            text += QStringLiteral(", ") + location;
        }
        return text + QLatin1Char(')');
    }
};

QString relativeToSources(const QString& path) {
    return QDir(QStringLiteral(BERTH_SOURCE_DIR)).relativeFilePath(path);
}

// Reads a Qt Linguist .ts file; locations are kept relative to the source tree.
QList<CatalogueEntry> readCatalogue(const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("open %1: %2").arg(path, file.errorString());
        return {};
    }
    const QString directory = QFileInfo(path).absolutePath();
    QList<CatalogueEntry> entries;
    QString context;
    CatalogueEntry entry;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            entries.append(entry);
            continue;
        }
        if (!xml.isStartElement()) {
            continue;
        }
        const QStringView name = xml.name();
        const QXmlStreamAttributes attributes = xml.attributes();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            entry = CatalogueEntry{};
            entry.context = context;
            entry.numerus = attributes.value(QLatin1String("numerus")) == QLatin1String("yes");
        } else if (name == QLatin1String("location") && entry.location.isEmpty()) {
            const QString file = attributes.value(QLatin1String("filename")).toString();
            entry.location = QStringLiteral("%1:%2").arg(
                relativeToSources(QDir(directory).absoluteFilePath(file)),
                attributes.value(QLatin1String("line")).toString());
        } else if (name == QLatin1String("source")) {
            entry.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            entry.type = attributes.value(QLatin1String("type")).toString();
            // A plural translation contains one numerusform per plural form instead of text.
            if (!entry.numerus) {
                entry.forms = {xml.readElementText()};
            }
        } else if (name == QLatin1String("numerusform")) {
            entry.forms.append(xml.readElementText());
        }
    }
    if (xml.hasError()) {
        *error = QStringLiteral("parse %1: %2 at line %3")
                     .arg(path, xml.errorString())
                     .arg(xml.lineNumber());
    }
    return entries;
}

// %1 to %99 and %n, sorted, so that a translation may reorder them but not drop or add one.
QStringList placeholdersOf(const QString& text) {
    static const QRegularExpression placeholder(QStringLiteral("%(\\d{1,2}|n)"));
    QStringList found;
    for (const QRegularExpressionMatch& match : placeholder.globalMatch(text)) {
        found.append(match.captured());
    }
    found.sort();
    return found;
}

QString problemList(const QStringList& problems) {
    QStringList shown = problems.mid(0, kListedProblems);
    if (problems.size() > kListedProblems) {
        shown.append(QStringLiteral("… and %1 more").arg(problems.size() - kListedProblems));
    }
    return shown.join(QLatin1Char('\n'));
}

} // namespace

class TranslationsTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void everyStringTranslated_data();
    void everyStringTranslated();
    void placeholdersKept_data();
    void placeholdersKept();
    void noStaleEntriesCommitted_data();
    void noStaleEntriesCommitted();

private:
    // Runs lupdate over the current sources into a copy of `committed`; returns the copy.
    // pluralsOnly keeps only the strings with %n, as for the English catalogue.
    [[nodiscard]] QString refreshedCopy(const QString& committed, bool pluralsOnly);
    void addCatalogueRows();

    QTemporaryDir dir_;
    QHash<QString, QList<CatalogueEntry>> refreshed_;
};

void TranslationsTest::initTestCase() {
    QVERIFY(dir_.isValid());
    const QString lupdate = QStringLiteral(BERTH_LUPDATE);
    QVERIFY2(QFileInfo(lupdate).isExecutable(),
             qPrintable(QStringLiteral("lupdate is missing at %1: install it with "
                                       "apt-get install qt6-l10n-tools")
                            .arg(lupdate)));
    for (const QString& language :
         {QStringLiteral("zh_CN"), QStringLiteral("de"), QStringLiteral("en")}) {
        const QString committed =
            QStringLiteral(BERTH_SOURCE_DIR "/translations/berth_%1.ts").arg(language);
        const QString copy = refreshedCopy(committed, language == QLatin1String("en"));
        QVERIFY(!copy.isEmpty());
        QString error;
        refreshed_[language] = readCatalogue(copy, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(!refreshed_[language].isEmpty(), qPrintable(copy));
    }
}

QString TranslationsTest::refreshedCopy(const QString& committed, bool pluralsOnly) {
    const QString copy = dir_.filePath(QFileInfo(committed).fileName());
    if (!QFile::copy(committed, copy)) {
        qWarning("copy %s to %s failed", qPrintable(committed), qPrintable(copy));
        return {};
    }
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    // Absolute locations, unlike the committed files, so that a failure can name the file.
    QStringList arguments{QStringLiteral("-locations"), QStringLiteral("absolute"),
                          QStringLiteral("@" BERTH_LUPDATE_LIST), QStringLiteral("-ts"), copy};
    if (pluralsOnly) {
        arguments.prepend(QStringLiteral("-pluralonly"));
    }
    lupdate.start(QStringLiteral(BERTH_LUPDATE), arguments);
    if (!lupdate.waitForFinished(kLupdateDeadlineMs)) {
        lupdate.kill();
        lupdate.waitForFinished();
        qWarning("lupdate did not finish within %d s", kLupdateDeadlineMs / 1000);
        return {};
    }
    if (lupdate.exitStatus() != QProcess::NormalExit || lupdate.exitCode() != 0) {
        qWarning("lupdate failed with code %d: %s", lupdate.exitCode(),
                 lupdate.readAll().constData());
        return {};
    }
    return copy;
}

void TranslationsTest::addCatalogueRows() {
    QTest::addColumn<QString>("language");
    QTest::addColumn<bool>("complete");
    QTest::newRow("Simplified Chinese, complete") << QStringLiteral("zh_CN") << true;
    // German may lag behind new strings, which then show in English, but what it has must be
    // right.
    QTest::newRow("German, may be partial") << QStringLiteral("de") << false;
    // English contains the plural forms only; without them "1 container(s)" shows.
    QTest::newRow("English plural forms, complete") << QStringLiteral("en") << true;
}

void TranslationsTest::everyStringTranslated_data() {
    addCatalogueRows();
}

// A tr() string without a translation shows in English in the middle of a translated window.
void TranslationsTest::everyStringTranslated() {
    QFETCH(QString, language);
    QFETCH(bool, complete);
    if (!complete) {
        QSKIP("this catalogue is allowed to be partial");
    }
    QStringList problems;
    for (const CatalogueEntry& entry : std::as_const(refreshed_[language])) {
        if (!entry.isCurrent()) {
            continue;
        }
        const bool empty = entry.forms.isEmpty() ||
                           std::any_of(entry.forms.begin(), entry.forms.end(),
                                       [](const QString& form) { return form.isEmpty(); });
        if (entry.type == QLatin1String("unfinished") || empty) {
            problems.append(entry.describe());
        }
    }
    QVERIFY2(problems.isEmpty(),
             qPrintable(QStringLiteral("%1 string(s) have no translation in "
                                       "translations/berth_%2.ts:\n%3\nRefresh the catalogues "
                                       "with `%4`, then translate the unfinished entries.")
                            .arg(problems.size())
                            .arg(language, problemList(problems), kRefreshCommand)));
}

void TranslationsTest::placeholdersKept_data() {
    addCatalogueRows();
}

// A translation that drops %1 loses the value; one that adds %3 shows a literal "%3".
void TranslationsTest::placeholdersKept() {
    QFETCH(QString, language);
    QStringList problems;
    for (const CatalogueEntry& entry : std::as_const(refreshed_[language])) {
        if (!entry.isCurrent() || entry.type == QLatin1String("unfinished")) {
            continue;
        }
        const QStringList expected = placeholdersOf(entry.source);
        for (const QString& form : entry.forms) {
            if (placeholdersOf(form) != expected) {
                problems.append(QStringLiteral("%1 -> \"%2\": expected %3, found %4")
                                    .arg(entry.describe(), form, expected.join(u' '),
                                         placeholdersOf(form).join(u' ')));
            }
        }
    }
    QVERIFY2(problems.isEmpty(),
             qPrintable(QStringLiteral("%1 translation(s) in translations/berth_%2.ts change "
                                       "the placeholders:\n%3")
                            .arg(problems.size())
                            .arg(language, problemList(problems))));
}

void TranslationsTest::noStaleEntriesCommitted_data() {
    addCatalogueRows();
}

// The refresh drops strings that left the code. An entry whose string is gone from the
// sources would mislead a translator and only makes the file longer.
void TranslationsTest::noStaleEntriesCommitted() {
    QFETCH(QString, language);
    QStringList problems;
    for (const CatalogueEntry& entry : std::as_const(refreshed_[language])) {
        if (!entry.isCurrent()) {
            problems.append(entry.describe());
        }
    }
    QVERIFY2(problems.isEmpty(),
             qPrintable(QStringLiteral("translations/berth_%1.ts holds %2 entry(ies) whose "
                                       "string is no longer in the sources:\n%3\nRefresh it "
                                       "with `%4`.")
                            .arg(language)
                            .arg(problems.size())
                            .arg(problemList(problems), kRefreshCommand)));
}

QTEST_GUILESS_MAIN(TranslationsTest)
#include "tst_translations.moc"
