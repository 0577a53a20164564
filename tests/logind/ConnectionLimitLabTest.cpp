// The connection limit on real SSH servers: with room for one connection, two servers
// refreshed by the window's scheduler take turns, and both keep being answered.
#include "LabHosts.h"

#include "ProcStatus.h"
#include "RefreshScheduler.h"
#include "logind/LogindBusAddress.h"
#include "logind/LogindConnectionBudget.h"
#include "logind/LogindSource.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QScopeGuard>

#include <gtest/gtest.h>

using namespace std::chrono_literals;

TEST(ConnectionLimitLabTest, WithRoomForOneConnectionTwoServersBothRefreshAndOneSshRunsAtATime)
{
    QString error;
    const std::optional<LabHosts> lab = LabHosts::load(&error);
    ASSERT_TRUE(lab.has_value()) << error.toStdString();
    ASSERT_GE(lab->hosts().size(), 2);
    qputenv(LogindBusAddress::SshConfigVariable, lab->sshConfig().toUtf8());
    LogindConnectionBudget &budget = LogindConnectionBudget::shared();
    const int limit = budget.limit();
    const auto restore = qScopeGuard([&] { budget.setLimit(limit); });
    budget.setLimit(1);

    QStringList servers;
    QHash<QString, int> answered;
    QStringList failures;
    {
        RefreshScheduler scheduler;
        scheduler.setInterval(1s);
        QObject::connect(&scheduler, &RefreshScheduler::refreshFinished,
                         [&](const QString &server, const EnumerateResult &result) {
                             if (result.ok())
                                 ++answered[server];
                             else
                                 failures << server + QStringLiteral(": ") + result.error().message;
                         });
        for (int i = 0; i < 2; ++i) {
            const ServerAddress address = ServerAddress::parse(
                QStringLiteral("root@127.0.0.1:%1").arg(lab->host(i).sshPort));
            servers << address.toString();
            scheduler.addSource(std::make_shared<LogindSource>(address));
        }
        // Both in the foreground: each keeps its connection until the other needs the place.
        int most = 0;
        std::size_t mostOpen = 0;
        const auto enough = [&] { return answered.value(servers[0]) >= 3 && answered.value(servers[1]) >= 3; };
        QDeadlineTimer deadline(90000);
        while (!enough() && !deadline.hasExpired()) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
            most = std::max(most, sshChildren().first);
            mostOpen = std::max(mostOpen, budget.open());
        }
        EXPECT_TRUE(enough()) << "answers: " << answered.value(servers[0]) << " and " << answered.value(servers[1])
                              << "; failures: " << failures.join(u'\n').toStdString();
        EXPECT_EQ(most, 1) << "ssh children at once";
        EXPECT_EQ(mostOpen, 1u);
    }
    EXPECT_EQ(sshChildren().first, 0) << "the sources are gone, and their ssh with them";
}
