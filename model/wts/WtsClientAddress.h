#pragma once

#include "WtsSdkCompat.h"

#include <string>

// Text of a WTSClientAddress answer: dotted IPv4 or RFC 5952 IPv6 (longest run of zero
// groups as "::", lower case), empty for other families. The address starts at Address[2]
// for both families: the first two bytes are the port slot of a sockaddr, left zero.
std::wstring formatClientAddress(const WTS_CLIENT_ADDRESS &address);
