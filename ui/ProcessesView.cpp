#include "ProcessesView.h"

#include "CsvExporter.h"
#include "DisplayText.h"
#include "ErrorBanner.h"
#include "ProcessRefresher.h"
#include "RefreshScheduler.h"
#include "SessionItemDelegate.h"
#include "SessionTableModel.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

// The grid paints with SessionItemDelegate, which reads these roles and the server column.
static_assert(int(ProcessTableModel::StaleRole) == int(SessionTableModel::StaleRole));
static_assert(int(ProcessTableModel::ServerColumn) == int(SessionTableModel::ServerColumn));

ProcessesView::ProcessesView(bool allServers, RefreshScheduler *scheduler, QThreadPool *pool, QWidget *parent)
    : QWidget(parent)
    , m_scheduler(scheduler)
    , m_model(new ProcessTableModel(this))
    , m_proxy(new ProcessFilterProxyModel(this))
    , m_refresher(new ProcessRefresher(scheduler, pool, this))
    , m_filter(new QLineEdit(this))
    , m_sessionLabel(new QLabel(this))
    , m_clearSessions(new QToolButton(this))
    , m_banner(new ErrorBanner(this))
    , m_view(new QTableView(this))
    , m_status(new QLabel(this))
{
    m_bannerUpdate.setSingleShot(true);
    connect(&m_bannerUpdate, &QTimer::timeout, this, &ProcessesView::updateBanner);
    m_proxy->setSourceModel(m_model);

    m_filter->setPlaceholderText(tr("Filter by name, user, command line… (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter processes"));
    m_filter->setToolTip(tr("Shows only the processes with this text in any column"));
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text.trimmed());
        updateStatus();
    });

    m_sessionLabel->setAccessibleName(tr("Session filter"));
    m_sessionLabel->setTextFormat(Qt::PlainText);
    m_clearSessions->setText(tr("Show All Sessions"));
    m_clearSessions->setAccessibleName(tr("Show the processes of all sessions"));
    connect(m_clearSessions, &QToolButton::clicked, this, &ProcessesView::clearSessionFilter);
    auto *sessionRow = new QHBoxLayout;
    sessionRow->setContentsMargins(2, 0, 2, 0);
    sessionRow->addWidget(m_sessionLabel, 1);
    sessionRow->addWidget(m_clearSessions);

    m_banner->setActionText(tr("Retry Now"));
    connect(m_banner, &ErrorBanner::actionTriggered, this, [this] {
        for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it)
            m_refresher->refresh(it.key());
    });

    m_view->setModel(m_proxy);
    m_view->setItemDelegate(new SessionItemDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSortingEnabled(true);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setShowGrid(false);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setAccessibleName(tr("Processes"));
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    applyDefaultLayout(allServers);
    connect(m_view, &QWidget::customContextMenuRequested, this,
            [this](const QPoint &pos) { Q_EMIT contextMenuRequested(m_view->viewport()->mapToGlobal(pos)); });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ProcessesView::selectionChanged);

    m_status->setAccessibleName(tr("Process status"));
    m_status->setTextFormat(Qt::PlainText);
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &ProcessesView::updateStatus);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &ProcessesView::updateStatus);

    connect(m_refresher, &ProcessRefresher::listed, this, &ProcessesView::listed);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_filter);
    layout->addLayout(sessionRow);
    layout->addWidget(m_banner);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);

    updateSessionFilter();
    updateStatus();
}

void ProcessesView::applyDefaultLayout(bool allServers)
{
    QHeaderView *header = m_view->horizontalHeader();
    const QFontMetrics metrics = fontMetrics();
    const auto width = [&](const QString &sample, int column) {
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        return std::max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title) + 12) + 24;
    };
    using C = ProcessTableModel::Column;
    const std::pair<int, QString> samples[] = {
        {C::ServerColumn, QStringLiteral("rdsh-server-01")},
        {C::SessionColumn, QStringLiteral("65536")},
        {C::UserColumn, QStringLiteral("CORP\\kjohansson")},
        {C::PidColumn, QStringLiteral("4194304")},
        {C::NameColumn, QStringLiteral("searchprotocolhost.exe")},
        {C::CommandLineColumn, QString(32, u'x')},
        {C::ThreadsColumn, QStringLiteral("999")},
        {C::HandlesColumn, QStringLiteral("99,999")},
        {C::MemoryColumn, QStringLiteral("999.9 MiB")},
        {C::CpuTimeColumn, QStringLiteral("999:59:59")},
    };
    for (const auto &[column, sample] : samples)
        header->resizeSection(column, width(sample, column));
    header->setSectionHidden(C::ServerColumn, !allServers);
    // The command line, the longest, last: it takes the width left over.
    header->moveSection(header->visualIndex(C::CommandLineColumn), C::ColumnCount - 1);
    m_view->sortByColumn(allServers ? C::ServerColumn : C::SessionColumn, Qt::AscendingOrder);
}

void ProcessesView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_refresher->setActive(true);
}

void ProcessesView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_refresher->setActive(false);
}

void ProcessesView::addServer(const QString &server)
{
    if (m_servers.contains(server))
        return;
    m_servers.append(server);
    m_refresher->addServer(server);
    scheduleBanner();
}

