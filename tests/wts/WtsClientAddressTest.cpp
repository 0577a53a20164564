#include "WtsClientAddress.h"
#include "FakeWtsHost.h"

#include <gtest/gtest.h>

namespace {

constexpr DWORD Inet = 2;
constexpr DWORD Inet6 = 23;

TEST(WtsClientAddress, Ipv4StartsAtOffsetTwo)
{
    EXPECT_EQ(formatClientAddress(makeClientAddress(Inet, {192, 168, 0, 1})), L"192.168.0.1");
    EXPECT_EQ(formatClientAddress(makeClientAddress(Inet, {10, 0, 0, 255})), L"10.0.0.255");
}

TEST(WtsClientAddress, Ipv6CompressesLongestZeroRun)
{
    EXPECT_EQ(formatClientAddress(
                  makeClientAddress(Inet6, {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7})),
              L"2001:db8::7");
    EXPECT_EQ(formatClientAddress(makeClientAddress(Inet6, {0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})),
              L"ffff::1");
    EXPECT_EQ(formatClientAddress(makeClientAddress(Inet6, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})), L"::1");
    EXPECT_EQ(formatClientAddress(makeClientAddress(Inet6, {})), L"::");
}

TEST(WtsClientAddress, Ipv6KeepsSingleZeroGroupAndPrefersFirstOfEqualRuns)
{
    EXPECT_EQ(formatClientAddress(
                  makeClientAddress(Inet6, {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1})),
              L"2001:db8:0:1:1:1:1:1");
    EXPECT_EQ(formatClientAddress(makeClientAddress(Inet6, {0x20, 0x01, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1})),
              L"2001::1:0:0:1:1");
    EXPECT_EQ(formatClientAddress(makeClientAddress(Inet6, {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x15, 0x5d, 0xff, 0xfe,
                                                            0x01, 0xab, 0xcd})),
              L"fe80::215:5dff:fe01:abcd");
}

TEST(WtsClientAddress, OtherFamiliesAreEmpty)
{
    EXPECT_EQ(formatClientAddress(makeClientAddress(0, {1, 2, 3, 4})), L"");
    EXPECT_EQ(formatClientAddress(makeClientAddress(6 /* AF_IPX */, {1, 2, 3, 4})), L"");
}

} // namespace
