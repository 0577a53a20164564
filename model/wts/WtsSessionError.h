#pragma once

#include "SessionError.h"
#include "WtsError.h"

// The engine's error for a WTS layer's error: category, Win32 code and text carried over.
SessionError toSessionError(const WtsError &error);
