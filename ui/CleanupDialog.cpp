#include "CleanupDialog.h"

#include "ConfirmList.h"
#include "DisplayText.h"
#include "DurationText.h"
#include "SessionTableModel.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace {

QStringList names(const QLineEdit *edit)
{
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    return edit->text().split(separators, Qt::SkipEmptyParts);
}

} // namespace

CleanupDialog::CleanupDialog(QList<CleanupEvaluator::ServerEnumeration> servers, QThreadPool *pool, QWidget *parent)
    : QDialog(parent)
    , m_servers(std::move(servers))
    , m_pool(pool)
    , m_useDisconnected(new QCheckBox(tr("&Disconnected for at least"), this))
    , m_disconnectedFor(new QLineEdit(QStringLiteral("2h"), this))
    , m_useIdle(new QCheckBox(tr("&Idle for at least"), this))
    , m_idleFor(new QLineEdit(QStringLiteral("1d"), this))
    , m_users(new QLineEdit(this))
    , m_excludeUsers(new QLineEdit(this))
    , m_excludeGroups(new QLineEdit(this))
    , m_warn(new QCheckBox(tr("&Warn the users first, then wait"), this))
    , m_message(new QPlainTextEdit(this))
    , m_grace(new QLineEdit(QStringLiteral("5m"), this))
    , m_list(new QTreeWidget(this))
    , m_summary(new QLabel(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_previewButton(new QPushButton(tr("&Preview"), this))
{
    setWindowTitle(tr("Log Off Idle or Disconnected Sessions"));
    m_useDisconnected->setChecked(true);
    m_disconnectedFor->setAccessibleName(tr("Disconnected for at least"));
    m_idleFor->setAccessibleName(tr("Idle for at least"));
    m_idleFor->setEnabled(false);
    for (QLineEdit *edit : {m_disconnectedFor, m_idleFor, m_grace})
        edit->setPlaceholderText(tr("e.g. 90m, 2h, 1d or 1h30m"));
    m_users->setPlaceholderText(tr("everyone"));
    m_excludeUsers->setPlaceholderText(tr("no one"));
    m_excludeGroups->setPlaceholderText(tr("none"));
    m_excludeGroups->setToolTip(tr("Only this computer can tell who is in a group. Sessions on other servers are left "
                                   "alone when a group is given here, and the preview says so."));

    auto *rule = new QGroupBox(tr("Rule"), this);
    auto *form = new QFormLayout(rule);
    form->addRow(m_useDisconnected, m_disconnectedFor);
    form->addRow(m_useIdle, m_idleFor);
    form->addRow(tr("Only &users:"), m_users);
    form->addRow(tr("&Except users:"), m_excludeUsers);
    form->addRow(tr("Except members of &groups:"), m_excludeGroups);
    auto *either = new QLabel(tr("Either criterion is enough. A disconnected session is idle since it was "
                                 "disconnected; with both checked, its own limit above decides for it."),
                              rule);
    either->setWordWrap(true);
    form->addRow(either);

    auto *warning = new QGroupBox(tr("Warning"), this);
    auto *warningForm = new QFormLayout(warning);
    m_message->setPlainText(tr("Your session will be logged off in a few minutes. Please save your work."));
    m_message->setAccessibleName(tr("Warning message"));
    m_message->setMaximumHeight(m_message->fontMetrics().lineSpacing() * 4);
    m_message->setEnabled(false);
    m_grace->setEnabled(false);
    m_grace->setAccessibleName(tr("Grace period"));
    warningForm->addRow(m_warn);
    warningForm->addRow(tr("&Message:"), m_message);
    warningForm->addRow(tr("Grace &period:"), m_grace);

    m_error->setObjectName(QStringLiteral("CleanupError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #b71c1c; }"));
    m_error->hide();
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setText(tr("Preview shows exactly the sessions the rule would log off."));

    m_list->setAccessibleName(tr("Sessions the rule would log off"));
    setSessionColumns(m_list);
    m_list->setColumnCount(ReasonColumn + 1);
    m_list->headerItem()->setText(IdleColumn, tr("Idle"));
    m_list->headerItem()->setText(ReasonColumn, tr("Why"));
    // Idle before the logon time, as the grid has it.
    m_list->header()->moveSection(IdleColumn, LogonTimeColumn);
    m_list->setSortingEnabled(false);

    m_buttons->addButton(m_previewButton, QDialogButtonBox::ActionRole);
    connect(m_previewButton, &QPushButton::clicked, this, &CleanupDialog::preview);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        QString error;
        if (!warningFromInput(&error) && !error.isEmpty()) {
            showError(error);
            return;
        }
        accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    connect(m_useDisconnected, &QCheckBox::toggled, m_disconnectedFor, &QWidget::setEnabled);
    connect(m_useIdle, &QCheckBox::toggled, m_idleFor, &QWidget::setEnabled);
    connect(m_warn, &QCheckBox::toggled, m_message, &QWidget::setEnabled);
    connect(m_warn, &QCheckBox::toggled, m_grace, &QWidget::setEnabled);
    for (QCheckBox *box : {m_useDisconnected, m_useIdle})
        connect(box, &QCheckBox::toggled, this, &CleanupDialog::ruleChanged);
    for (QLineEdit *edit : {m_disconnectedFor, m_idleFor, m_users, m_excludeUsers, m_excludeGroups})
        connect(edit, &QLineEdit::textChanged, this, &CleanupDialog::ruleChanged);
    connect(m_warn, &QCheckBox::toggled, this, &CleanupDialog::updateButtons);

    auto *top = new QHBoxLayout;
    top->addWidget(rule, 3);
    top->addWidget(warning, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_error);
    layout->addWidget(m_summary);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_buttons);
    updateButtons();
}

CleanupDialog::~CleanupDialog() = default;

std::optional<CleanupRule> CleanupDialog::ruleFromInput(QString *error) const
{
    CleanupRule rule;
    if (m_useDisconnected->isChecked()) {
        rule.disconnectedFor = DurationText::parse(m_disconnectedFor->text(), error);
        if (!rule.disconnectedFor) {
            *error = tr("Disconnected for: %1").arg(*error);
            return std::nullopt;
        }
    }
    if (m_useIdle->isChecked()) {
        rule.idleFor = DurationText::parse(m_idleFor->text(), error);
        if (!rule.idleFor) {
            *error = tr("Idle for: %1").arg(*error);
            return std::nullopt;
        }
    }
    if (!rule.hasCriterion()) {
        *error = tr("Check Disconnected, Idle or both.");
        return std::nullopt;
    }
    rule.users = names(m_users);
    rule.excludeUsers = names(m_excludeUsers);
    rule.excludeGroups = names(m_excludeGroups);
    return rule;
}

std::optional<CleanupRun::Warning> CleanupDialog::warningFromInput(QString *error) const
{
    if (!m_warn->isChecked())
        return std::nullopt;
    QString why;
    const std::optional<std::chrono::seconds> grace = DurationText::parse(m_grace->text(), &why);
    if (!grace) {
        *error = tr("Grace period: %1").arg(why);
        return std::nullopt;
    }
    const QString text = m_message->toPlainText().trimmed();
    if (text.isEmpty()) {
        *error = tr("Write the message that warns the users, or uncheck Warn.");
        return std::nullopt;
    }
    return CleanupRun::Warning{tr("Message from your administrator"), text, *grace};
}

std::optional<CleanupRun::Warning> CleanupDialog::warning() const
{
    QString error;
    return warningFromInput(&error);
}

void CleanupDialog::ruleChanged()
{
    ++m_generation;
    m_plan.reset();
    m_list->clear();
    m_error->hide();
    m_summary->setText(tr("The rule has changed: Preview again to see what it would log off."));
    updateButtons();
}

void CleanupDialog::preview()
{
    QString error;
    const std::optional<CleanupRule> rule = ruleFromInput(&error);
    if (!rule) {
        showError(error);
        return;
    }
    m_error->hide();
    m_plan.reset();
    m_list->clear();
    m_previewing = true;
    m_summary->setText(tr("Asking %n server(s)…", nullptr, int(m_servers.size())));
    updateButtons();
    const int generation = ++m_generation;
    auto *watcher = new QFutureWatcher<CleanupPlan>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return; // the rule changed meanwhile
        m_previewing = false;
        showPlan(watcher->result());
        Q_EMIT previewFinished();
    });
    const QList<CleanupEvaluator::ServerEnumeration> servers = m_servers;
    const CleanupEvaluator::GroupLookup groups = m_groups;
    watcher->setFuture(QtConcurrent::run(m_pool, [servers, rule = *rule, groups] {
        return CleanupEvaluator::evaluate(rule, QDateTime::currentDateTimeUtc(), CleanupEvaluator::enumerate(servers),
                                          groups);
    }));
}

