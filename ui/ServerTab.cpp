#include "ServerTab.h"

#include "ElidedToolTipDelegate.h"
#include "ErrorBanner.h"
#include "DisplayText.h"
#include "SessionFilterProxyModel.h"
#include "SessionTableModel.h"
#include "SessionTableView.h"

#include <QElapsedTimer>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QStyle>
#include <QVBoxLayout>

namespace {

// "1 session" or "3 sessions", with the number in the user's locale. (tr()'s %n would show
// "session(s)" while no translation is loaded.)
QString counted(int n, const QString &one, const QString &many)
{
    const QString &text = n == 1 ? one : many;
    return text.contains(QLatin1String("%1")) ? text.arg(QLocale().toString(n)) : text;
}

// At most this many failing servers are listed in the All servers banner.
constexpr int MaxListedFailures = 4;

QString describeRetry(std::chrono::milliseconds retryIn)
{
    const qint64 seconds = (retryIn.count() + 999) / 1000;
    return seconds > 0 ? ServerTab::tr("Next attempt in %1 s.").arg(seconds) : QString();
}

} // namespace

ServerTab::ServerTab(const QString &server, QWidget *parent)
    : QWidget(parent)
    , m_server(server)
    , m_model(new SessionTableModel(this))
    , m_proxy(new SessionFilterProxyModel(this))
    , m_view(new SessionTableView(server.isEmpty(), this))
    , m_filter(new QLineEdit(this))
    , m_banner(new ErrorBanner(this))
    , m_status(new QLabel(this))
    , m_refreshing(new QLabel(this))
{
    setAccessibleName(isAllServers() ? tr("All servers") : tr("Sessions on %1").arg(server));
    m_proxy->setSourceModel(m_model);
    m_view->setModel(m_proxy);
    m_view->applyDefaultLayout();
    m_view->delegate()->setStalePredicate([this](const QModelIndex &index) { return isStale(index); });

    m_filter->setPlaceholderText(tr("Filter by user, client, state… (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter sessions"));
    m_filter->setToolTip(tr("Shows only the sessions with this text in any column"));
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text.trimmed());
        updateStatus();
    });

    m_banner->setActionText(tr("Retry Now"));
    connect(m_banner, &ErrorBanner::actionTriggered, this,
            [this] { Q_EMIT retryRequested(QStringList(m_failing.cbegin(), m_failing.cend())); });

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

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 4);
    layout->setSpacing(4);
    layout->addWidget(m_filter);
    layout->addWidget(m_banner);
    layout->addWidget(m_view, 1);
    layout->addLayout(statusRow);

    connect(m_view, &QWidget::customContextMenuRequested, this,
            [this](const QPoint &pos) { Q_EMIT contextMenuRequested(m_view->viewport()->mapToGlobal(pos)); });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ServerTab::selectionChanged);
    QHeaderView *header = m_view->horizontalHeader();
    connect(header, &QHeaderView::sectionMoved, this, &ServerTab::columnsChanged);
    connect(header, &QHeaderView::sectionResized, this, &ServerTab::columnsChanged);
    connect(header, &QHeaderView::sortIndicatorChanged, this, &ServerTab::columnsChanged);

    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { flush(false); });
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
    if (m_states.contains(server))
        return;
    m_states.insert(server, {});
    scheduleStatus();
}

void ServerTab::removeServer(const QString &server)
{
    if (!m_states.remove(server))
        return;
    m_pending.remove(server);
    m_pendingOrder.removeOne(server);
    m_model->removeServer(server);
    if (m_failing.remove(server))
        updateBanner();
    scheduleStatus();
}

void ServerTab::refreshStarted(const QString &server)
{
    const auto it = m_states.find(server);
    if (it == m_states.end())
        return;
    it->refreshing = true;
    scheduleStatus();
}

void ServerTab::refreshFinished(const QString &server, const EnumerateResult &result, const QDateTime &observedAt,
                                const RefreshScheduler::ServerStatus &status)
{
    const auto it = m_states.find(server);
    if (it == m_states.end())
        return;
    it->refreshing = false;
    it->lastSuccess = status.lastSuccess;
    it->retryIn = status.retryIn;
    const bool wasFailing = m_failing.contains(server);
    const bool errorChanged = it->error.has_value() == result.ok()
        || (!result.ok() && it->error->toString() != result.error().toString());
    it->error = result.ok() ? std::nullopt : std::optional(result.error());

    if (result.ok()) {
        if (!m_pending.contains(server))
            m_pendingOrder.append(server);
        m_pending.insert(server, {result.value(), observedAt});
        // One server's tab shows its snapshot at once; the All servers tab gathers a few.
        if (!m_flushTimer.isActive())
            m_flushTimer.start(isAllServers() ? 100 : 0);
        m_failing.remove(server);
    } else {
        m_failing.insert(server);
    }
    if (wasFailing != m_failing.contains(server)) {
        m_view->viewport()->update();
        updateBanner();
    } else if (errorChanged || (!result.ok() && !isAllServers())) {
        updateBanner();
    }
    scheduleStatus();
}

