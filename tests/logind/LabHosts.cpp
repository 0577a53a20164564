#include "LabHosts.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QSet>
#include <QThread>

namespace {

QString labScript()
{
    return QStringLiteral(SC_LAB_SCRIPT);
}

QString run(const QString &program, const QStringList &arguments, int *exitCode)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(program, arguments);
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
    }
    if (exitCode)
        *exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return QString::fromUtf8(process.readAllStandardOutput());
}

} // namespace

std::optional<LabHosts> LabHosts::load(QString *error)
{
    const QString path = qEnvironmentVariable("SC_LAB_ENV");
    if (path.isEmpty()) {
        *error = QStringLiteral("SC_LAB_ENV is not set: run these tests through ctest (the lab fixture), or "
                                "tests/lab/lab.sh run -- %1")
                     .arg(QStringLiteral("<test>"));
        return std::nullopt;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2 (did the lab start?)").arg(path, file.errorString());
        return std::nullopt;
    }
    QHash<QString, QString> values;
    for (const QByteArray &line : file.readAll().split('\n')) {
        const qsizetype equals = line.indexOf('=');
        if (equals <= 0)
            continue;
        QString value = QString::fromUtf8(line.mid(equals + 1));
        if (value.size() >= 2 && value.startsWith(u'"') && value.endsWith(u'"'))
            value = value.mid(1, value.size() - 2);
        values.insert(QString::fromUtf8(line.left(equals)), value);
    }
    LabHosts lab;
    lab.m_sshConfig = values.value(QStringLiteral("LAB_SSH_CONFIG"));
    lab.m_sshKey = values.value(QStringLiteral("LAB_SSH_KEY"));
    for (const QString &name : values.value(QStringLiteral("LAB_HOSTS")).split(u' ', Qt::SkipEmptyParts)) {
        Host host;
        host.name = name;
        host.leaderPid = values.value(QStringLiteral("LAB_%1_PID").arg(name)).toLongLong();
        host.busAddress = values.value(QStringLiteral("LAB_%1_BUS").arg(name));
        host.sshPort = values.value(QStringLiteral("LAB_%1_PORT").arg(name)).toInt();
        lab.m_hosts << host;
    }
    if (lab.m_hosts.isEmpty()) {
        *error = QStringLiteral("%1 lists no lab hosts").arg(path);
        return std::nullopt;
    }
    return lab;
}

QString LabHosts::exec(const Host &host, const QStringList &command, int *exitCode) const
{
    return run(labScript(), QStringList{QStringLiteral("exec"), host.name, QStringLiteral("--")} + command, exitCode);
}

bool LabHosts::control(const QString &command, const Host &host) const
{
    int exitCode = -1;
    run(labScript(), {command, host.name}, &exitCode);
    return exitCode == 0;
}

QStringList LabHosts::sessionIds(const Host &host) const
{
    QStringList ids;
    const QString out = exec(host, {QStringLiteral("loginctl"), QStringLiteral("list-sessions"),
                                    QStringLiteral("--no-legend")});
    for (const QString &line : out.split(u'\n', Qt::SkipEmptyParts))
        ids << line.split(u' ', Qt::SkipEmptyParts).value(0);
    return ids;
}

QStringList LabHosts::openSessions(const Host &host, const QString &user, int count) const
{
    const QStringList before = sessionIds(host);
    int exitCode = -1;
    run(labScript(), {QStringLiteral("sessions"), host.name, user, QString::number(count)}, &exitCode);
    if (exitCode != 0)
        return {};
    QStringList added;
    for (const QString &id : sessionIds(host)) {
        if (!before.contains(id))
            added << id;
    }
    return waitUntilOpened(host, added) ? added : QStringList();
}

bool LabHosts::waitUntilOpened(const Host &host, const QStringList &ids) const
{
    // A session is listed while logind still opens it (State=opening); tests start from
    // settled sessions.
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 20000) {
        const QString states = exec(host, QStringList{QStringLiteral("loginctl"), QStringLiteral("show-session")} + ids
                                              + QStringList{QStringLiteral("-p"), QStringLiteral("State"),
                                                            QStringLiteral("--value")});
        if (!states.contains(QStringLiteral("opening")))
            return true;
        QThread::msleep(50);
    }
    return false;
}

