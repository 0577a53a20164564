#pragma once

#include <QString>

// `text` with control and format characters (escape sequences, direction overrides, line
// breaks) replaced by '?', so that data from servers or users cannot drive a terminal or
// break a line of output.
QString terminalSafe(const QString &text);
