#include "ServerTab.h"

#include "CsvExporter.h"
#include "DisplayText.h"
#include "ErrorBanner.h"
#include "ProcessesView.h"
#include "SessionFilterProxyModel.h"
#include "SessionTableModel.h"
#include "SessionTableView.h"

#include <QClipboard>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QStyle>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QtConcurrentRun>

namespace {

// At most this many failing servers are listed in the All servers banner.
constexpr int MaxListedFailures = 4;

QString describeRetry(std::chrono::milliseconds retryIn)
{
    const qint64 seconds = (retryIn.count() + 999) / 1000;
    return seconds > 0 ? ServerTab::tr("Next attempt in %1 s.").arg(seconds) : QString();
}

} // namespace

ServerTab::ServerTab(const QString &server, RefreshScheduler *scheduler, QThreadPool *processPool, QWidget *parent)
    : QWidget(parent)
    , m_server(server)
    , m_scheduler(scheduler)
    , m_model(new SessionTableModel(this))
    , m_proxy(new SessionFilterProxyModel(this))
    , m_view(new SessionTableView(server.isEmpty(), this))
    , m_filter(new QLineEdit(this))
    , m_banner(new ErrorBanner(this))
    , m_status(new QLabel(this))
    , m_refreshing(new QLabel(this))
    , m_processes(new ProcessesView(server.isEmpty(), scheduler, processPool, this))
    , m_pages(new QTabWidget(this))
{
    setAccessibleName(isAllServers() ? tr("All servers") : tr("Sessions on %1").arg(server));
    m_proxy->setSourceModel(m_model);
    m_view->setModel(m_proxy);
    m_view->applyDefaultLayout();

    m_filter->setPlaceholderText(tr("Filter by user, client, state… (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter sessions"));
    m_filter->setToolTip(tr("Shows only the sessions with this text in any column"));
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text.trimmed());
        updateStatus();
    });

    m_banner->setActionText(tr("Retry Now"));
    connect(m_banner, &ErrorBanner::actionTriggered, this, [this] { Q_EMIT retryRequested(failingServers()); });

    m_status->setAccessibleName(tr("Status"));
    m_status->setTextFormat(Qt::PlainText);
    m_refreshing->setAccessibleName(tr("Refreshing"));
    m_refreshing->setText(tr("Refreshing…"));
    m_refreshing->setEnabled(false);
    m_refreshing->setVisible(false);

    auto *statusRow = new QHBoxLayout;
    statusRow->setContentsMargins(2, 0, 2, 0);
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_refreshing);

    auto *sessions = new QWidget(m_pages);
    auto *layout = new QVBoxLayout(sessions);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_filter);
    layout->addWidget(m_banner);
    layout->addWidget(m_view, 1);
    layout->addLayout(statusRow);

    // Pages rather than a splitter: each grid gets the whole height, and a hidden Processes
    // page lists nothing, so a window that never shows it costs the servers nothing.
    m_pages->setDocumentMode(true);
    m_pages->setAccessibleName(tr("Sessions or processes"));
    m_pages->addTab(sessions, tr("&Sessions"));
    m_pages->addTab(m_processes, tr("&Processes"));
    m_pages->setTabToolTip(int(Page::Processes),
                           tr("The processes of these servers, or of the sessions selected on the Sessions page"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(6, 2, 6, 4);
    outer->addWidget(m_pages);
    connect(m_pages, &QTabWidget::currentChanged, this, &ServerTab::selectionChanged);
    connect(m_processes, &ProcessesView::contextMenuRequested, this, &ServerTab::processContextMenuRequested);
    connect(m_processes, &ProcessesView::selectionChanged, this, &ServerTab::selectionChanged);

    connect(m_view, &QWidget::customContextMenuRequested, this,
            [this](const QPoint &pos) { Q_EMIT contextMenuRequested(m_view->viewport()->mapToGlobal(pos)); });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        m_processes->setSessionFilter(selectedSessions());
        Q_EMIT selectionChanged();
    });
    QHeaderView *header = m_view->horizontalHeader();
    connect(header, &QHeaderView::sectionMoved, this, &ServerTab::columnsChanged);
    connect(header, &QHeaderView::sectionResized, this, &ServerTab::columnsChanged);
    connect(header, &QHeaderView::sortIndicatorChanged, this, &ServerTab::columnsChanged);
    connect(m_view, &SessionTableView::columnsShownChanged, this, &ServerTab::columnsChanged);

    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { flush(false); });
    connect(&m_digesting, &QFutureWatcherBase::finished, this, [this] {
        takeDigested();
        applyReady(false);
    });
    // The status line changes with every refresh of every server: at most a few times a second.
    m_statusTimer.setSingleShot(true);
    m_statusTimer.setInterval(250);
    connect(&m_statusTimer, &QTimer::timeout, this, &ServerTab::updateStatus);

    if (!isAllServers())
        addServer(server);
    updateStatus();
}

