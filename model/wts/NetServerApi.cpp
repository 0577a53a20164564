#include "NetServerApi.h"

const NetServerApi &NetServerApi::system()
{
    static const NetServerApi api{
        .serverEnum = NetServerEnum,
        .bufferFree = NetApiBufferFree,
    };
    return api;
}