void ProcessesView::removeServer(const QString &server)
{
    if (!m_servers.removeOne(server))
        return;
    m_refresher->removeServer(server);
    m_model->removeServer(server);
    m_errors.remove(server);
    scheduleBanner();
}

void ProcessesView::listed(const QString &server, const ProcessesResult &result)
{
    const bool wasFailing = m_errors.contains(server);
    if (result.ok()) {
        m_errors.remove(server);
        m_model->applyProcesses(server, result.value());
    } else {
        m_errors.insert(server, result.error());
    }
    m_model->setServerStale(server, !result.ok());
    if (wasFailing || !result.ok())
        updateBanner();
    updateStatus();
}

std::optional<SessionError> ProcessesView::listingError(const QString &server) const
{
    const auto it = m_errors.constFind(server);
    return it == m_errors.cend() ? std::nullopt : std::optional<SessionError>(*it);
}

void ProcessesView::setSessionFilter(const QList<Session> &sessions)
{
    QSet<ProcessFilterProxyModel::SessionKey> keys;
    for (const Session &session : sessions)
        keys.insert({session.server, session.id});
    m_proxy->setSessions(keys);
    updateSessionFilter();
    updateStatus();
}

void ProcessesView::clearSessionFilter()
{
    setSessionFilter({});
}

void ProcessesView::updateSessionFilter()
{
    const auto &sessions = m_proxy->sessions();
    if (sessions.isEmpty()) {
        m_sessionLabel->setText(tr("All sessions"));
    } else if (sessions.size() == 1) {
        const auto &[server, id] = *sessions.cbegin();
        m_sessionLabel->setText(m_servers.size() > 1 ? tr("Only session %1 on %2").arg(id, serverDisplayName(server))
                                                     : tr("Only session %1").arg(id));
    } else {
        m_sessionLabel->setText(
            tr("Only the %n session(s) selected on the Sessions page", nullptr, int(sessions.size())));
    }
    m_sessionLabel->setToolTip(tr("Select sessions on the Sessions page to see only their processes"));
    m_clearSessions->setEnabled(!sessions.isEmpty());
}

void ProcessesView::scheduleBanner()
{
    if (!m_bannerUpdate.isActive())
        m_bannerUpdate.start();
}

void ProcessesView::updateBanner()
{
    QStringList lines;
    QStringList failing = m_errors.keys();
    failing.sort();
    for (const QString &server : std::as_const(failing)) {
        const SessionError &error = m_errors[server];
        lines.append(QStringLiteral("%1: <b>%2</b> — %3")
                         .arg(serverDisplayName(server).toHtmlEscaped(),
                              SessionError::categoryName(error.category).toHtmlEscaped(),
                              error.toString().toHtmlEscaped()));
    }
    QStringList unable;
    for (const QString &server : std::as_const(m_servers)) {
        const SessionSource::Capabilities capabilities = m_scheduler->capabilities(server);
        if (!capabilities.testFlag(SessionSource::Capability::ListProcesses))
            unable.append(serverDisplayName(server));
    }
    unable.sort();
    if (lines.isEmpty() && unable.isEmpty()) {
        m_banner->hide();
        return;
    }
    QString html;
    if (!lines.isEmpty()) {
        html = QStringLiteral("<b>%1</b><br>")
                   .arg(tr("The processes of %Ln server(s) could not be listed; their rows are greyed:", nullptr,
                           int(lines.size()))
                            .toHtmlEscaped())
               + lines.join(QStringLiteral("<br>"));
    }
    if (!unable.isEmpty()) {
        if (!html.isEmpty())
            html += QStringLiteral("<br>");
        html += tr("%1 cannot list processes.").arg(unable.join(QStringLiteral(", "))).toHtmlEscaped();
    }
    m_banner->setActionText(lines.isEmpty() ? QString() : tr("Retry Now"));
    m_banner->showMessage(lines.isEmpty() ? ErrorBanner::Severity::Note : ErrorBanner::Severity::Error, html);
}

void ProcessesView::updateStatus()
{
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    m_status->setText(shown == total ? tr("%n process(es)", nullptr, total)
                                     : tr("%1 of %n process(es) shown", nullptr, total).arg(QLocale().toString(shown)));
}

QList<SessionProcess> ProcessesView::selectedProcesses() const
{
    QList<SessionProcess> processes;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows)
        processes.append(m_model->processAt(m_proxy->mapToSource(row).row()));
    return processes;
}

std::optional<SessionProcess> ProcessesView::listedProcess(const ProcessTableModel::Key &key) const
{
    const int row = m_model->rowOf(key);
    return row < 0 ? std::nullopt : std::optional<SessionProcess>(m_model->processAt(row));
}

void ProcessesView::copySelection() const
{
    QList<int> rows;
    const QModelIndexList selected = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &index : selected)
        rows.append(index.row());
    std::sort(rows.begin(), rows.end());
    const CsvExporter exporter(m_proxy, m_view->horizontalHeader());
    if (const QString text = exporter.tabSeparated(rows); !text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}

void ProcessesView::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}