QString LabHosts::openSshSession(const Host &host, const QString &user, std::unique_ptr<QProcess> *process) const
{
    const QStringList before = sessionIds(host);
    *process = std::make_unique<QProcess>();
    (*process)->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    (*process)->start(QStringLiteral("ssh"),
                      {QStringLiteral("-F"), m_sshConfig, QStringLiteral("-xT"), QStringLiteral("-o"),
                       QStringLiteral("BatchMode=yes"), QStringLiteral("-p"), QString::number(host.sshPort),
                       QStringLiteral("--"), user + QStringLiteral("@127.0.0.1"), QStringLiteral("exec sleep 600")});
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 20000) {
        for (const QString &id : sessionIds(host)) {
            if (!before.contains(id) && sessionProperty(host, id, QStringLiteral("Name")) == user)
                return waitUntilOpened(host, {id}) ? id : QString();
        }
        QThread::msleep(100);
    }
    return {};
}

QSet<quint32> LabHosts::scopePids(const Host &host, const QString &scope) const
{
    // "  812 Ss 0::/user.slice/user-1001.slice/session-3.scope": the unified hierarchy's line.
    // A zombie still shows its cgroup in ps but is no longer among the cgroup's processes,
    // which is what systemd lists: a closing session's `sleep` is one until su reaps it.
    const QString out = exec(host, {QStringLiteral("ps"), QStringLiteral("-e"), QStringLiteral("-o"),
                                    QStringLiteral("pid=,stat=,cgroup:4096=")});
    QSet<quint32> pids;
    for (const QString &line : out.split(u'\n', Qt::SkipEmptyParts)) {
        if (line.section(u' ', 1, 1, QString::SectionSkipEmpty).startsWith(u'Z'))
            continue;
        const QString cgroup = line.section(u' ', 2, -1, QString::SectionSkipEmpty).trimmed();
        if (cgroup.endsWith(u'/' + scope) || cgroup.contains(u'/' + scope + u'/'))
            pids.insert(line.section(u' ', 0, 0, QString::SectionSkipEmpty).toUInt());
    }
    return pids;
}

QString LabHosts::sessionProperty(const Host &host, const QString &id, const QString &property) const
{
    return exec(host, {QStringLiteral("loginctl"), QStringLiteral("show-session"), id, QStringLiteral("-p"), property,
                       QStringLiteral("--value")})
        .trimmed();
}

QList<LabHosts::LoginctlSession> LabHosts::loginctlSessions(const Host &host) const
{
    const QStringList ids = sessionIds(host);
    QList<LoginctlSession> sessions;
    if (ids.isEmpty())
        return sessions;
    // show-session prints one block of NAME=VALUE lines per session, blocks separated by
    // an empty line, in the order asked.
    const QString out = exec(host,
                             QStringList{QStringLiteral("loginctl"), QStringLiteral("show-session")} + ids
                                 + QStringList{QStringLiteral("-p"), QStringLiteral("Id"), QStringLiteral("-p"),
                                               QStringLiteral("Name"), QStringLiteral("-p"), QStringLiteral("State"),
                                               QStringLiteral("-p"), QStringLiteral("Remote"), QStringLiteral("-p"),
                                               QStringLiteral("RemoteHost"), QStringLiteral("-p"),
                                               QStringLiteral("Service")});
    for (const QString &block : out.split(QStringLiteral("\n\n"), Qt::SkipEmptyParts)) {
        LoginctlSession session;
        for (const QString &line : block.split(u'\n', Qt::SkipEmptyParts)) {
            const QString key = line.section(u'=', 0, 0);
            const QString value = line.section(u'=', 1);
            if (key == u"Id")
                session.id = value;
            else if (key == u"Name")
                session.user = value;
            else if (key == u"State")
                session.state = value;
            else if (key == u"Remote")
                session.remote = value == u"yes";
            else if (key == u"RemoteHost")
                session.remoteHost = value;
            else if (key == u"Service")
                session.service = value;
        }
        if (!session.id.isEmpty())
            sessions << session;
    }
    return sessions;
}
