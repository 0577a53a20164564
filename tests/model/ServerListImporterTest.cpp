#include "ServerListImporter.h"

#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

TEST(ServerListImporter, TakesOneAddressPerLineAndListsTheInvalidOnesWithTheirLine)
{
    const ServerImport found = ServerListImporter::parse(QStringLiteral("# farm A\n"
                                                                        "rds1\n"
                                                                        "\n"
                                                                        "  admin@rds2:2222   # jump port\n"
                                                                        "rds 3\n"
                                                                        "[::1]:22\n"
                                                                        "rds1\n"
                                                                        "demo:lab?sessions=3\r\n"
                                                                        "-oProxyCommand=sh\n"
                                                                        "host#7\n"),
                                                         QStringLiteral("list.txt"));
    EXPECT_EQ(found.servers, (QStringList{QStringLiteral("rds1"), QStringLiteral("admin@rds2:2222"),
                                          QStringLiteral("[::1]:22"), QStringLiteral("demo:lab?sessions=3")}));
    ASSERT_EQ(found.skipped.size(), 3);
    EXPECT_EQ(found.skipped.at(0).where, QStringLiteral("list.txt:5"));
    EXPECT_EQ(found.skipped.at(0).entry, QStringLiteral("rds 3"));
    EXPECT_EQ(found.skipped.at(0).reason, QStringLiteral("host name must not contain whitespace"));
    EXPECT_EQ(found.skipped.at(1).where, QStringLiteral("list.txt:9"));
    EXPECT_TRUE(found.skipped.at(1).reason.contains(QStringLiteral("option")));
    EXPECT_EQ(found.skipped.at(2).entry, QStringLiteral("host#7"));
}

TEST(ServerListImporter, ReadsAFileAndRefusesWhatIsNoText)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QFile list(dir.filePath(QStringLiteral("servers.txt")));
    ASSERT_TRUE(list.open(QIODevice::WriteOnly));
    list.write("rds1\nrds2\n");
    list.close();
    const Result<ServerImport> read = ServerListImporter::read(list.fileName());
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(read.value().servers, (QStringList{QStringLiteral("rds1"), QStringLiteral("rds2")}));

    QFile binary(dir.filePath(QStringLiteral("servers.bin")));
    ASSERT_TRUE(binary.open(QIODevice::WriteOnly));
    binary.write(QByteArray("rds1\n\0\xff\xfe", 8));
    binary.close();
    const Result<ServerImport> refused = ServerListImporter::read(binary.fileName());
    ASSERT_FALSE(refused.ok());
    EXPECT_TRUE(refused.error().message.contains(QStringLiteral("not a UTF-8 text file")));

    EXPECT_FALSE(ServerListImporter::read(dir.filePath(QStringLiteral("absent.txt"))).ok());
    EXPECT_FALSE(ServerListImporter::read(dir.path()).ok());
}
