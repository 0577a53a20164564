#include "SshConfigImporter.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <ostream>

// Readable failures: gtest would print a QString as its bytes.
static void PrintTo(const QString &text, std::ostream *out)
{
    *out << '"' << text.toStdString() << '"';
}

namespace {

// A home directory with ~/.ssh in a temporary directory.
class SshConfigImporterTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_home.isValid());
        ASSERT_TRUE(QDir(m_home.path()).mkpath(QStringLiteral(".ssh/config.d")));
    }

    QString sshDir() const { return m_home.path() + QStringLiteral("/.ssh"); }

    void write(const QString &relative, const QByteArray &text) const
    {
        QFile file(m_home.path() + u'/' + relative);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly)) << relative.toStdString();
        file.write(text);
    }

    ServerImport found() const
    {
        const SshConfigImporter importer(sshDir(), m_home.path());
        Result<ServerImport> result = importer.read(importer.defaultConfigFile());
        EXPECT_TRUE(result.ok()) << (result.ok() ? std::string() : result.error().message.toStdString());
        return result.ok() ? result.value() : ServerImport();
    }

    static QStringList entries(const ServerImport &found)
    {
        QStringList entries;
        for (const ServerImport::Skipped &skipped : found.skipped)
            entries.append(skipped.entry);
        return entries;
    }

    QTemporaryDir m_home;
};

} // namespace

TEST_F(SshConfigImporterTest, TakesTheAliasesOfHostLinesAndSkipsPatterns)
{
    write(QStringLiteral(".ssh/config"), R"(# the lab
Host *
    ServerAliveInterval 30

Host rds1 rds2   rds3 # three session hosts
    HostName %h.corp.example
    User admin

host web-?? !web-00 *.internal
  Port 2222

HOST jump
Host=bastion
Host "quoted host" 'single'
Host "gateway"
)");
    const ServerImport result = found();
    EXPECT_EQ(result.servers, (QStringList{QStringLiteral("rds1"), QStringLiteral("rds2"), QStringLiteral("rds3"),
                                           QStringLiteral("jump"), QStringLiteral("bastion"), QStringLiteral("single"),
                                           QStringLiteral("gateway")}));
    EXPECT_EQ(entries(result), (QStringList{QStringLiteral("*"), QStringLiteral("web-??"), QStringLiteral("!web-00"),
                                            QStringLiteral("*.internal"), QStringLiteral("quoted host")}));
    EXPECT_EQ(result.skipped.at(0).where, QDir::toNativeSeparators(sshDir() + QStringLiteral("/config:2")));
    EXPECT_TRUE(result.skipped.at(0).reason.contains(QStringLiteral("wildcard")));
    EXPECT_TRUE(result.skipped.at(2).reason.contains(QStringLiteral("negated")));
    EXPECT_TRUE(result.skipped.at(4).reason.contains(QStringLiteral("whitespace")));
}

TEST_F(SshConfigImporterTest, MatchBlocksNameNoHosts)
{
    write(QStringLiteral(".ssh/config"), R"(Match host rds-old exec "test -f /tmp/x"
    User legacy
    HostName rds-old.corp
Match all
    IdentityFile ~/.ssh/id_ed25519
Host after-match
)");
    const ServerImport result = found();
    EXPECT_EQ(result.servers, QStringList{QStringLiteral("after-match")});
    EXPECT_TRUE(result.skipped.isEmpty());
}

TEST_F(SshConfigImporterTest, FollowsIncludeRelativeToSshDirectoryWithGlobsInOrder)
{
    write(QStringLiteral(".ssh/config"), R"(Include config.d/*.conf
Include ~/extra.conf missing-file
Host main
)");
    write(QStringLiteral(".ssh/config.d/20-web.conf"), "Host web1\n");
    // Relative to ~/.ssh, not to the including file.
    write(QStringLiteral(".ssh/config.d/10-rds.conf"), "Host rds1\n  include nested.inc\n");
    write(QStringLiteral(".ssh/config.d/nested.inc"), "Host beside-the-includer\n");
    write(QStringLiteral(".ssh/config.d/notes.txt"), "Host not-included\n");
    write(QStringLiteral(".ssh/nested.inc"), "Host nested\n");
    write(QStringLiteral("extra.conf"), "Host extra\n");
    const ServerImport result = found();
    EXPECT_EQ(result.servers, (QStringList{QStringLiteral("rds1"), QStringLiteral("nested"), QStringLiteral("web1"),
                                           QStringLiteral("extra"), QStringLiteral("main")}));
    EXPECT_TRUE(result.skipped.isEmpty()) << result.skipped.first().reason.toStdString();
}

