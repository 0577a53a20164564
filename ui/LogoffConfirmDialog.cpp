#include "LogoffConfirmDialog.h"

#include "ConfirmList.h"
#include "DisplayText.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

LogoffConfirmDialog::LogoffConfirmDialog(const QList<Session> &sessions, QWidget *parent)
    : QDialog(parent)
    , m_sessions(sessions)
    , m_wait(new QCheckBox(tr("&Wait until the sessions have logged off"), this))
{
    setWindowTitle(tr("Log Off Sessions"));
    // English says "this session" for one: see resources/translations/session-console_en.ts.
    auto *question = new QLabel(tr("Log off these %Ln session(s)? Their programs are closed and unsaved work is lost.",
                                   nullptr, int(sessions.size())),
                                this);
    question->setWordWrap(true);

    // The identity the administrator checks: which server, whose logon, since when.
    auto *list = new QTreeWidget(this);
    list->setAccessibleName(tr("Sessions to log off"));
    setSessionColumns(list);
    QStringList ownLines;
    for (const Session &s : sessions) {
        QTreeWidgetItem *item = addSessionRow(list, s);
        if (s.own) {
            m_ownIncluded = true;
            QFont bold = item->font(0);
            bold.setBold(true);
            for (int column = 0; column < item->columnCount(); ++column) {
                item->setFont(column, bold);
                item->setForeground(column, QColor(0xb7, 0x1c, 0x1c));
            }
            ownLines.append(tr("%1 on %2, ID %3").arg(userDisplayName(s), serverDisplayName(s.server), s.id));
        }
    }
    fitColumnsToContents(list);
    m_list = list;

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("&Log Off"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_wait->setChecked(true);
    m_wait->setToolTip(tr("Reports each session as done only once it has ended, like logoff /w"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(question);
    if (m_ownIncluded) {
        auto *warning = new QLabel(this);
        warning->setObjectName(QStringLiteral("OwnSessionWarning"));
        warning->setAccessibleName(tr("Own session warning"));
        warning->setWordWrap(true);
        warning->setTextFormat(Qt::RichText);
        warning->setText(tr("<b>This includes the session this console runs in</b> (%1). "
                            "Logging it off closes this window and everything else you have open there.")
                             .arg(ownLines.join(QStringLiteral("; ")).toHtmlEscaped()));
        warning->setStyleSheet(QStringLiteral(
            "QLabel { background: #fdecea; color: #5f1111; border-left: 4px solid #c62828; padding: 8px; }"));
        layout->addWidget(warning);
        // The safe answer is the default one when the console's own session is at stake.
        buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
        ok->setAutoDefault(false);
    } else {
        ok->setDefault(true);
    }
    layout->addWidget(list, 1);
    layout->addWidget(m_wait);
    layout->addWidget(buttons);
}

bool LogoffConfirmDialog::waitUntilLoggedOff() const
{
    return m_wait->isChecked();
}
