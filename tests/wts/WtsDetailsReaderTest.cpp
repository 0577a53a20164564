#include "WtsDetailsReader.h"
#include "FakeWtsHost.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace {

constexpr DWORD Inet = 2;
constexpr DWORD Inet6 = 23;
constexpr std::int64_t TicksPerSecond = 10'000'000;

// A WTSCLIENTW as an RD Session Host fills it for a Remote Desktop Connection client:
// every member at its offset, the IPv4 address as text (see WTSCLIENTW's remarks).
WTSCLIENTW makeClient()
{
    WTSCLIENTW client{};
    std::wstring(L"WS-0042").copy(client.ClientName, CLIENTNAME_LENGTH);
    std::wstring(L"CORP").copy(client.Domain, DOMAIN_LENGTH);
    std::wstring(L"alice").copy(client.UserName, USERNAME_LENGTH);
    std::wstring(L"C:\\Users\\alice").copy(client.WorkDirectory, MAX_PATH);
    std::wstring(L"C:\\Apps\\client-asked.exe").copy(client.InitialProgram, MAX_PATH);
    client.EncryptionLevel = 3;
    client.ClientAddressFamily = Inet;
    const std::wstring address = L"10.20.30.40";
    std::copy(address.begin(), address.end(), client.ClientAddress);
    client.HRes = 1280;
    client.VRes = 1024;
    client.ColorDepth = 4;
    std::wstring(L"C:\\WINDOWS\\System32\\mstscax.dll").copy(client.ClientDirectory, MAX_PATH);
    client.ClientBuildNumber = 22631;
    client.ClientHardwareId = 0;
    client.ClientProductId = 1;
    return client;
}

class WtsDetailsReaderTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        logon = fileTimeTicks(2024, 3, 1, 8, 0, 0);
        now = fileTimeTicks(2024, 3, 1, 9, 30, 0);
        FakeSession alice;
        alice.id = 2;
        alice.state = WTSActive;
        alice.station = L"RDP-Tcp#0";
        alice.user = L"alice";
        alice.domain = L"LAB";
        alice.info = makeWtsInfo(2, WTSActive, L"RDP-Tcp#0", L"alice", L"LAB", logon, logon + 5 * TicksPerSecond,
                                 logon - 60 * TicksPerSecond, now - 300 * TicksPerSecond, now);
        alice.client = makeClient();
        alice.clientName = L"WS-0042";
        alice.clientAddress = makeClientAddress(Inet6, {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7});
        alice.protocol = WTS_PROTOCOL_TYPE_RDP;
        alice.display = WTS_CLIENT_DISPLAY{2560, 1440, 16};
        alice.clientBuild = 26100;
        alice.initialProgram = L"rdpinit.exe";
        alice.workingDirectory = L"C:\\Windows\\System32";
        host.sessions = {alice};
    }

    std::variant<WtsDetailsRecord, WtsError> read(std::uint32_t id, const WtsIdentityCheck &check = {})
    {
        auto opened = WtsServer::open(host.api(), L"rdsh01");
        const WtsServer server = std::move(std::get<WtsServer>(opened));
        return WtsDetailsReader(server).read(id, check);
    }

    FakeWtsHost host;
    std::int64_t logon = 0;
    std::int64_t now = 0;
};

} // namespace

