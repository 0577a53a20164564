#include "ImportServersDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

ImportServersDialog::ImportServersDialog(const QString &source, const ServerImport &found,
                                         const QStringList &openServers, const QStringList &groups,
                                         const QString &suggestedGroup, QWidget *parent)
    : QDialog(parent)
    , m_import(found)
    , m_summary(new QLabel(this))
    , m_skipped(new QTreeWidget(this))
    , m_group(new QComboBox(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Import Servers"));
    const auto alreadyOpen = std::count_if(found.servers.cbegin(), found.servers.cend(),
                                           [&openServers](const QString &server) {
                                               return openServers.contains(server);
                                           });
    const int fresh = int(found.servers.size() - alreadyOpen);
    QString summary = tr("%1: %n server(s) found", nullptr, int(found.servers.size())).arg(source.toHtmlEscaped());
    if (alreadyOpen > 0)
        summary += tr(", %n already open", nullptr, int(alreadyOpen));
    summary += u'.';
    if (!found.skipped.isEmpty())
        summary += u' ' + tr("%n entry(s) skipped:", nullptr, int(found.skipped.size()));
    m_summary->setText(summary);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);

    m_skipped->setHeaderLabels({tr("Where"), tr("Entry"), tr("Reason")});
    m_skipped->setRootIsDecorated(false);
    m_skipped->setUniformRowHeights(true);
    m_skipped->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_skipped->header()->setStretchLastSection(true);
    for (const ServerImport::Skipped &skipped : found.skipped)
        new QTreeWidgetItem(m_skipped, {skipped.where, skipped.entry, skipped.reason}); // owned by the list
    m_skipped->setVisible(!found.skipped.isEmpty());

    m_group->setEditable(true);
    m_group->setInsertPolicy(QComboBox::NoInsert);
    m_group->addItem(suggestedGroup);
    m_group->addItems(groups);
    m_group->addItem(tr("(no group)"));
    m_group->setAccessibleName(tr("Group"));
    m_group->setToolTip(tr("The group the servers are put in: a new name makes a new group"));

    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setText(fresh > 0 ? tr("&Open %n Server(s)", nullptr, fresh) : tr("&Add to Group"));
    ok->setEnabled(!found.servers.isEmpty());
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout;
    form->addRow(tr("Put in &group:"), m_group);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_skipped, 1);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    resize(640, found.skipped.isEmpty() ? 160 : 380);
}

QString ImportServersDialog::group() const
{
    const QString text = m_group->currentText().trimmed();
    return text == tr("(no group)") ? QString() : text;
}
