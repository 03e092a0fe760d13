#pragma once

// The studio's language. The choice is kept in QSettings under "ui/language": empty follows
// the system locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), otherwise it names a catalogue
// such as "zh_CN". It is applied when the studio starts, before any widget exists, because
// widgets set their texts once.

#include <QList>
#include <QLocale>
#include <QString>

class QCoreApplication;

namespace berth::studio {

struct LanguageOption {
    QString code; // empty for the system default
    QString label;
};

// The system default first, then every language the studio ships, each named in itself.
[[nodiscard]] QList<LanguageOption> languageOptions();

[[nodiscard]] QString languageSetting();
void setLanguageSetting(const QString& code);

// The locale for a setting: the system's for an empty one.
[[nodiscard]] QLocale localeForLanguage(const QString& code);

struct InstalledTranslations {
    bool studio = false; // berth_<lang>.qm from the resources (berth_en.qm for English)
    bool qt = false;     // qtbase_<lang>.qm from Qt's translations directory
};

// Makes the locale of `code` (a setting as above) the default and installs the studio's and
// Qt's catalogues for it on `app`, which owns them. For the system locale the first of its UI
// languages (LANGUAGE first) with a catalogue wins. English has a catalogue of plural forms
// only, which also serves a language without a catalogue of its own.
InstalledTranslations installTranslations(QCoreApplication* app, const QString& code);

} // namespace berth::studio
