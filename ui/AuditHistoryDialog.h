#pragma once

#include "AuditLog.h"
#include "AuditTableModel.h"

#include <QDialog>
#include <QFutureWatcher>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

// View › History: the audit log at `path`, newest first, with a filter over every column
// and CSV export of the rows it lets through. The log is read on a worker thread (it may
// be tens of megabytes); reload() reads it again, as the window does after each action.
class AuditHistoryDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit AuditHistoryDialog(QString path, QWidget *parent = nullptr);
    // The reading still running has nothing left to report to.
    ~AuditHistoryDialog() override;

    void reload();
    void setFilterText(const QString &text);
    // Writes the rows the filter lets through, as the table shows them; false when the file
    // could not be written.
    bool exportCsv(const QString &fileName) const;

    const AuditTableModel *records() const { return m_model; }
    QTableView *view() const { return m_view; }
    QString statusText() const;
    bool isLoading() const { return m_loading.isRunning(); }

Q_SIGNALS:
    void loaded();

private:
    void showLoaded();
    void openExportDialog();

    const QString m_path;
    AuditTableModel *const m_model;
    QSortFilterProxyModel *const m_filtered;
    QLineEdit *const m_filter;
    QTableView *const m_view;
    QLabel *const m_status;
    QFutureWatcher<AuditLog::Contents> m_loading;
    bool m_reloadAgain = false;
};