TEST_F(WtsDetailsReaderTest, ReadsEveryClassAndFreesEveryBuffer)
{
    const auto result = read(2);
    ASSERT_TRUE(std::holds_alternative<WtsDetailsRecord>(result)) << std::get<WtsError>(result).code;
    const auto &d = std::get<WtsDetailsRecord>(result);
    EXPECT_EQ(d.id, 2u);
    EXPECT_EQ(d.state, WtsState::Active);
    EXPECT_EQ(d.station, L"RDP-Tcp#0");
    EXPECT_EQ(d.user, L"alice");
    EXPECT_EQ(d.domain, L"LAB");
    EXPECT_EQ(d.protocol, WtsProtocol::Rdp);
    EXPECT_EQ(d.clientName, L"WS-0042");
    EXPECT_EQ(d.clientDomain, L"CORP");
    EXPECT_EQ(d.clientUser, L"alice");
    // WTSClientAddress gives every family; it wins over WTSCLIENTW's IPv4 text.
    EXPECT_EQ(d.clientAddress, L"2001:db8::7");
    EXPECT_EQ(d.clientDirectory, L"C:\\WINDOWS\\System32\\mstscax.dll");
    // WTSClientBuildNumber over WTSCLIENTW's number, WTSClientDisplay over HRes and VRes.
    EXPECT_EQ(d.clientBuild, 26100u);
    EXPECT_EQ(d.clientProductId, 1u);
    EXPECT_EQ(d.clientHardwareId, 0u);
    EXPECT_EQ(d.encryptionLevel, 3u);
    EXPECT_EQ(d.displayWidth, 2560u);
    EXPECT_EQ(d.displayHeight, 1440u);
    EXPECT_EQ(d.colorDepthBits, 15u); // code 16
    // What the server runs over what the client asked for.
    EXPECT_EQ(d.initialProgram, L"rdpinit.exe");
    EXPECT_EQ(d.workingDirectory, L"C:\\Windows\\System32");
    EXPECT_EQ(d.logonTime, logon);
    EXPECT_EQ(d.connectTime, logon + 5 * TicksPerSecond);
    EXPECT_EQ(d.disconnectTime, logon - 60 * TicksPerSecond);
    EXPECT_EQ(d.lastInputTime, now - 300 * TicksPerSecond);

    for (const WTS_INFO_CLASS infoClass :
         {WTSSessionInfo, WTSClientInfo, WTSClientDisplay, WTSClientAddress, WTSClientProtocolType,
          WTSClientBuildNumber, WTSInitialProgram, WTSWorkingDirectory})
        EXPECT_EQ(host.queryCount(infoClass), 1) << infoClass;
    EXPECT_EQ(host.liveBuffers(), 0u);
    EXPECT_EQ(host.wrongFrees, 0);
}

TEST_F(WtsDetailsReaderTest, WtsClientInfoAloneGivesTheClient)
{
    FakeSession &alice = host.sessions.front();
    alice.clientAddress.reset();
    alice.display.reset();
    alice.clientBuild.reset();
    alice.initialProgram.reset();
    alice.workingDirectory.reset();
    const auto result = read(2);
    ASSERT_TRUE(std::holds_alternative<WtsDetailsRecord>(result));
    const auto &d = std::get<WtsDetailsRecord>(result);
    EXPECT_EQ(d.clientAddress, L"10.20.30.40");
    EXPECT_EQ(d.clientBuild, 22631u);
    EXPECT_EQ(d.displayWidth, 1280u);
    EXPECT_EQ(d.displayHeight, 1024u);
    EXPECT_EQ(d.colorDepthBits, 16u); // code 4
    EXPECT_EQ(d.initialProgram, L"C:\\Apps\\client-asked.exe");
    EXPECT_EQ(d.workingDirectory, L"C:\\Users\\alice");
    EXPECT_EQ(host.liveBuffers(), 0u);
}

TEST_F(WtsDetailsReaderTest, AFullClientNameWithoutItsNulIsReadToTheArraysEnd)
{
    WTSCLIENTW &client = *host.sessions.front().client;
    std::fill(std::begin(client.ClientName), std::end(client.ClientName), L'N');
    host.sessions.front().clientName = L"";
    const auto result = read(2);
    ASSERT_TRUE(std::holds_alternative<WtsDetailsRecord>(result));
    EXPECT_EQ(std::get<WtsDetailsRecord>(result).clientName, std::wstring(CLIENTNAME_LENGTH + 1, L'N'));
}

TEST_F(WtsDetailsReaderTest, ClassesTheServerCannotAnswerLeaveTheirFieldsEmpty)
{
    FakeSession bare;
    bare.id = 5;
    bare.user = L"svc";
    bare.info = makeWtsInfo(5, WTSDisconnected, L"", L"svc", L"LAB", logon, 0, 0, 0, now);
    bare.classErrors[WTSClientProtocolType] = ERROR_NOT_SUPPORTED;
    host.sessions.push_back(bare);
    const auto result = read(5);
    ASSERT_TRUE(std::holds_alternative<WtsDetailsRecord>(result));
    const auto &d = std::get<WtsDetailsRecord>(result);
    EXPECT_EQ(d.user, L"svc");
    EXPECT_EQ(d.state, WtsState::Disconnected);
    EXPECT_TRUE(d.clientName.empty());
    EXPECT_TRUE(d.clientAddress.empty());
    EXPECT_FALSE(d.clientBuild.has_value());
    EXPECT_FALSE(d.encryptionLevel.has_value());
    EXPECT_EQ(d.displayWidth, 0u);
    EXPECT_EQ(d.protocol, WtsProtocol::Unknown);
    EXPECT_EQ(host.liveBuffers(), 0u);
}

