#include "SessionDetailsDock.h"

#include "CsvExporter.h"
#include "DisplayText.h"
#include "RefreshScheduler.h"
#include "ServerTab.h"
#include "SessionDetailsFetcher.h"
#include "SessionFilterProxyModel.h"
#include "SessionTableModel.h"
#include "SessionTableView.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QTreeWidget>
#include <QVBoxLayout>

SessionDetailsDock::SessionDetailsDock(RefreshScheduler *scheduler, QWidget *parent)
    : QDockWidget(tr("Session Details"), parent)
    , m_scheduler(scheduler)
    , m_fetcher(new SessionDetailsFetcher(this))
    , m_heading(new QLabel(this))
    , m_status(new QLabel(this))
    , m_fields(new QTreeWidget(this))
    , m_copy(new QAction(tr("&Copy"), this))
    , m_copyAll(new QAction(tr("Copy &All"), this))
{
    setObjectName(QStringLiteral("SessionDetailsDock"));
    setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea | Qt::BottomDockWidgetArea);

    for (QLabel *label : {m_heading, m_status}) {
        label->setTextFormat(Qt::PlainText);
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setContentsMargins(6, 4, 6, 4);
    }
    QFont bold = m_heading->font();
    bold.setBold(true);
    m_heading->setFont(bold);
    m_status->setAccessibleName(tr("Details status"));

    m_fields->setColumnCount(2);
    m_fields->setHeaderLabels({tr("Field"), tr("Value")});
    m_fields->setRootIsDecorated(false);
    m_fields->setUniformRowHeights(true);
    m_fields->setAlternatingRowColors(true);
    m_fields->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_fields->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_fields->setTextElideMode(Qt::ElideMiddle);
    m_fields->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_fields->header()->setStretchLastSection(true);
    m_fields->setContextMenuPolicy(Qt::CustomContextMenu);

    m_copy->setShortcut(QKeySequence::Copy);
    m_copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_fields->addAction(m_copy);
    m_fields->installEventFilter(this);
    connect(m_copy, &QAction::triggered, this, [this] { copyRows(false); });
    connect(m_copyAll, &QAction::triggered, this, [this] { copyRows(true); });
    connect(m_fields, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        auto *menu = new QMenu(this);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        m_copy->setEnabled(!m_fields->selectedItems().isEmpty());
        m_copyAll->setEnabled(m_fields->topLevelItemCount() > 0);
        menu->addActions({m_copy, m_copyAll});
        menu->popup(m_fields->viewport()->mapToGlobal(pos));
    });

    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_heading);
    layout->addWidget(m_status);
    layout->addWidget(m_fields, 1);
    setWidget(content);

    connect(m_fetcher, &SessionDetailsFetcher::finished, this, &SessionDetailsDock::showDetails);
    connect(this, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible && std::exchange(m_loadWhenShown, false))
            load();
    });
    showNothingSelected();
}

SessionDetailsDock::~SessionDetailsDock() = default;

bool SessionDetailsDock::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_fields && (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)
        && static_cast<QKeyEvent *>(event)->matches(QKeySequence::Copy)) {
        event->accept();
        if (event->type() == QEvent::KeyPress)
            copyRows(false);
        return true;
    }
    return QDockWidget::eventFilter(watched, event);
}

void SessionDetailsDock::follow(ServerTab *tab)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_tabConnections))
        disconnect(connection);
    m_tabConnections.clear();
    m_tab = tab;
    if (tab) {
        const auto changed = [this] { currentChanged(); };
        const QItemSelectionModel *selection = tab->view()->selectionModel();
        // The grid's model, not the session model: during a snapshot the proxy's mapping is
        // only brought up to date once the snapshot is applied, in one layout change.
        const SessionFilterProxyModel *grid = tab->proxy();
        m_tabConnections = {
            connect(selection, &QItemSelectionModel::currentChanged, this, changed),
            connect(selection, &QItemSelectionModel::selectionChanged, this, changed),
            connect(grid, &QAbstractItemModel::dataChanged, this, changed),
            connect(grid, &QAbstractItemModel::layoutChanged, this, changed),
            connect(grid, &QAbstractItemModel::rowsRemoved, this, changed),
            connect(grid, &QAbstractItemModel::modelReset, this, changed),
        };
    }
    currentChanged();
}

