#include "ServerGroups.h"

#include <gtest/gtest.h>

TEST(ServerGroups, AServerMayBeInSeveralGroups)
{
    ServerGroups groups;
    ASSERT_TRUE(groups.addGroup(QStringLiteral("Berlin")).ok());
    ASSERT_TRUE(groups.addGroup(QStringLiteral("RDS")).ok());
    EXPECT_TRUE(groups.addMember(QStringLiteral("Berlin"), QStringLiteral("rds1")));
    EXPECT_TRUE(groups.addMember(QStringLiteral("rds"), QStringLiteral("rds1")));
    EXPECT_TRUE(groups.addMember(QStringLiteral("RDS"), QStringLiteral("rds2")));
    EXPECT_FALSE(groups.addMember(QStringLiteral("RDS"), QStringLiteral("rds2")));
    EXPECT_FALSE(groups.addMember(QStringLiteral("Paris"), QStringLiteral("rds2")));
    EXPECT_EQ(groups.groupsOf(QStringLiteral("rds1")), (QStringList{QStringLiteral("Berlin"), QStringLiteral("RDS")}));
    EXPECT_EQ(groups.members(QStringLiteral("RDS")), (QStringList{QStringLiteral("rds1"), QStringLiteral("rds2")}));
    EXPECT_EQ(groups.allMembers(), (QStringList{QStringLiteral("rds1"), QStringLiteral("rds2")}));

    EXPECT_TRUE(groups.removeMember(QStringLiteral("RDS"), QStringLiteral("rds1")));
    EXPECT_FALSE(groups.removeMember(QStringLiteral("RDS"), QStringLiteral("rds1")));
    EXPECT_EQ(groups.groupsOf(QStringLiteral("rds1")), QStringList{QStringLiteral("Berlin")});
}

TEST(ServerGroups, NamesAreUniqueRegardlessOfCaseAndChecked)
{
    ServerGroups groups;
    ASSERT_TRUE(groups.addGroup(QStringLiteral("Berlin")).ok());
    const Result<void> taken = groups.addGroup(QStringLiteral("BERLIN"));
    ASSERT_FALSE(taken.ok());
    EXPECT_TRUE(taken.error().message.contains(QStringLiteral("already")));
    EXPECT_FALSE(groups.addGroup(QString()).ok());
    EXPECT_FALSE(groups.addGroup(QStringLiteral(" padded")).ok());
    EXPECT_FALSE(groups.addGroup(QStringLiteral("evil\u202Egnp.exe")).ok());
    EXPECT_FALSE(groups.addGroup(QString(ServerGroups::MaxNameLength + 1, u'x')).ok());
    EXPECT_EQ(groups.names(), QStringList{QStringLiteral("Berlin")});
}

TEST(ServerGroups, RenameKeepsMembersAndRefusesATakenName)
{
    ServerGroups groups;
    ASSERT_TRUE(groups.addGroup(QStringLiteral("a")).ok());
    ASSERT_TRUE(groups.addGroup(QStringLiteral("b")).ok());
    groups.addMember(QStringLiteral("a"), QStringLiteral("rds1"));
    EXPECT_FALSE(groups.renameGroup(QStringLiteral("a"), QStringLiteral("B")).ok());
    EXPECT_FALSE(groups.renameGroup(QStringLiteral("zz"), QStringLiteral("c")).ok());
    ASSERT_TRUE(groups.renameGroup(QStringLiteral("a"), QStringLiteral("A")).ok());
    ASSERT_TRUE(groups.renameGroup(QStringLiteral("A"), QStringLiteral("Paris")).ok());
    EXPECT_EQ(groups.members(QStringLiteral("Paris")), QStringList{QStringLiteral("rds1")});
    EXPECT_EQ(groups.names(), (QStringList{QStringLiteral("Paris"), QStringLiteral("b")}));

    groups.moveGroup(QStringLiteral("b"), 0);
    EXPECT_EQ(groups.names(), (QStringList{QStringLiteral("b"), QStringLiteral("Paris")}));
    EXPECT_TRUE(groups.removeGroup(QStringLiteral("paris")));
    EXPECT_FALSE(groups.removeGroup(QStringLiteral("paris")));
    EXPECT_EQ(groups.names(), QStringList{QStringLiteral("b")});
}