TEST_F(WtsDetailsReaderTest, AGoneSessionIsAlreadyGone)
{
    const auto result = read(9);
    ASSERT_TRUE(std::holds_alternative<WtsError>(result));
    EXPECT_EQ(std::get<WtsError>(result).category, WtsError::Category::AlreadyGone);
    EXPECT_EQ(std::get<WtsError>(result).code, 7022u);
}

TEST_F(WtsDetailsReaderTest, AccessDeniedOnAnyClassFailsTheRead)
{
    host.sessions.front().classErrors[WTSClientInfo] = ERROR_ACCESS_DENIED;
    const auto result = read(2);
    ASSERT_TRUE(std::holds_alternative<WtsError>(result));
    EXPECT_EQ(std::get<WtsError>(result).category, WtsError::Category::AccessDenied);
    EXPECT_EQ(host.queryCount(WTSClientDisplay), 0) << "nothing is asked after the refusal";
    EXPECT_EQ(host.liveBuffers(), 0u);
}

TEST_F(WtsDetailsReaderTest, AnotherLogonOnTheIdIsRefusedBeforeTheClientIsRead)
{
    const WtsIdentityCheck expectsBob = [](const WtsIdentity &now) -> std::optional<WtsError> {
        if (now.user == L"bob")
            return std::nullopt;
        return WtsError{WtsError::Category::Changed, 0, L"session 2 is now alice's"};
    };
    const auto result = read(2, expectsBob);
    ASSERT_TRUE(std::holds_alternative<WtsError>(result));
    EXPECT_EQ(std::get<WtsError>(result).category, WtsError::Category::Changed);
    EXPECT_EQ(host.queryCount(WTSClientInfo), 0);
    EXPECT_EQ(host.liveBuffers(), 0u);

    const WtsIdentityCheck expectsAlice = [this](const WtsIdentity &now) -> std::optional<WtsError> {
        if (now.user == L"alice" && now.logonTime == logon)
            return std::nullopt;
        return WtsError{WtsError::Category::Changed, 0, L"another logon"};
    };
    EXPECT_TRUE(std::holds_alternative<WtsDetailsRecord>(read(2, expectsAlice)));
}

TEST(WtsDetailsReader, ColourDepthCodesAreTheDocumentedBitsPerPixel)
{
    const std::vector<std::pair<std::uint32_t, std::uint32_t>> codes{{1, 4},   {2, 8},   {4, 16}, {8, 24}, {16, 15},
                                                                     {24, 24}, {32, 32}, {0, 0},  {3, 0},  {64, 0}};
    for (const auto &[code, bits] : codes)
        EXPECT_EQ(WtsDetailsReader::colorDepthBits(code), bits) << code;
}

TEST_F(WtsDetailsReaderTest, ServersWithoutWtsSessionInfoAnswerTheSingleClasses)
{
    FakeSession old;
    old.id = 4;
    old.state = WTSDisconnected;
    old.station = L"RDP-Tcp#7";
    old.user = L"carol";
    old.domain = L"LAB";
    host.sessions.push_back(old);
    const auto result = read(4);
    ASSERT_TRUE(std::holds_alternative<WtsDetailsRecord>(result));
    const auto &d = std::get<WtsDetailsRecord>(result);
    EXPECT_EQ(d.state, WtsState::Disconnected);
    EXPECT_EQ(d.user, L"carol");
    EXPECT_EQ(d.domain, L"LAB");
    EXPECT_EQ(d.station, L"RDP-Tcp#7");
    EXPECT_EQ(d.logonTime, 0);
    EXPECT_EQ(host.liveBuffers(), 0u);

    // With WTSSessionInfo, the single classes are not asked.
    host.queries.clear();
    ASSERT_TRUE(std::holds_alternative<WtsDetailsRecord>(read(2)));
    EXPECT_EQ(host.queryCount(WTSUserName), 0);
    EXPECT_EQ(host.queryCount(WTSWinStationName), 0);
}
