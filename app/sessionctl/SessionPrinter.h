#pragma once

#include "Session.h"

#include <QList>
#include <QString>

// Formats sessions for scripts and terminals: a qwinsta-like table, CSV or JSON.
namespace SessionPrinter {

enum class Format { Table, Csv, Json };

QString format(const QList<Session> &sessions, Format format, const QDateTime &now);

} // namespace SessionPrinter
