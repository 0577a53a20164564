#include "ServerTreeModel.h"

#include <QAbstractItemModelTester>
#include <QMimeData>
#include <QSignalSpy>

#include <gtest/gtest.h>

#include <memory>

namespace {

class ServerTreeModelTest : public ::testing::Test
{
protected:
    ServerTreeModelTest()
    {
        ServerGroups groups;
        EXPECT_TRUE(groups.addGroup(QStringLiteral("Berlin")).ok());
        EXPECT_TRUE(groups.addGroup(QStringLiteral("Paris")).ok());
        groups.addMember(QStringLiteral("Berlin"), QStringLiteral("rds1"));
        groups.addMember(QStringLiteral("Berlin"), QStringLiteral("rds2"));
        groups.addMember(QStringLiteral("Paris"), QStringLiteral("rds3"));
        model.setGroups(groups);
        model.addOpenServer(QStringLiteral("rds1"));
        model.addOpenServer(QStringLiteral("rds2"));
    }

    QString text(const QModelIndex &index, int column) const
    {
        return model.data(index.siblingAtColumn(column)).toString();
    }

    std::unique_ptr<QMimeData> drag(const QStringList &servers, const QString &group) const
    {
        QModelIndexList indexes;
        for (const QString &server : servers)
            indexes.append(model.serverIndex(server, group));
        return std::unique_ptr<QMimeData>(model.mimeData(indexes));
    }

    ServerTreeModel model;
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::Fatal};
};

} // namespace

TEST_F(ServerTreeModelTest, AllServersFirstThenTheGroupsWithTheirMembers)
{
    ASSERT_EQ(model.rowCount(), 3);
    EXPECT_EQ(text(model.allServersIndex(), 0), QStringLiteral("All servers"));
    EXPECT_EQ(model.rowCount(model.allServersIndex()), 2);
    EXPECT_EQ(text(model.index(1, 0), 0), QStringLiteral("Berlin"));
    EXPECT_EQ(text(model.index(2, 0), 0), QStringLiteral("Paris"));
    EXPECT_EQ(model.rowCount(model.groupIndex(QStringLiteral("berlin"))), 2);
    const QModelIndex rds3 = model.serverIndex(QStringLiteral("rds3"), QStringLiteral("Paris"));
    ASSERT_TRUE(rds3.isValid());
    EXPECT_EQ(rds3.parent(), model.groupIndex(QStringLiteral("Paris")));
    EXPECT_EQ(text(rds3, ServerTreeModel::StateColumn), QStringLiteral("not open"));
    EXPECT_EQ(rds3.data(ServerTreeModel::GroupRole).toString(), QStringLiteral("Paris"));
    EXPECT_EQ(rds3.data(ServerTreeModel::ServerRole).toString(), QStringLiteral("rds3"));
}

TEST_F(ServerTreeModelTest, EveryRowOfAServerShowsItsCountsAndState)
{
    const QString rds1 = QStringLiteral("rds1");
    EXPECT_EQ(model.state(rds1), ServerTreeModel::ServerState::Connecting);
    EXPECT_EQ(text(model.serverIndex(rds1), ServerTreeModel::TotalColumn), QString());

    Session active;
    active.state = Session::State::Active;
    Session disconnected;
    disconnected.state = Session::State::Disconnected;
    Session idle;
    idle.state = Session::State::Idle;
    Session listener;
    listener.state = Session::State::Listening;
    model.setServerCounts(rds1, ServerTreeModel::countsOf({active, active, disconnected, idle, listener}));
    for (const QString &group : {QString(), QStringLiteral("Berlin")}) {
        const QModelIndex row = model.serverIndex(rds1, group);
        EXPECT_EQ(text(row, ServerTreeModel::TotalColumn), QStringLiteral("4"));
        EXPECT_EQ(text(row, ServerTreeModel::ActiveColumn), QStringLiteral("2"));
        EXPECT_EQ(text(row, ServerTreeModel::DisconnectedColumn), QStringLiteral("1"));
        EXPECT_EQ(text(row, ServerTreeModel::StateColumn), QStringLiteral("ok"));
    }

    model.setServerFailing(rds1, true, QStringLiteral("Connection refused"));
    EXPECT_EQ(model.state(rds1), ServerTreeModel::ServerState::Failing);
    EXPECT_TRUE(model.serverIndex(rds1).data(Qt::ToolTipRole).toString().contains(QStringLiteral("refused")));
    EXPECT_EQ(text(model.serverIndex(rds1), ServerTreeModel::TotalColumn), QStringLiteral("4")); // the last known

    model.setServerFailing(QStringLiteral("rds2"), true, QStringLiteral("timeout"));
    EXPECT_EQ(text(model.serverIndex(QStringLiteral("rds2")), ServerTreeModel::TotalColumn), QString());

    model.setPaused(true);
    EXPECT_EQ(model.state(rds1), ServerTreeModel::ServerState::Failing);
    model.setServerCounts(rds1, {});
    EXPECT_EQ(model.state(rds1), ServerTreeModel::ServerState::Paused);

    model.removeOpenServer(rds1);
    EXPECT_EQ(model.state(rds1), ServerTreeModel::ServerState::NotOpen);
    EXPECT_EQ(model.rowCount(model.allServersIndex()), 1);
    EXPECT_TRUE(model.serverIndex(rds1, QStringLiteral("Berlin")).isValid());
}

