#pragma once

#include "ServerImport.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QTreeWidget;

// What an import found, before anything is opened: how many servers (new, or open
// already), every entry skipped with where it was and why, and the group to put the
// servers in (a new one, an existing one, or none). Accepting opens them.
class ImportServersDialog final : public QDialog
{
    Q_OBJECT

public:
    // `source` names where the servers came from ("~/.ssh/config", a file, a domain);
    // `suggestedGroup` is offered first.
    ImportServersDialog(const QString &source, const ServerImport &found, const QStringList &openServers,
                        const QStringList &groups, const QString &suggestedGroup, QWidget *parent = nullptr);

    const ServerImport &found() const { return m_import; }
    // The group chosen; empty: none.
    QString group() const;

    QLabel *summaryLabel() const { return m_summary; }
    QTreeWidget *skippedList() const { return m_skipped; }
    QComboBox *groupBox() const { return m_group; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    const ServerImport m_import;
    QLabel *const m_summary;
    QTreeWidget *const m_skipped;
    QComboBox *const m_group;
    QDialogButtonBox *const m_buttons;
};
