#include "commitdialog.h"
#include "problemline.h"

#include "runline.h"
#include "ui_commitdialog.h"

#include <QCoreApplication>
#include <QFontDatabase>
#include <QPushButton>

namespace berth::studio {

namespace {

QString quoted(const QString& word) {
    return QString::fromStdString(quoteShellWord(word.toStdString()));
}

} // namespace

QString commitChangeProblem(const QString& line) {
    static const QStringList kAllowed = {
        QStringLiteral("CMD"),    QStringLiteral("ENTRYPOINT"), QStringLiteral("ENV"),
        QStringLiteral("EXPOSE"), QStringLiteral("LABEL"),      QStringLiteral("ONBUILD"),
        QStringLiteral("USER"),   QStringLiteral("VOLUME"),     QStringLiteral("WORKDIR")};
    const QString instruction = line.trimmed().section(QLatin1Char(' '), 0, 0).toUpper();
    if (kAllowed.contains(instruction)) {
        return {};
    }
    return QCoreApplication::translate("berth::studio::CommitDialog",
                                       "\"%1\" cannot be changed by a commit; use CMD, "
                                       "ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, USER, VOLUME "
                                       "or WORKDIR.")
        .arg(line.trimmed().section(QLatin1Char(' '), 0, 0));
}

CommitDialog::CommitDialog(const QString& container, QWidget* parent)
    : QDialog(parent)
    , ui_(std::make_unique<Ui::CommitDialog>())
    , container_(container) {
    ui_->setupUi(this);
    for (QLabel* label : {ui_->referenceProblem, ui_->changesProblem}) {
        reserveProblemLine(label);
    }
    setWindowTitle(tr("Commit %1").arg(container));
    ui_->intro->setText(tr("Makes an image from the files %1 changed, on top of its image, "
                           "like docker commit. Data in its volumes is not part of the image.")
                            .arg(container));
    commitButton_ = ui_->buttonBox->addButton(tr("&Commit"), QDialogButtonBox::AcceptRole);
    commitButton_->setObjectName(QStringLiteral("commitButton"));
    commitButton_->setDefault(true);
    connect(ui_->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    for (QLineEdit* edit : {ui_->referenceEdit, ui_->messageEdit, ui_->authorEdit}) {
        connect(edit, &QLineEdit::textChanged, this, &CommitDialog::updateState);
    }
    connect(ui_->changesEdit, &QPlainTextEdit::textChanged, this, &CommitDialog::updateState);
    connect(ui_->pauseCheck, &QCheckBox::toggled, this, &CommitDialog::updateState);
    ui_->commandEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    updateState();
}

CommitDialog::~CommitDialog() = default;

QString CommitDialog::reference() const {
    return ui_->referenceEdit->text().trimmed();
}

QStringList CommitDialog::changeLines() const {
    QStringList lines;
    for (const QString& line : ui_->changesEdit->toPlainText().split(QLatin1Char('\n'))) {
        if (!line.trimmed().isEmpty()) {
            lines << line.trimmed();
        }
    }
    return lines;
}

client::CommitRequest CommitDialog::request() const {
    client::CommitRequest request;
    request.container = container_.toStdString();
    // The tag follows the last colon after the last slash. A colon before that slash
    // belongs to a registry's port.
    const QString text = reference();
    const int colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon > text.lastIndexOf(QLatin1Char('/'))) {
        request.repository = text.left(colon).toStdString();
        request.tag = text.mid(colon + 1).toStdString();
    } else {
        request.repository = text.toStdString();
    }
    request.comment = ui_->messageEdit->text().toStdString();
    request.author = ui_->authorEdit->text().toStdString();
    for (const QString& line : changeLines()) {
        request.changes.push_back(line.toStdString());
    }
    request.pause = ui_->pauseCheck->isChecked();
    return request;
}

void CommitDialog::setReference(const QString& reference) {
    ui_->referenceEdit->setText(reference);
}

void CommitDialog::setMessage(const QString& message) {
    ui_->messageEdit->setText(message);
}

void CommitDialog::setAuthor(const QString& author) {
    ui_->authorEdit->setText(author);
}

void CommitDialog::setChanges(const QStringList& changes) {
    ui_->changesEdit->setPlainText(changes.join(QLatin1Char('\n')));
}

QString CommitDialog::commandLine() const {
    QStringList words{QStringLiteral("docker"), QStringLiteral("commit")};
    if (!ui_->messageEdit->text().isEmpty()) {
        words << QStringLiteral("-m") << quoted(ui_->messageEdit->text());
    }
    if (!ui_->authorEdit->text().isEmpty()) {
        words << QStringLiteral("-a") << quoted(ui_->authorEdit->text());
    }
    for (const QString& line : changeLines()) {
        words << QStringLiteral("-c") << quoted(line);
    }
    if (!ui_->pauseCheck->isChecked()) {
        words << QStringLiteral("--pause=false");
    }
    words << quoted(container_);
    if (!reference().isEmpty()) {
        words << quoted(reference());
    }
    return words.join(QLatin1Char(' '));
}

QStringList CommitDialog::problems() const {
    QStringList found;
    for (QLabel* label : {ui_->referenceProblem, ui_->changesProblem}) {
        if (const QString problem = problemText(label); !problem.isEmpty()) {
            found << problem;
        }
    }
    return found;
}

void CommitDialog::updateState() {
    QString referenceProblem;
    if (!reference().isEmpty()) {
        RunSpec probe;
        probe.image = reference().toStdString();
        if (!validateRunSpec(probe).empty()) {
            referenceProblem = tr("Not an image name: use lower-case letters, digits and "
                                  "-_./ with an optional :tag.");
        }
    }
    QStringList changeProblems;
    for (const QString& line : changeLines()) {
        if (QString problem = commitChangeProblem(line); !problem.isEmpty()) {
            changeProblems << problem;
        }
    }
    setProblemText(ui_->referenceProblem, referenceProblem);
    setProblemText(ui_->changesProblem, changeProblems.join(QLatin1Char('\n')));
    ui_->commandEdit->setText(commandLine());
    ui_->commandEdit->setCursorPosition(0);

    const QStringList all = problems();
    commitButton_->setEnabled(all.isEmpty());
    commitButton_->setToolTip(all.join(QLatin1Char('\n')));
}

} // namespace berth::studio