void ServerTab::addServer(const QString &server)
{
    if (m_statuses.contains(server))
        return;
    m_statuses.insert(server, {});
    m_processes->addServer(server);
    scheduleStatus();
}

void ServerTab::removeServer(const QString &server)
{
    const auto it = m_statuses.constFind(server);
    if (it == m_statuses.cend())
        return;
    const bool wasFailing = it->lastError.has_value();
    m_statuses.erase(it);
    m_processes->removeServer(server);
    m_heldBack.remove(server);
    m_heldBackOrder.removeOne(server);
    if (m_digesting.isRunning() || m_digested)
        m_removedWhileDigesting.insert(server);
    std::erase_if(m_ready, [&server](const ServerSnapshot &s) { return s.server == server; });
    m_model->removeServer(server);
    m_model->setServerStale(server, false);
    updateResourceTotals();
    if (wasFailing)
        updateBanner();
    scheduleStatus();
}

void ServerTab::refreshStarted(const QString &server, const RefreshScheduler::ServerStatus &status)
{
    const auto it = m_statuses.find(server);
    if (it == m_statuses.end())
        return;
    *it = status;
    scheduleStatus();
}

void ServerTab::refreshFinished(const QString &server, const EnumerateResult &result, const QDateTime &observedAt,
                                const RefreshScheduler::ServerStatus &status)
{
    const auto it = m_statuses.find(server);
    if (it == m_statuses.end())
        return;
    const std::optional<SessionError> previousError = it->lastError;
    *it = status;
    const bool wasFailing = previousError.has_value();
    const bool failing = status.lastError.has_value();
    updateResourceTotals();

    if (result.ok()) {
        if (!m_heldBack.contains(server))
            m_heldBackOrder.append(server);
        m_heldBack.insert(server, {server, result.value(), observedAt, {}});
        // One server's tab shows its snapshot at once. The All servers tab gathers them, and
        // waits longer as applying them takes longer, so that with a hundred thousand rows
        // the window still spends most of its time free for the user.
        if (!m_flushTimer.isActive())
            m_flushTimer.start(gatherMs());
    }
    if (wasFailing != failing) {
        m_model->setServerStale(server, failing);
        updateBanner();
        Q_EMIT failingChanged(server, failing);
    } else if (failing && (!isAllServers() || previousError->toString() != status.lastError->toString())) {
        updateBanner(); // a server's tab counts down to the next attempt
    }
    scheduleStatus();
}

void ServerTab::updateResourceTotals()
{
    const bool available = std::any_of(m_statuses.keyBegin(), m_statuses.keyEnd(), [this](const QString &server) {
        return m_scheduler->capabilities(server).testFlag(SessionSource::Capability::ResourceTotals);
    });
    m_view->setResourceTotalsAvailable(available);
}

void ServerTab::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_heldBackOrder.isEmpty() && !m_flushTimer.isActive())
        m_flushTimer.start(0);
    updateStatus();
}

void ServerTab::flushNow()
{
    flush(true);
}