TEST_F(SshConfigImporterTest, IncludeLoopsAreReportedAndReadOnce)
{
    write(QStringLiteral(".ssh/config"), "Include a.conf\nHost top\n");
    write(QStringLiteral(".ssh/a.conf"), "Host a\nInclude b.conf\n");
    write(QStringLiteral(".ssh/b.conf"), "Host b\nInclude a.conf config\n");
    const ServerImport result = found();
    EXPECT_EQ(result.servers, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("top")}));
    ASSERT_EQ(result.skipped.size(), 2);
    EXPECT_TRUE(result.skipped.at(0).reason.contains(QStringLiteral("includes itself")));
    EXPECT_EQ(result.skipped.at(0).where, QDir::toNativeSeparators(sshDir() + QStringLiteral("/b.conf:2")));
}

TEST_F(SshConfigImporterTest, DeepIncludeChainsStopAtSshsLimit)
{
    write(QStringLiteral(".ssh/config"), "Include level1.conf\n");
    for (int level = 1; level <= SshConfigImporter::MaxIncludeDepth + 2; ++level) {
        write(QStringLiteral(".ssh/level%1.conf").arg(level),
              QStringLiteral("Host h%1\nInclude level%2.conf\n").arg(level).arg(level + 1).toUtf8());
    }
    const ServerImport result = found();
    EXPECT_EQ(result.servers.size(), SshConfigImporter::MaxIncludeDepth);
    ASSERT_EQ(result.skipped.size(), 1);
    EXPECT_TRUE(result.skipped.first().reason.contains(QStringLiteral("deep")));
}

TEST_F(SshConfigImporterTest, AliasesTheConsoleCannotOpenAreSkippedWithTheReason)
{
    write(QStringLiteral(".ssh/config"), "Host local demo:x admin@rds9 rds9:22 -oProxyCommand=x ok\nHost \"open\n");
    const ServerImport result = found();
    EXPECT_EQ(result.servers, QStringList{QStringLiteral("ok")});
    EXPECT_EQ(entries(result), (QStringList{QStringLiteral("local"), QStringLiteral("demo:x"),
                                            QStringLiteral("admin@rds9"), QStringLiteral("rds9:22"),
                                            QStringLiteral("-oProxyCommand=x"), QStringLiteral("Host \"open")}));
    EXPECT_TRUE(result.skipped.at(4).reason.contains(QStringLiteral("option")));
    EXPECT_EQ(result.skipped.at(5).reason, QStringLiteral("unterminated quote"));
}

TEST_F(SshConfigImporterTest, AnUnreadableConfigIsAnError)
{
    const SshConfigImporter importer(sshDir(), m_home.path());
    const Result<ServerImport> result = importer.read(sshDir() + QStringLiteral("/absent"));
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(result.error().message.contains(QStringLiteral("absent")));
}

TEST(SshConfigLine, SplitsAsSshDoes)
{
    QString error;
    EXPECT_EQ(SshConfigImporter::splitLine(QStringLiteral("  HostName = a.example # note"), &error),
              (QStringList{QStringLiteral("HostName"), QStringLiteral("a.example")}));
    EXPECT_EQ(SshConfigImporter::splitLine(QStringLiteral("Host=a b"), &error),
              (QStringList{QStringLiteral("Host"), QStringLiteral("a"), QStringLiteral("b")}));
    EXPECT_EQ(SshConfigImporter::splitLine(QStringLiteral(R"(Host a\ b "c#d" e#f)"), &error),
              (QStringList{QStringLiteral("Host"), QStringLiteral("a b"), QStringLiteral("c#d"),
                           QStringLiteral("e#f")}));
    EXPECT_EQ(SshConfigImporter::splitLine(QStringLiteral("\t# only a comment"), &error), QStringList());
    EXPECT_TRUE(error.isEmpty());
    EXPECT_EQ(SshConfigImporter::splitLine(QStringLiteral("Host 'a"), &error), QStringList());
    EXPECT_FALSE(error.isEmpty());
}
