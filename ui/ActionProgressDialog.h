#pragma once

#include <QDialog>
#include <QPointer>

class ActionJob;
class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

// Follows an ActionJob: n of N, the item being worked on, a result per session (done,
// already gone, failed with the reason, skipped) and Cancel, which skips the items not
// started yet. Not modal: the window stays usable while the job runs.
class ActionProgressDialog final : public QDialog
{
    Q_OBJECT

public:
    enum ResultColumn { UserColumn, ServerColumn, IdColumn, ResultColumn, DetailColumn };

    explicit ActionProgressDialog(ActionJob *job, QWidget *parent = nullptr);

    QProgressBar *progressBar() const { return m_progress; }
    QPushButton *cancelButton() const { return m_cancel; }
    QTreeWidget *results() const { return m_results; }
    QString currentItemText() const;

private:
    void itemStarted(int index);
    void itemFinished(int index);
    void jobFinished();

    QPointer<ActionJob> m_job;
    QLabel *m_summary;
    QLabel *m_current;
    QProgressBar *m_progress;
    QTreeWidget *m_results;
    QPushButton *m_cancel;
};