void ServerTab::flush(bool all)
{
    if (!all && isHidden())
        return; // showEvent resumes
    if (m_digesting.isRunning()) {
        if (!all)
            return; // the batch's end flushes again
        m_digesting.waitForFinished();
    }
    takeDigested();
    if (!m_ready.empty()) {
        applyReady(all);
        if (!all)
            return;
    }
    if (m_heldBackOrder.isEmpty())
        return;
    // One pass over the rows for all the servers that answered since the last flush: with a
    // thousand servers, one at a time would pass over every row a thousand times.
    std::vector<ServerSnapshot> snapshots;
    snapshots.reserve(size_t(m_heldBackOrder.size()));
    for (const QString &server : std::as_const(m_heldBackOrder))
        snapshots.push_back(m_heldBack.take(server));
    m_heldBackOrder.clear();
    // One server's rows are digested here in no time, and shown at once; the All servers tab
    // has the thousands of rows of many servers digested on a worker first, unless the caller
    // wants the rows now.
    if (all || !isAllServers()) {
        m_model->applySnapshots(snapshots);
        scheduleStatus();
        return;
    }
    m_digested = true;
    m_digesting.setFuture(QtConcurrent::run([snapshots = std::move(snapshots)]() mutable {
        for (ServerSnapshot &snapshot : snapshots)
            snapshot.digests = ServerSnapshot::digestsOf(snapshot.sessions);
        return std::move(snapshots);
    }));
}

void ServerTab::takeDigested()
{
    if (!m_digested)
        return;
    m_digested = false;
    std::vector<ServerSnapshot> snapshots = m_digesting.future().takeResult();
    std::erase_if(snapshots, [this](const ServerSnapshot &s) { return m_removedWhileDigesting.contains(s.server); });
    m_removedWhileDigesting.clear();
    m_ready.insert(m_ready.end(), std::make_move_iterator(snapshots.begin()), std::make_move_iterator(snapshots.end()));
}

void ServerTab::applyReady(bool all)
{
    // A chunk of about ChunkSessions sessions at a time, the event loop running between two:
    // a thousand servers' first answers at once would otherwise insert and sort a hundred
    // thousand rows in one go.
    size_t end = 0;
    for (qsizetype sessions = 0; end < m_ready.size() && (all || end == 0 || sessions < ChunkSessions); ++end)
        sessions += m_ready[end].sessions.size();
    QElapsedTimer clock;
    clock.start();
    m_model->applySnapshots(std::span(m_ready).first(end));
    m_lastFlushMs = clock.elapsed();
    m_ready.erase(m_ready.begin(), m_ready.begin() + std::ptrdiff_t(end));
    if (!m_flushTimer.isActive() && (!m_ready.empty() || !m_heldBackOrder.isEmpty()))
        m_flushTimer.start(m_ready.empty() ? gatherMs() : 0);
    scheduleStatus();
}

int ServerTab::gatherMs() const
{
    return isAllServers() ? int(std::max<qint64>(MinGatherMs, GatherFactor * m_lastFlushMs)) : 0;
}

void ServerTab::scheduleStatus()
{
    if (!isHidden() && !m_statusTimer.isActive())
        m_statusTimer.start();
}

void ServerTab::updateStatus()
{
    const QLocale locale;
    // Listeners are rows but not sessions, as the server tree counts them.
    const int listeners = m_model->listenerCount();
    const int total = m_model->rowCount() - listeners;
    QStringList parts;
    if (m_filter->text().trimmed().isEmpty()) {
        parts.append(tr("%Ln session(s)", nullptr, total));
    } else {
        int shown = m_proxy->rowCount();
        if (listeners > 0) {
            for (int row = 0; row < m_proxy->rowCount(); ++row) {
                const int source = m_proxy->mapToSource(m_proxy->index(row, 0)).row();
                shown -= m_model->sessionAt(source).state == Session::State::Listening ? 1 : 0;
            }
        }
        parts.append(tr("%1 of %Ln session(s) match", nullptr, total).arg(locale.toString(shown)));
    }
    if (isAllServers())
        parts.last() += QLatin1Char(' ') + tr("on %Ln server(s)", nullptr, int(m_statuses.size()));
    if (listeners > 0)
        parts.append(tr("%Ln listener(s)", nullptr, listeners));
    QDateTime latest;
    int refreshing = 0;
    int failing = 0;
    for (const RefreshScheduler::ServerStatus &status : std::as_const(m_statuses)) {
        if (status.lastSuccess.isValid() && (!latest.isValid() || status.lastSuccess > latest))
            latest = status.lastSuccess;
        refreshing += status.refreshing ? 1 : 0;
        failing += status.lastError ? 1 : 0;
    }
    if (failing > 0 && isAllServers())
        parts.append(tr("%n failing", nullptr, failing));
    if (latest.isValid())
        parts.append(tr("updated %1").arg(locale.toString(latest.toLocalTime().time(), QStringLiteral("HH:mm:ss"))));
    else if (failing == 0)
        parts.append(tr("waiting for the first answer"));
    m_status->setText(parts.join(QStringLiteral("  ·  ")));

    m_refreshing->setText(isAllServers() && refreshing > 1 ? tr("Refreshing %n server(s)…", nullptr, refreshing)
                                                           : tr("Refreshing…"));
    m_refreshing->setVisible(refreshing > 0);
}

