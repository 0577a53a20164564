#include "SessionSourceFactory.h"

#include "demo/DemoSource.h"

#include <QCoreApplication>

#ifdef SC_HAVE_LOGIND
#include "logind/LogindSource.h"
#endif
#ifdef SC_HAVE_WTS
#include "wts/WtsSource.h"
#endif

namespace SessionSourceFactory {

std::shared_ptr<SessionSource> create(const ServerAddress &address, QString *error)
{
    switch (address.kind()) {
    case ServerAddress::Kind::Demo:
        return std::make_shared<DemoSource>(address);
#if defined(SC_HAVE_LOGIND)
    case ServerAddress::Kind::Local:
    case ServerAddress::Kind::Remote:
    case ServerAddress::Kind::DBus:
        return std::make_shared<LogindSource>(address);
#elif defined(SC_HAVE_WTS)
    case ServerAddress::Kind::Local:
    case ServerAddress::Kind::Remote:
        return std::make_shared<WtsSource>(address);
    case ServerAddress::Kind::DBus:
        break;
#else
    case ServerAddress::Kind::Local:
    case ServerAddress::Kind::Remote:
    case ServerAddress::Kind::DBus:
        break;
#endif
    case ServerAddress::Kind::Invalid:
        if (error)
            *error = QCoreApplication::translate("SessionSourceFactory", "invalid server address");
        return nullptr;
    }
    if (error)
        *error = QCoreApplication::translate("SessionSourceFactory", "%1: this build has no backend for such servers")
                     .arg(address.toString());
    return nullptr;
}

} // namespace SessionSourceFactory
