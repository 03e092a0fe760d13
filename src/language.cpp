#include "language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLoggingCategory>
#include <QSettings>
#include <QTranslator>

namespace berth::studio {

namespace {

Q_LOGGING_CATEGORY(lcLanguage, "berth.studio.language", QtWarningMsg)

const QString kLanguageKey = QStringLiteral("ui/language");

// Loads `catalogue`_<language>.qm for the first of the locale's UI languages that has one.
bool installCatalogue(QCoreApplication* app, const QLocale& locale, const QString& catalogue,
                      const QString& directory) {
    auto* translator = new QTranslator(app);
    if (!translator->load(locale, catalogue, QStringLiteral("_"), directory)) {
        delete translator;
        return false;
    }
    QCoreApplication::installTranslator(translator);
    return true;
}

} // namespace

QList<LanguageOption> languageOptions() {
    // The names of the languages stay in their own language, so that a user who cannot read
    // the current one still finds theirs.
    return {
        {QString(), QCoreApplication::translate("berth::studio::Language", "System default")},
        {QStringLiteral("en"), QStringLiteral("English")},
        {QStringLiteral("zh_CN"), QStringLiteral("简体中文")},
        {QStringLiteral("de"), QStringLiteral("Deutsch")},
    };
}

QString languageSetting() {
    return QSettings().value(kLanguageKey).toString();
}

void setLanguageSetting(const QString& code) {
    QSettings settings;
    if (code.isEmpty()) {
        settings.remove(kLanguageKey);
    } else {
        settings.setValue(kLanguageKey, code);
    }
}

QLocale localeForLanguage(const QString& code) {
    return code.isEmpty() ? QLocale::system() : QLocale(code);
}

InstalledTranslations installTranslations(QCoreApplication* app, const QString& code) {
    const QLocale locale = localeForLanguage(code);
    QLocale::setDefault(locale);
    InstalledTranslations installed;
    const QString studioDirectory = QStringLiteral(":/i18n");
    installed.studio = installCatalogue(app, locale, QStringLiteral("berth"), studioDirectory);
    if (code == QLatin1String("en")) {
        return installed;
    }
    if (!installed.studio) {
        // The texts stay English, so they get English plural forms ("1 container").
        installCatalogue(app, QLocale(QLocale::English), QStringLiteral("berth"), studioDirectory);
    }
    const QString qtDirectory = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
    installed.qt = installCatalogue(app, locale, QStringLiteral("qtbase"), qtDirectory);
    // The editor's context menu. QScintilla ships no Chinese catalogue, so it stays English.
    installCatalogue(app, locale, QStringLiteral("qscintilla"), qtDirectory);
    if (installed.studio && !installed.qt && locale.language() != QLocale::English) {
        qCWarning(lcLanguage).noquote()
            << "Qt's own texts stay in English: no qtbase catalogue for" << locale.name() << "in"
            << qtDirectory << "(Debian package qt6-translations-l10n)";
    }
    return installed;
}

} // namespace berth::studio