TEST_F(ServerTreeModelTest, ADropCopiesIntoTheGroupAndTheViewsRemovalMakesItAMove)
{
    QSignalSpy changed(&model, &ServerTreeModel::groupsChanged);
    // Copy (Ctrl): rds1 from Berlin into Paris, dropped on a member of Paris.
    auto data = drag({QStringLiteral("rds1")}, QStringLiteral("Berlin"));
    ASSERT_TRUE(data);
    const QModelIndex onMember = model.serverIndex(QStringLiteral("rds3"), QStringLiteral("Paris"));
    ASSERT_TRUE(model.dropMimeData(data.get(), Qt::CopyAction, -1, -1, onMember));
    EXPECT_EQ(model.groups().members(QStringLiteral("Paris")),
              (QStringList{QStringLiteral("rds3"), QStringLiteral("rds1")}));
    EXPECT_EQ(model.groups().members(QStringLiteral("Berlin")),
              (QStringList{QStringLiteral("rds1"), QStringLiteral("rds2")}));

    // Move: rds2 from Berlin to Paris; the view then removes the dragged row.
    data = drag({QStringLiteral("rds2")}, QStringLiteral("Berlin"));
    const QModelIndex paris = model.groupIndex(QStringLiteral("Paris"));
    ASSERT_TRUE(model.dropMimeData(data.get(), Qt::MoveAction, -1, -1, paris));
    const QModelIndex dragged = model.serverIndex(QStringLiteral("rds2"), QStringLiteral("Berlin"));
    ASSERT_TRUE(model.removeRows(dragged.row(), 1, dragged.parent()));
    EXPECT_EQ(model.groups().members(QStringLiteral("Berlin")), QStringList{QStringLiteral("rds1")});
    EXPECT_EQ(model.groups().groupsOf(QStringLiteral("rds2")), QStringList{QStringLiteral("Paris")});
    EXPECT_GE(changed.count(), 3);

    // Nothing new for the group: refused, so the view removes nothing.
    data = drag({QStringLiteral("rds1")}, QStringLiteral("Berlin"));
    EXPECT_FALSE(model.canDropMimeData(data.get(), Qt::MoveAction, -1, -1, paris));
    EXPECT_FALSE(model.dropMimeData(data.get(), Qt::MoveAction, -1, -1, paris));
    // Not onto "All servers" (the open servers), nor between the top-level rows.
    EXPECT_FALSE(model.canDropMimeData(data.get(), Qt::CopyAction, -1, -1, model.allServersIndex()));
    EXPECT_FALSE(model.canDropMimeData(data.get(), Qt::CopyAction, 1, 0, QModelIndex()));
    // The list of open servers is no group: a drag from it copies, whatever the action.
    EXPECT_FALSE(model.removeRows(0, 1, model.allServersIndex()));
    EXPECT_EQ(model.rowCount(model.allServersIndex()), 2);
}

TEST_F(ServerTreeModelTest, ForeignOrMalformedDropsAreRefused)
{
    QMimeData text;
    text.setText(QStringLiteral("rds9"));
    const QModelIndex paris = model.groupIndex(QStringLiteral("Paris"));
    EXPECT_FALSE(model.canDropMimeData(&text, Qt::CopyAction, -1, -1, paris));
    QMimeData garbage;
    garbage.setData(QString::fromLatin1(ServerTreeModel::MimeType), QByteArray("\xff\xff\xff\xff", 4));
    EXPECT_FALSE(model.dropMimeData(&garbage, Qt::CopyAction, -1, -1, paris));
    // One line that is no address spoils the whole drop; so does an empty one.
    for (const char *forged : {"rds9\n-oProxyCommand=sh", "rds9\n", "rds9\nbad host"}) {
        QMimeData data;
        data.setData(QString::fromLatin1(ServerTreeModel::MimeType), QByteArray(forged));
        EXPECT_FALSE(model.canDropMimeData(&data, Qt::CopyAction, -1, -1, paris)) << forged;
    }
    EXPECT_EQ(model.rowCount(paris), 1);
}

