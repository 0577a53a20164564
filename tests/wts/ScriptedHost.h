#pragma once

#include <QString>
#include <QStringList>
#include <QTemporaryDir>

// One scripted RD Session Host for a test: writes its script (see scripted-host/HostScript.h)
// into a temporary directory and names it in SC_WTS_HOST_SCRIPT, which the wtsapi32.dll beside
// the executables reads, in this process and in the programs it starts.
class ScriptedHost final
{
public:
    explicit ScriptedHost(const QString &script);
    ~ScriptedHost();
    Q_DISABLE_COPY_MOVE(ScriptedHost)

    bool isValid() const { return m_valid; }
    // What the host appended as it served the calls ("at …", "sent …").
    QStringList record() const;

    struct Run final
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    // Runs sessionctl.exe (beside this executable) with `arguments`, to its end.
    static Run sessionctl(const QStringList &arguments);

private:
    QTemporaryDir m_dir;
    QString m_path;
    QStringList m_scriptLines;
    bool m_valid = false;
};
