#include "ServerAddress.h"

#include <QHash>
#include <QUrlQuery>

namespace {

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

// The first reason `text` cannot be handed to ssh as a host or user name, or empty.
QString unsafeReason(const QString &text, const QString &what)
{
    if (text.isEmpty())
        return ServerAddress::tr("%1 is empty").arg(what);
    if (text.startsWith(u'-'))
        return ServerAddress::tr("%1 must not start with '-' (it would be read as an option)").arg(what);
    for (const QChar c : text) {
        if (c == QChar::ReplacementCharacter)
            return ServerAddress::tr("%1 is not valid UTF-8").arg(what);
        if (c.isSpace())
            return ServerAddress::tr("%1 must not contain whitespace").arg(what);
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            return ServerAddress::tr("%1 must not contain control characters").arg(what);
        if (QStringView(u"'\"`;|&$()<>\\*?![]{}~#%=,").contains(c))
            return ServerAddress::tr("%1 must not contain '%2'").arg(what, c);
        if (c.unicode() > 0x7f)
            return ServerAddress::tr("%1 must be plain ASCII (use the punycode form of the name)").arg(what);
    }
    return {};
}

QString hostReason(const QString &host)
{
    if (host.size() > ServerAddress::MaxHostLength)
        return ServerAddress::tr("host name is longer than %n characters", nullptr, ServerAddress::MaxHostLength);
    if (QString reason = unsafeReason(host, ServerAddress::tr("host name")); !reason.isEmpty())
        return reason;
    for (const QChar c : host) {
        if (!(c.isLetterOrNumber() || c == u'.' || c == u'-' || c == u'_' || c == u':'))
            return ServerAddress::tr("host name must not contain '%1'").arg(c);
    }
    return {};
}

bool parseInt(const QString &text, int min, int max, int *out)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < min || value > max)
        return false;
    *out = value;
    return true;
}

ServerAddress::DemoOptions demoOptionsOf(const QString &query, QString *error, bool *ok)
{
    ServerAddress::DemoOptions options;
    *ok = true;
    if (query.isEmpty())
        return options;
    const QUrlQuery items(query);
    for (const auto &[key, value] : items.queryItems(QUrl::FullyDecoded)) {
        bool valid = true;
        if (key == u"sessions")
            valid = parseInt(value, 0, 1000000, &options.sessions);
        else if (key == u"latency")
            valid = parseInt(value, 0, 600000, &options.latencyMs);
        else if (key == u"churn")
            valid = parseInt(value, 0, 100, &options.churnPercent);
        else if (key == u"fail")
            valid = parseInt(value, 0, 100, &options.failPercent);
        else if (key == u"seed") {
            options.seed = value.toULongLong(&valid);
        } else {
            setError(error,
                     ServerAddress::tr("unknown demo option '%1' (use sessions, latency, churn, fail, seed)").arg(key));
            *ok = false;
            return options;
        }
        if (!valid) {
            setError(error, ServerAddress::tr("demo option %1 has a bad value '%2'").arg(key, value));
            *ok = false;
            return options;
        }
    }
    return options;
}

} // namespace

ServerAddress ServerAddress::local()
{
    ServerAddress address;
    address.m_kind = Kind::Local;
    return address;
}

