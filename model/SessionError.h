#pragma once

#include <QCoreApplication>
#include <QMetaType>
#include <QString>

// An error as a value: what kind of failure, the OS or protocol code, and the OS's own text.
struct SessionError final
{
    enum class Category {
        AccessDenied,
        Unreachable,
        AlreadyGone,
        NotSupported,
        Timeout,
        // The id now belongs to another logon than the one the action was meant for.
        Changed,
        Other,
    };

    Category category = Category::Other;
    // Win32 error code, errno, or 0 where the protocol has none (D-Bus names go in `name`).
    qint64 code = 0;
    // Protocol error name where there is one, e.g. "org.freedesktop.DBus.Error.AccessDenied".
    QString name;
    QString message;

    static QString categoryName(Category category);
    // "Access is denied. (5)" style text for banners and command-line output.
    QString toString() const;

    Q_DECLARE_TR_FUNCTIONS(SessionError)
};

Q_DECLARE_METATYPE(SessionError)