TEST_F(ServerTreeModelTest, RenameInPlaceKeepsMembersAndRefusesATakenName)
{
    QSignalSpy refused(&model, &ServerTreeModel::editRefused);
    const QPersistentModelIndex member = model.serverIndex(QStringLiteral("rds3"), QStringLiteral("Paris"));
    const QModelIndex paris = model.groupIndex(QStringLiteral("Paris"));
    EXPECT_TRUE(model.flags(paris) & Qt::ItemIsEditable);
    EXPECT_FALSE(model.flags(model.allServersIndex()) & Qt::ItemIsEditable);
    EXPECT_FALSE(model.setData(paris, QStringLiteral("berlin")));
    ASSERT_EQ(refused.count(), 1);
    EXPECT_TRUE(refused.first().first().toString().contains(QStringLiteral("already")));
    ASSERT_TRUE(model.setData(paris, QStringLiteral("Lyon")));
    EXPECT_EQ(text(paris, 0), QStringLiteral("Lyon"));
    EXPECT_EQ(member.data(ServerTreeModel::GroupRole).toString(), QStringLiteral("Lyon"));

    // Removing a group above keeps the rows under the others where they were.
    ASSERT_TRUE(model.removeGroup(QStringLiteral("Berlin")));
    ASSERT_TRUE(member.isValid());
    EXPECT_EQ(member.parent(), model.groupIndex(QStringLiteral("Lyon")));
    EXPECT_EQ(member.data(ServerTreeModel::ServerRole).toString(), QStringLiteral("rds3"));

    ASSERT_TRUE(model.addGroup(QStringLiteral("New")).ok());
    EXPECT_EQ(model.rowCount(), 3);
    EXPECT_FALSE(model.addGroup(QStringLiteral("new")).ok());
    EXPECT_TRUE(model.removeFromGroup(QStringLiteral("Lyon"), QStringLiteral("rds3")));
    EXPECT_FALSE(member.isValid());
}

TEST_F(ServerTreeModelTest, AGroupsRowSumsTheCountsOfItsServersAndCountsTheFailing)
{
    const QModelIndex berlin = model.groupIndex(QStringLiteral("Berlin"));
    EXPECT_EQ(text(berlin, ServerTreeModel::TotalColumn), QString()); // no answer yet
    model.setServerCounts(QStringLiteral("rds1"), {5, 3, 2});
    model.setServerCounts(QStringLiteral("rds2"), {4, 4, 0});
    EXPECT_EQ(text(berlin, ServerTreeModel::TotalColumn), QStringLiteral("9"));
    EXPECT_EQ(text(berlin, ServerTreeModel::ActiveColumn), QStringLiteral("7"));
    EXPECT_EQ(text(berlin, ServerTreeModel::DisconnectedColumn), QStringLiteral("2"));
    EXPECT_EQ(text(model.allServersIndex(), ServerTreeModel::TotalColumn), QStringLiteral("9"));
    EXPECT_EQ(text(model.groupIndex(QStringLiteral("Paris")), ServerTreeModel::TotalColumn), QString());

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setServerFailing(QStringLiteral("rds2"), true, QStringLiteral("timeout"));
    EXPECT_EQ(text(berlin, ServerTreeModel::StateColumn), QStringLiteral("1 failing"));
    const bool groupRowChanged = std::any_of(changed.cbegin(), changed.cend(), [&](const QList<QVariant> &args) {
        return args.at(0).toModelIndex() == berlin.siblingAtColumn(ServerTreeModel::TotalColumn);
    });
    EXPECT_TRUE(groupRowChanged);
}

TEST_F(ServerTreeModelTest, TheSumsFollowEveryAnswerAndEveryServerThatComesOrGoes)
{
    const QModelIndex all = model.allServersIndex();
    const QModelIndex berlin = model.groupIndex(QStringLiteral("Berlin"));
    model.setServerCounts(QStringLiteral("rds1"), {5, 3, 2});
    EXPECT_EQ(text(all, ServerTreeModel::TotalColumn), QStringLiteral("5")); // summed once, then kept
    model.setServerCounts(QStringLiteral("rds2"), {4, 4, 0});
    model.setServerCounts(QStringLiteral("rds1"), {6, 6, 0});
    EXPECT_EQ(text(all, ServerTreeModel::TotalColumn), QStringLiteral("10"));
    EXPECT_EQ(text(all, ServerTreeModel::ActiveColumn), QStringLiteral("10"));
    EXPECT_EQ(text(all, ServerTreeModel::DisconnectedColumn), QStringLiteral("0"));
    EXPECT_EQ(text(berlin, ServerTreeModel::TotalColumn), QStringLiteral("10"));

    model.setServerFailing(QStringLiteral("rds2"), true, QStringLiteral("timeout"));
    EXPECT_EQ(text(all, ServerTreeModel::StateColumn), QStringLiteral("1 failing"));
    model.setServerCounts(QStringLiteral("rds2"), {1, 1, 0}); // answers again
    EXPECT_EQ(text(all, ServerTreeModel::StateColumn), QString());
    EXPECT_EQ(text(all, ServerTreeModel::TotalColumn), QStringLiteral("7"));
    EXPECT_EQ(text(berlin, ServerTreeModel::TotalColumn), QStringLiteral("7"));

    model.addOpenServer(QStringLiteral("rds3"));
    model.setServerCounts(QStringLiteral("rds3"), {2, 0, 2});
    EXPECT_EQ(text(all, ServerTreeModel::TotalColumn), QStringLiteral("9"));
    model.removeOpenServer(QStringLiteral("rds1"));
    EXPECT_EQ(text(all, ServerTreeModel::TotalColumn), QStringLiteral("3"));
    EXPECT_EQ(text(berlin, ServerTreeModel::TotalColumn), QStringLiteral("1"));
    EXPECT_EQ(text(model.groupIndex(QStringLiteral("Paris")), ServerTreeModel::TotalColumn), QStringLiteral("2"));
}