ServerAddress ServerAddress::parse(const QString &input, QString *error)
{
    const QString text = input.trimmed();
    if (text.isEmpty()) {
        setError(error, tr("the server address is empty"));
        return {};
    }
    if (text.size() > 4096) {
        setError(error, tr("the server address is longer than %n characters", nullptr, 4096));
        return {};
    }
    if (text.contains(QChar::ReplacementCharacter)) {
        setError(error, tr("the server address is not valid UTF-8"));
        return {};
    }
    // Format characters include the direction overrides that make text read other than it is.
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format) {
            setError(error, tr("the server address must not contain control characters or direction overrides"));
            return {};
        }
    }

    if (text == u"local")
        return local();

    ServerAddress address;
    if (text.startsWith(u"demo:")) {
        const QString rest = text.mid(5);
        const qsizetype question = rest.indexOf(u'?');
        const QString name = rest.left(question);
        if (name.isEmpty()) {
            setError(error, tr("a demo server needs a name, as in demo:farm"));
            return {};
        }
        for (const QChar c : name) {
            if (!(c.isLetterOrNumber() || c == u'-' || c == u'_' || c == u'.') || c.unicode() > 0x7f) {
                setError(error, tr("demo server name must hold only letters, digits, '-', '_' and '.'"));
                return {};
            }
        }
        bool ok = false;
        address.m_demo = demoOptionsOf(question < 0 ? QString() : rest.mid(question + 1), error, &ok);
        if (!ok)
            return {};
        address.m_kind = Kind::Demo;
        address.m_host = name;
        return address;
    }

    if (text.startsWith(u"dbus:")) {
        const QString bus = text.mid(5);
        // unixexec: would run a program named by the user; only sockets are accepted.
        if (!bus.startsWith(u"unix:") && !bus.startsWith(u"tcp:")) {
            setError(
                error,
                tr("a D-Bus address must start with unix: or tcp:, as in dbus:unix:path=/run/dbus/system_bus_socket"));
            return {};
        }
        if (bus.contains(u';')) {
            setError(error, tr("give one D-Bus address, not a list"));
            return {};
        }
        if (std::any_of(bus.cbegin(), bus.cend(), [](QChar c) { return c.isSpace(); })) {
            setError(error, tr("a D-Bus address must not contain whitespace (escape it as %20)"));
            return {};
        }
        address.m_kind = Kind::DBus;
        address.m_dbusAddress = bus;
        return address;
    }

    QString hostPart = text;
    if (const qsizetype at = text.lastIndexOf(u'@'); at >= 0) {
        address.m_user = text.left(at);
        hostPart = text.mid(at + 1);
        if (QString reason = unsafeReason(address.m_user, tr("user name")); !reason.isEmpty()) {
            setError(error, reason);
            return {};
        }
        for (const QChar c : address.m_user) {
            if (!(c.isLetterOrNumber() || c == u'.' || c == u'-' || c == u'_')) {
                setError(error, tr("user name must not contain '%1'").arg(c));
                return {};
            }
        }
    }

    QString portText;
    if (hostPart.startsWith(u'[')) {
        const qsizetype close = hostPart.indexOf(u']');
        if (close < 0) {
            setError(error, tr("missing ']' after the IPv6 address"));
            return {};
        }
        const QString after = hostPart.mid(close + 1);
        if (!after.isEmpty() && !after.startsWith(u':')) {
            setError(error, tr("unexpected text after ']'"));
            return {};
        }
        portText = after.mid(1);
        if (after == u":")
            portText = QStringLiteral(":");
        hostPart = hostPart.mid(1, close - 1);
        if (hostPart.isEmpty() || !hostPart.contains(u':')) {
            setError(error, tr("brackets are only for IPv6 addresses"));
            return {};
        }
    } else if (const qsizetype colon = hostPart.indexOf(u':'); colon >= 0) {
        if (hostPart.indexOf(u':', colon + 1) >= 0) {
            setError(error, tr("write an IPv6 address in brackets, as in [::1]:22"));
            return {};
        }
        portText = hostPart.mid(colon + 1);
        if (portText.isEmpty())
            portText = QStringLiteral(":");
        hostPart = hostPart.left(colon);
    }

    if (QString reason = hostReason(hostPart); !reason.isEmpty()) {
        setError(error, reason);
        return {};
    }
    if (!portText.isEmpty() && !parseInt(portText, 1, 65535, &address.m_port)) {
        setError(error, tr("port must be a number from 1 to 65535"));
        return {};
    }
    address.m_kind = Kind::Remote;
    address.m_host = hostPart;
    return address;
}

QString ServerAddress::toString() const
{
    switch (m_kind) {
    case Kind::Invalid:
        return {};
    case Kind::Local:
        return QStringLiteral("local");
    case Kind::DBus:
        return QStringLiteral("dbus:") + m_dbusAddress;
    case Kind::Demo: {
        const DemoOptions defaults;
        QStringList options;
        if (m_demo.sessions != defaults.sessions)
            options << QStringLiteral("sessions=%1").arg(m_demo.sessions);
        if (m_demo.latencyMs != defaults.latencyMs)
            options << QStringLiteral("latency=%1").arg(m_demo.latencyMs);
        if (m_demo.churnPercent != defaults.churnPercent)
            options << QStringLiteral("churn=%1").arg(m_demo.churnPercent);
        if (m_demo.failPercent != defaults.failPercent)
            options << QStringLiteral("fail=%1").arg(m_demo.failPercent);
        if (m_demo.seed != defaults.seed)
            options << QStringLiteral("seed=%1").arg(m_demo.seed);
        QString text = QStringLiteral("demo:") + m_host;
        if (!options.isEmpty())
            text += u'?' + options.join(u'&');
        return text;
    }
    case Kind::Remote: {
        QString text;
        if (!m_user.isEmpty())
            text = m_user + u'@';
        text += m_host.contains(u':') ? u'[' + m_host + u']' : m_host;
        if (m_port != 0)
            text += u':' + QString::number(m_port);
        return text;
    }
    }
    return {};
}

QString ServerAddress::displayName() const
{
    switch (m_kind) {
    case Kind::Demo:
        return QStringLiteral("demo:") + m_host;
    case Kind::DBus: {
        // A system bus is named by where it lives: "/proc/4242/root" for a container's.
        static const QString SystemBus = QStringLiteral("/run/dbus/system_bus_socket");
        const QString path = m_dbusAddress.section(QStringLiteral("path="), 1).section(u',', 0, 0);
        if (path == SystemBus)
            return QStringLiteral("dbus:system bus");
        if (path.endsWith(SystemBus))
            return QStringLiteral("dbus:") + path.chopped(SystemBus.size());
        return QStringLiteral("dbus:") + (path.isEmpty() ? m_dbusAddress : path.section(u'/', -1));
    }
    default:
        return toString();
    }
}
