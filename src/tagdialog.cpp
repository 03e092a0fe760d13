#include "tagdialog.h"

#include "image/reference.h"
#include "problemline.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace berth::studio {

namespace {

constexpr char kDefaultTag[] = "latest";

} // namespace

QString imageTagProblem(const QString& repository, const QString& tag) {
    const QString name = repository.trimmed();
    if (name.isEmpty()) {
        return TagDialog::tr("Enter a repository, such as registry.example:5000/team/app.");
    }
    // The tag has a field of its own, and a digest cannot be given a tag.
    if (name.contains(QLatin1Char('@'))) {
        return TagDialog::tr("A repository has no digest: remove the part from \"@\".");
    }
    if (name.lastIndexOf(QLatin1Char(':')) > name.lastIndexOf(QLatin1Char('/'))) {
        return TagDialog::tr("Enter the tag in the Tag field, not after a colon.");
    }
    const std::string tagText = tag.trimmed().isEmpty() ? kDefaultTag : tag.trimmed().toStdString();
    if (tagText.find(':') != std::string::npos) {
        return TagDialog::tr("A tag cannot contain a colon, and digests cannot be tagged.");
    }
    if (auto parsed = image::parseRepoTag(name.toStdString(), tagText); !parsed) {
        return TagDialog::tr("Invalid repository or tag: %1.")
            .arg(QString::fromStdString(parsed.error().message));
    }
    return {};
}

TagDialog::TagDialog(const QString& source, QWidget* parent)
    : QDialog(parent)
    , repositoryEdit_(new QLineEdit(this))
    , tagEdit_(new QLineEdit(this))
    , problem_(new QLabel(this))
    , buttons_(new QDialogButtonBox(QDialogButtonBox::Cancel, this)) {
    setWindowTitle(tr("Tag %1").arg(source));
    repositoryEdit_->setObjectName(QStringLiteral("repositoryEdit"));
    repositoryEdit_->setAccessibleName(tr("Repository"));
    repositoryEdit_->setPlaceholderText(tr("registry.example:5000/team/app"));
    tagEdit_->setObjectName(QStringLiteral("tagEdit"));
    tagEdit_->setAccessibleName(tr("Tag"));
    tagEdit_->setPlaceholderText(QString::fromLatin1(kDefaultTag));
    problem_->setObjectName(QStringLiteral("tagProblem"));
    reserveProblemLine(problem_);
    tagButton_ = buttons_->addButton(tr("&Tag"), QDialogButtonBox::AcceptRole);
    tagButton_->setObjectName(QStringLiteral("tagButton"));
    tagButton_->setDefault(true);

    auto* form = new QFormLayout;
    auto* repositoryLabel = new QLabel(tr("&Repository:"), this);
    repositoryLabel->setBuddy(repositoryEdit_);
    auto* tagLabel = new QLabel(tr("T&ag:"), this);
    tagLabel->setBuddy(tagEdit_);
    form->addRow(repositoryLabel, repositoryEdit_);
    form->addRow(tagLabel, tagEdit_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(problem_);
    layout->addStretch();
    layout->addWidget(buttons_);
    setTabOrder(repositoryEdit_, tagEdit_);
    resize(460, sizeHint().height());

    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(repositoryEdit_, &QLineEdit::textChanged, this, &TagDialog::updateState);
    connect(tagEdit_, &QLineEdit::textChanged, this, &TagDialog::updateState);
    updateState();
}

QString TagDialog::repository() const {
    return repositoryEdit_->text().trimmed();
}

QString TagDialog::tag() const {
    const QString text = tagEdit_->text().trimmed();
    return text.isEmpty() ? QString::fromLatin1(kDefaultTag) : text;
}

void TagDialog::setRepository(const QString& repository) {
    repositoryEdit_->setText(repository);
}

void TagDialog::setTag(const QString& tag) {
    tagEdit_->setText(tag);
}

QString TagDialog::problem() const {
    return problemText(problem_);
}

void TagDialog::updateState() {
    const QString problem = imageTagProblem(repositoryEdit_->text(), tagEdit_->text());
    setProblemText(problem_, problem);
    tagButton_->setEnabled(problem.isEmpty());
    tagButton_->setToolTip(problem.isEmpty() ? tr("Add the tag to the image") : problem);
}

} // namespace berth::studio
