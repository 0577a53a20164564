#include "SessionProcess.h"

ProcessRef ProcessRef::of(const SessionProcess &process, const SessionRef &session)
{
    return {process.pid, process.name, session};
}