void ServerTab::updateBanner()
{
    const QStringList failing = failingServers();
    if (failing.isEmpty()) {
        m_banner->hide();
        return;
    }
    const QLocale locale;
    const auto describe = [](const SessionError &error) {
        return QStringLiteral("<b>%1</b> — %2")
            .arg(SessionError::categoryName(error.category).toHtmlEscaped(), error.toString().toHtmlEscaped());
    };
    QString html;
    if (!isAllServers()) {
        const RefreshScheduler::ServerStatus status = m_statuses.value(m_server);
        html = status.lastError ? describe(*status.lastError) : QString();
        QStringList notes;
        if (const QDateTime from = status.lastSuccess.toLocalTime(); from.isValid() && m_model->rowCount() > 0)
            notes.append(tr("The sessions shown (greyed) are from %1.")
                             .arg(locale.toString(from.time(), QStringLiteral("HH:mm:ss"))));
        if (const QString retry = describeRetry(status.retryIn); !retry.isEmpty())
            notes.append(retry);
        if (!notes.isEmpty())
            html += QStringLiteral("<br>") + notes.join(QLatin1Char(' ')).toHtmlEscaped();
    } else {
        html = QStringLiteral("<b>%1</b>")
                   .arg(tr("%Ln server(s) are not answering; their sessions are greyed:", nullptr, int(failing.size()))
                            .toHtmlEscaped());
        for (int i = 0; i < std::min<int>(int(failing.size()), MaxListedFailures); ++i) {
            const std::optional<SessionError> error = m_statuses.value(failing.at(i)).lastError;
            html += QStringLiteral("<br>%1: %2")
                        .arg(serverDisplayName(failing.at(i)).toHtmlEscaped(), error ? describe(*error) : QString());
        }
        if (failing.size() > MaxListedFailures)
            html += QStringLiteral("<br>")
                    + tr("and %n more", nullptr, int(failing.size()) - MaxListedFailures).toHtmlEscaped();
    }
    m_banner->showMessage(ErrorBanner::Severity::Error, html);
}

QStringList ServerTab::failingServers() const
{
    QStringList failing;
    for (auto it = m_statuses.cbegin(); it != m_statuses.cend(); ++it) {
        if (it->lastError)
            failing.append(it.key());
    }
    failing.sort();
    return failing;
}

QList<Session> ServerTab::selectedSessions() const
{
    QList<Session> sessions;
    for (const int row : m_view->selectedSourceRows())
        sessions.append(m_model->sessionAt(row));
    return sessions;
}

std::optional<Session> ServerTab::listedSession(const QString &server, const QString &id) const
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const Session &session = m_model->sessionAt(row);
        if (session.id == id && session.server == server)
            return session;
    }
    return std::nullopt;
}

void ServerTab::copySelection() const
{
    if (currentPage() == Page::Processes) {
        m_processes->copySelection();
        return;
    }
    const CsvExporter exporter(m_proxy, m_view->horizontalHeader());
    const QString text = exporter.tabSeparated(m_view->selectedRows());
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}

bool ServerTab::exportCsv(const QString &fileName) const
{
    return CsvExporter(m_proxy, m_view->horizontalHeader()).writeCsvFile(fileName);
}

ServerTab::Page ServerTab::currentPage() const
{
    return m_pages->currentWidget() == m_processes ? Page::Processes : Page::Sessions;
}

void ServerTab::setCurrentPage(Page page)
{
    m_pages->setCurrentIndex(int(page));
}

void ServerTab::focusFilter()
{
    if (currentPage() == Page::Processes) {
        m_processes->focusFilter();
        return;
    }
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}
