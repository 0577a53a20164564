#pragma once

#include <QString>

// Whether `c` could drive a terminal or break a line of output: control and format
// characters (escape sequences, direction overrides, tags) and line or paragraph separators.
bool movesTheTerminal(char32_t c);

// `text` with every character that movesTheTerminal() replaced by '?', so that data from
// servers or users cannot drive a terminal or break a line of output.
QString terminalSafe(const QString &text);