std::optional<Session> SessionDetailsDock::currentSession() const
{
    if (!m_tab)
        return std::nullopt;
    const QItemSelectionModel *selection = m_tab->view()->selectionModel();
    QModelIndex current = selection->currentIndex();
    if (!current.isValid() || !selection->isRowSelected(current.row(), current.parent())) {
        const QModelIndexList rows = selection->selectedRows();
        if (rows.isEmpty())
            return std::nullopt;
        current = rows.first();
    }
    const QModelIndex source = m_tab->proxy()->mapToSource(current);
    if (!source.isValid())
        return std::nullopt;
    return m_tab->model()->sessionAt(source.row());
}

void SessionDetailsDock::currentChanged()
{
    const std::optional<Session> session = currentSession();
    if (session == m_session)
        return;
    const bool sameLogon = session && m_session && SessionKey::of(*session) == SessionKey::of(*m_session);
    m_session = session;
    if (!sameLogon)
        m_fields->clear();
    if (!m_session) {
        m_fetcher->cancel();
        showNothingSelected();
        return;
    }
    m_heading->setText(tr("%1, session %2 on %3")
                           .arg(userDisplayName(*m_session), m_session->id, serverDisplayName(m_session->server)));
    m_heading->show();
    load();
}

void SessionDetailsDock::reload()
{
    load();
}

void SessionDetailsDock::load()
{
    if (!m_session)
        return;
    if (!isVisible()) {
        m_loadWhenShown = true;
        return;
    }
    const std::shared_ptr<SessionSource> source = m_scheduler->source(m_session->server);
    if (!source || !source->capabilities().testFlag(SessionSource::Capability::Details)) {
        m_fetcher->cancel();
        m_fields->clear();
        showStatus(tr("Session details are not supported on this server."));
        return;
    }
    // A new read of the fields shown updates them quietly.
    if (m_fields->topLevelItemCount() == 0)
        showStatus(tr("Loading…"));
    m_fetcher->fetch(source, *m_session);
}

void SessionDetailsDock::showDetails(const Session &session, const DetailsResult &result)
{
    if (!m_session || SessionKey::of(session) != SessionKey::of(*m_session))
        return;
    if (!result) {
        m_fields->clear();
        showStatus(tr("Could not read the details: %1").arg(result.error().toString()));
        return;
    }
    const SessionDetails &details = result.value();
    // The same fields again (a refresh): values updated in place, so the selection stays.
    bool sameFields = m_fields->topLevelItemCount() == details.size();
    for (int row = 0; sameFields && row < details.size(); ++row)
        sameFields = m_fields->topLevelItem(row)->data(0, Qt::UserRole).toString() == details.at(row).key;
    if (!sameFields) {
        m_fields->clear();
        QList<QTreeWidgetItem *> items;
        for (const SessionDetail &detail : details) {
            auto *item = new QTreeWidgetItem({detail.label});
            item->setData(0, Qt::UserRole, detail.key);
            items.append(item);
        }
        m_fields->addTopLevelItems(items);
    }
    for (int row = 0; row < details.size(); ++row) {
        QTreeWidgetItem *item = m_fields->topLevelItem(row);
        item->setText(1, details.at(row).value);
        item->setToolTip(1, plainToolTip(details.at(row).value));
    }
    m_status->hide();
}

void SessionDetailsDock::showNothingSelected()
{
    m_heading->clear();
    m_heading->hide();
    showStatus(tr("Select a session to see its details."));
}

void SessionDetailsDock::showStatus(const QString &text)
{
    m_status->setText(text);
    m_status->show();
}

void SessionDetailsDock::copyRows(bool all) const
{
    QList<int> rows;
    for (int row = 0; row < m_fields->topLevelItemCount(); ++row) {
        if (all || m_fields->topLevelItem(row)->isSelected())
            rows.append(row);
    }
    if (rows.isEmpty())
        return;
    const CsvExporter exporter(m_fields->model(), m_fields->header());
    QApplication::clipboard()->setText(exporter.tabSeparated(rows));
}