void CleanupDialog::showPlan(const CleanupPlan &plan)
{
    m_plan = plan;
    m_list->clear();
    for (const CleanupMatch &match : plan.matches) {
        QTreeWidgetItem *item = addSessionRow(m_list, match.session);
        item->setText(IdleColumn, SessionTableModel::formatIdle(match.session.idleSeconds(plan.evaluatedAt)));
        item->setText(ReasonColumn, match.reason);
    }
    fitColumnsToContents(m_list);

    QStringList lines;
    lines.append(QStringLiteral("<b>%1</b>")
                     .arg(tr("%n session(s) would be logged off.", nullptr, int(plan.matches.size())).toHtmlEscaped()));
    QStringList counts;
    for (const CleanupServer &server : plan.servers) {
        const QString name = serverDisplayName(server.server).toHtmlEscaped();
        if (server.error) {
            lines.append(QStringLiteral("<span style=\"color:#b71c1c\">%1</span>")
                             .arg(tr("%1 could not be asked: %2").arg(name, server.error->toString().toHtmlEscaped())));
        } else {
            counts.append(tr("%1: %2").arg(name).arg(server.matched));
        }
    }
    if (!counts.isEmpty())
        lines.append(tr("Per server: %1").arg(counts.join(QStringLiteral(", "))));
    if (!plan.undecided.isEmpty()) {
        lines.append(tr("%n session(s) left alone: their server cannot tell whether the user is in the groups "
                        "excluded (only this computer's own users can be looked up).",
                        nullptr, int(plan.undecided.size()))
                         .toHtmlEscaped());
    }
    QStringList mute;
    for (const QString &server : plan.serversWithoutMessages())
        mute.append(serverDisplayName(server).toHtmlEscaped());
    if (!mute.isEmpty())
        lines.append(tr("Cannot send a warning message on %1: its sessions would be logged off unwarned.")
                         .arg(mute.join(QStringLiteral(", "))));
    m_summary->setText(lines.join(QStringLiteral("<br>")));
    updateButtons();
}

void CleanupDialog::showError(const QString &text)
{
    m_error->setText(text);
    m_error->show();
}

void CleanupDialog::updateButtons()
{
    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    const int count = m_plan ? int(m_plan->matches.size()) : 0;
    ok->setEnabled(!m_previewing && count > 0);
    ok->setText(m_warn->isChecked() ? tr("&Warn, Then Log Off %n Session(s)", nullptr, count)
                                    : tr("&Log Off %n Session(s)", nullptr, count));
    m_previewButton->setEnabled(!m_previewing);
    m_previewButton->setDefault(!m_plan);
    ok->setDefault(m_plan.has_value());
}
