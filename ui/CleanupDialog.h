#pragma once

#include "CleanupEvaluator.h"
#include "CleanupRun.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QThreadPool;
class QTreeWidget;

// Action › Log Off Idle or Disconnected…: the rule, then a preview of exactly the sessions it
// would end (server, user, id, state, idle, logon time, and why), the count per server, the
// servers that could not be asked and what the rule cannot decide there; optionally a warning
// message and a grace period. The preview asks the servers on `pool`, never on the GUI thread;
// any change to the rule drops it, so what is confirmed is always what was shown. Accepting
// hands plan() and warning() to the caller, which runs them (CleanupController).
class CleanupDialog final : public QDialog
{
    Q_OBJECT

public:
    // `servers` are those of the tab the dialog was opened on, each with its source.
    CleanupDialog(QList<CleanupEvaluator::ServerEnumeration> servers, QThreadPool *pool, QWidget *parent = nullptr);
    ~CleanupDialog() override;

    enum PreviewColumn { ServerColumn, UserColumn, IdColumn, StateColumn, LogonTimeColumn, IdleColumn, ReasonColumn };

    // Lets tests answer group questions; UserGroups::of otherwise.
    void setGroupLookup(CleanupEvaluator::GroupLookup lookup) { m_groups = std::move(lookup); }

    // Asks the servers for the preview of the rule as entered; says what is wrong instead when it is not valid.
    void preview();
    bool isPreviewing() const { return m_previewing; }
    // The preview shown, which is what confirming ends (each session still checked by identity).
    const std::optional<CleanupPlan> &plan() const { return m_plan; }
    // The warning to send first, when asked for and valid.
    std::optional<CleanupRun::Warning> warning() const;

    QLineEdit *disconnectedEdit() const { return m_disconnectedFor; }
    QLineEdit *idleEdit() const { return m_idleFor; }
    QCheckBox *disconnectedCheck() const { return m_useDisconnected; }
    QCheckBox *idleCheck() const { return m_useIdle; }
    QLineEdit *excludeUsersEdit() const { return m_excludeUsers; }
    QCheckBox *warnCheck() const { return m_warn; }
    QLineEdit *graceEdit() const { return m_grace; }
    QPlainTextEdit *messageEdit() const { return m_message; }
    QTreeWidget *previewList() const { return m_list; }
    QLabel *summaryLabel() const { return m_summary; }
    QLabel *errorLabel() const { return m_error; }
    QDialogButtonBox *buttons() const { return m_buttons; }
    QPushButton *previewButton() const { return m_previewButton; }

Q_SIGNALS:
    void previewFinished();

private:
    std::optional<CleanupRule> ruleFromInput(QString *error) const;
    // The warning as entered (nullopt and `error` when it is not valid), or nullopt with no error when not asked for.
    std::optional<CleanupRun::Warning> warningFromInput(QString *error) const;
    void ruleChanged();
    void showPlan(const CleanupPlan &plan);
    void showError(const QString &text);
    void updateButtons();

    const QList<CleanupEvaluator::ServerEnumeration> m_servers;
    QThreadPool *const m_pool;
    CleanupEvaluator::GroupLookup m_groups;
    QCheckBox *m_useDisconnected;
    QLineEdit *m_disconnectedFor;
    QCheckBox *m_useIdle;
    QLineEdit *m_idleFor;
    QLineEdit *m_users;
    QLineEdit *m_excludeUsers;
    QLineEdit *m_excludeGroups;
    QCheckBox *m_warn;
    QPlainTextEdit *m_message;
    QLineEdit *m_grace;
    QTreeWidget *m_list;
    QLabel *m_summary;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    QPushButton *m_previewButton;
    std::optional<CleanupPlan> m_plan;
    int m_generation = 0; // bumped by every change, so a preview of an older rule is dropped
    bool m_previewing = false;
};
