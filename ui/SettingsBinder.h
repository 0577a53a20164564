#pragma once

#include "ConsoleSettings.h"

#include <QObject>
#include <QSet>
#include <QTimer>

class ErrorBanner;
class QMainWindow;
class RefreshScheduler;
class ServerTab;
class ServerWorkspace;

// What is saved, when, and why. Reads ConsoleSettings once and applies it (the refresh
// interval, the All servers tab's columns, the server groups, the window's geometry); keeps the saved server
// list until the user edits the tabs, the recent servers, and the one column layout the
// server tabs share; writes a second after a change, and when the window closes. Only a
// change by the user may overwrite a settings file that could not be read: a layout alone
// may not. The demo farm opened as a fallback is never saved. It does not open servers
// (ServerWorkspace) nor own any widget.
class SettingsBinder final : public QObject
{
    Q_OBJECT

public:
    // Reads `fileName` (empty: the user's settings file) and applies what it can at once;
    // says in `note` when the file could not be read.
    SettingsBinder(const QString &fileName, QMainWindow *window, ServerWorkspace *workspace,
                   RefreshScheduler *scheduler, ErrorBanner *note);

    ConsoleSettings &settings() { return m_settings; }
    // The servers saved last time, in tab order.
    QStringList savedServers() const { return m_savedServers; }
    QStringList recentServers() const { return m_recent; }

    // Restores the window's geometry and toolbars; call once the toolbars exist.
    void restoreWindow();
    // Saves a second from now, so a burst of changes writes once. `byUser`: the user
    // changed a setting (a layout alone is not one).
    void scheduleSave(bool byUser);
    // Saves now (if allowed); true when written.
    bool save();
    // The window is asked to close: whatever the answer, the layout is the user's now.
    void saveBeforeClosing();

private:
    ConsoleSettings::Values currentValues() const;
    void restoreColumns(ServerTab *tab, const QByteArray &state);
    void columnsChanged(ServerTab *tab);
    void applySharedColumns();
    // The layout `tab` shares with the tabs of its kind: one server, or many.
    const QByteArray &sharedColumns(const ServerTab *tab) const;
    void serverListChangedByUser();

    ConsoleSettings m_settings;
    QMainWindow *const m_window;
    ServerWorkspace *const m_workspace;
    RefreshScheduler *const m_scheduler;
    QStringList m_savedServers; // the list in the settings, kept until the user edits the tabs
    QSet<QString> m_transient;  // the demo farm opened as a fallback: never saved
    QStringList m_recent;
    QByteArray m_serverColumns; // shared by every server tab
    QByteArray m_manyColumns;   // shared by the All servers tab and the groups' tabs
    bool m_serverListEdited = false;
    bool m_applyingLayout = false; // a layout restored here is no change to save
    bool m_saveByUser = false;
    QTimer m_saveTimer;
};
