#pragma once

#include "Session.h"
#include "SessionSource.h"

#include <QFutureWatcher>
#include <QObject>

#include <memory>
#include <optional>

// Reads the details of one session at a time off the GUI thread. A request made while one
// is read waits for it, replacing any request that waited before: the newest wins, and a
// slow server is asked once at a time. Only the result of the newest request is delivered;
// one for an older request, or for one given up, is dropped.
class SessionDetailsFetcher final : public QObject
{
    Q_OBJECT

public:
    explicit SessionDetailsFetcher(QObject *parent = nullptr);
    ~SessionDetailsFetcher() override;

    void fetch(std::shared_ptr<SessionSource> source, const Session &session);
    // Gives up every request: a result still coming is dropped.
    void cancel();
    // Whether a read runs now (its result may be dropped).
    bool isReading() const { return m_reading.has_value(); }

Q_SIGNALS:
    void finished(const Session &session, const DetailsResult &result);

private:
    struct Request
    {
        std::shared_ptr<SessionSource> source;
        Session session;
    };

    void start(Request request);
    void readFinished();

    // A read still running when this goes keeps its source alive and ends on its own; its
    // result goes nowhere, since the watcher goes with this.
    QFutureWatcher<DetailsResult> m_watcher;
    std::optional<Request> m_reading;
    std::optional<Request> m_waiting;
    bool m_dropReading = false;
};