void ServerTab::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_pendingOrder.isEmpty() && !m_flushTimer.isActive())
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
    QElapsedTimer clock;
    clock.start();
    while (!m_pendingOrder.isEmpty() && (all || clock.elapsed() < FlushBudgetMs)) {
        const QString server = m_pendingOrder.takeFirst();
        const Snapshot snapshot = m_pending.take(server);
        m_model->applySnapshot(server, snapshot.sessions, snapshot.observedAt);
    }
    if (!m_pendingOrder.isEmpty())
        m_flushTimer.start(0);
    scheduleStatus();
}

void ServerTab::scheduleStatus()
{
    if (!isHidden() && !m_statusTimer.isActive())
        m_statusTimer.start();
}

void ServerTab::updateStatus()
{
    const QLocale locale;
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    QStringList parts;
    if (m_filter->text().trimmed().isEmpty())
        parts.append(counted(total, tr("%1 session"), tr("%1 sessions")));
    else
        parts.append(counted(total, tr("%2 of %1 session match"), tr("%2 of %1 sessions match")).arg(locale.toString(shown)));
    if (isAllServers())
        parts.last() += QLatin1Char(' ') + counted(int(m_states.size()), tr("on %1 server"), tr("on %1 servers"));
    if (!m_failing.isEmpty() && isAllServers())
        parts.append(tr("%1 failing").arg(m_failing.size()));

    QDateTime latest;
    int refreshing = 0;
    for (const ServerState &state : std::as_const(m_states)) {
        if (state.lastSuccess.isValid() && (!latest.isValid() || state.lastSuccess > latest))
            latest = state.lastSuccess;
        refreshing += state.refreshing ? 1 : 0;
    }
    if (latest.isValid())
        parts.append(tr("updated %1").arg(locale.toString(latest.toLocalTime().time(), QStringLiteral("HH:mm:ss"))));
    else if (m_failing.isEmpty())
        parts.append(tr("waiting for the first answer"));
    m_status->setText(parts.join(QStringLiteral("  ·  ")));

    m_refreshing->setText(isAllServers() && refreshing > 1 ? tr("Refreshing %1 servers…").arg(refreshing)
                                                           : tr("Refreshing…"));
    m_refreshing->setVisible(refreshing > 0);
}

void ServerTab::updateBanner()
{
    if (m_failing.isEmpty()) {
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
        const ServerState &state = m_states.value(m_server);
        html = state.error ? describe(*state.error) : QString();
        QStringList notes;
        if (state.lastSuccess.isValid() && m_model->rowCount() > 0)
            notes.append(tr("The sessions shown (greyed) are from %1.")
                             .arg(locale.toString(state.lastSuccess.toLocalTime().time(), QStringLiteral("HH:mm:ss"))));
        if (const QString retry = describeRetry(state.retryIn); !retry.isEmpty())
            notes.append(retry);
        if (!notes.isEmpty())
            html += QStringLiteral("<br>") + notes.join(QLatin1Char(' ')).toHtmlEscaped();
    } else {
        QStringList failing(m_failing.cbegin(), m_failing.cend());
        failing.sort();
        html = QStringLiteral("<b>%1</b>")
                   .arg(counted(int(failing.size()), tr("%1 server is not answering; its sessions are greyed:"), tr("%1 servers are not answering; their sessions are greyed:"))
                            .toHtmlEscaped());
        for (int i = 0; i < std::min<int>(int(failing.size()), MaxListedFailures); ++i) {
            const ServerState &state = m_states.value(failing.at(i));
            html += QStringLiteral("<br>%1: %2").arg(serverDisplayName(failing.at(i)).toHtmlEscaped(), state.error ? describe(*state.error) : QString());
        }
        if (failing.size() > MaxListedFailures)
            html += QStringLiteral("<br>")
                + tr("and %1 more").arg(failing.size() - MaxListedFailures).toHtmlEscaped();
    }
    m_banner->showMessage(ErrorBanner::Severity::Error, html);
}

bool ServerTab::isStale(const QModelIndex &index) const
{
    if (m_failing.isEmpty())
        return false;
    if (!isAllServers())
        return true;
    return m_failing.contains(index.siblingAtColumn(SessionTableModel::ServerColumn).data().toString());
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

void ServerTab::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}
