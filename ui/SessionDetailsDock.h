#pragma once

#include "Session.h"
#include "SessionSource.h"

#include <QDockWidget>
#include <QPointer>

#include <optional>

class QAction;
class QLabel;
class QTreeWidget;
class RefreshScheduler;
class ServerTab;
class SessionDetailsFetcher;

// The details pane: every field the backend knows for the current session of the tab it
// follows, read when that session changes (another row, or its row changed in a refresh)
// or on reload(), off the GUI thread through SessionDetailsFetcher, and only while the
// pane is shown. Says "Loading…", the backend's error, or that the server has no details
// instead. The fields are a read-only two-column list (label, value) of plain text;
// Ctrl+C copies the selected ones as "label<TAB>value" lines, the context menu all.
class SessionDetailsDock final : public QDockWidget
{
    Q_OBJECT

public:
    explicit SessionDetailsDock(RefreshScheduler *scheduler, QWidget *parent = nullptr);
    ~SessionDetailsDock() override;

    // Shows the current session of `tab` from now on (nullptr: none).
    void follow(ServerTab *tab);
    // Reads the shown session's details again.
    void reload();

    // The session shown, or nullopt when none is selected.
    const std::optional<Session> &session() const { return m_session; }
    QTreeWidget *fieldList() const { return m_fields; }
    // What stands above the fields: the loading note, the error, or why there is nothing.
    QLabel *statusLabel() const { return m_status; }
    QAction *copyAction() const { return m_copy; }
    QAction *copyAllAction() const { return m_copyAll; }

protected:
    // Ctrl+C in the list copies its rows: the window's Copy (the grid's rows) has the same key.
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    std::optional<Session> currentSession() const;
    void currentChanged();
    void load();
    void showDetails(const Session &session, const DetailsResult &result);
    void showNothingSelected();
    void showStatus(const QString &text);
    void copyRows(bool all) const;

    RefreshScheduler *const m_scheduler;
    SessionDetailsFetcher *const m_fetcher;
    QLabel *const m_heading;
    QLabel *const m_status;
    QTreeWidget *const m_fields;
    QAction *const m_copy;
    QAction *const m_copyAll;
    QPointer<ServerTab> m_tab;
    QList<QMetaObject::Connection> m_tabConnections;
    std::optional<Session> m_session;
    // The session changed while the pane was hidden: read when it is shown.
    bool m_loadWhenShown = false;
};
