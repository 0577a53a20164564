#include "SessionTableView.h"

#include "SessionItemDelegate.h"
#include "SessionTableModel.h"

#include <QAbstractProxyModel>
#include <QHeaderView>
#include <QMenu>
#include <QSignalBlocker>

#include <algorithm>

SessionTableView::SessionTableView(bool serverColumn, QWidget *parent)
    : QTableView(parent)
    , m_serverColumn(serverColumn)
{
    setItemDelegate(new SessionItemDelegate(this));
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSortingEnabled(true);
    setAlternatingRowColors(true);
    setWordWrap(false);
    setTextElideMode(Qt::ElideRight);
    setShowGrid(false);
    setContextMenuPolicy(Qt::CustomContextMenu);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    setAccessibleName(tr("Sessions"));

    QHeaderView *rows = verticalHeader();
    rows->setVisible(false);
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(fontMetrics().height() + 8);

    QHeaderView *columns = horizontalHeader();
    columns->setSectionsMovable(true);
    columns->setHighlightSections(false);
    columns->setStretchLastSection(true);
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    columns->setContextMenuPolicy(Qt::CustomContextMenu);
    columns->setToolTip(tr("Right-click to choose columns; drag to reorder"));
    connect(columns, &QHeaderView::customContextMenuRequested, this, &SessionTableView::showHeaderMenu);
}

void SessionTableView::applyDefaultLayout()
{
    QHeaderView *header = horizontalHeader();
    const QFontMetrics metrics = fontMetrics();
    // Wide enough for typical values: the widest of a sample and the header text.
    const auto width = [&](const QString &sample, int column) {
        const QString title = model()->headerData(column, Qt::Horizontal).toString();
        return std::max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title) + 12) + 24;
    };
    using C = SessionTableModel::Column;
    const std::pair<int, QString> samples[] = {
        {C::ServerColumn, QStringLiteral("rdsh-server-01")},
        {C::UserColumn, QStringLiteral("kjohansson__")},
        {C::StationColumn, QStringLiteral("RDP-Tcp#199")},
        {C::IdColumn, QStringLiteral("65536")},
        {C::StateColumn, QStringLiteral("Disconnected")},
        {C::IdleColumn, QStringLiteral("9+23:59")},
        {C::LogonTimeColumn, QStringLiteral("2026-12-31 23:59")},
        {C::ClientNameColumn, QStringLiteral("THIN-0000__")},
        {C::ClientAddressColumn, QStringLiteral("10.255.255.255")},
        {C::ServiceColumn, QStringLiteral("RDP")},
        {C::RemoteColumn, QStringLiteral("Remote")},
        {C::DomainColumn, QStringLiteral("CORP")},
        {C::ConnectTimeColumn, QStringLiteral("2026-12-31 23:59")},
        {C::DisconnectTimeColumn, QStringLiteral("2026-12-31 23:59")},
        {C::ProcessesColumn, QStringLiteral("1,234")},
        {C::MemoryColumn, QStringLiteral("1,023.9 MiB")},
        {C::CpuColumn, QStringLiteral("100.0 %")},
    };
    for (const auto &[column, sample] : samples)
        header->resizeSection(column, width(sample, column));
    for (int column = 0; column < header->count(); ++column)
        header->setSectionHidden(column, false);
    header->setSectionHidden(C::ServerColumn, !m_serverColumn);
    for (const int column : {C::DomainColumn, C::ConnectTimeColumn, C::DisconnectTimeColumn})
        header->setSectionHidden(column, true);
    // Beside the state and idle time, as Task Manager's Users page has them: what a session
    // is doing, read together when choosing whom to log off.
    for (size_t i = 0; i < ResourceColumns.size(); ++i)
        header->moveSection(header->visualIndex(ResourceColumns[i]), header->visualIndex(C::IdleColumn) + 1 + int(i));
    m_resourceChosen.fill(true);
    showResourceColumnsAsChosen();
    sortByColumn(m_serverColumn ? C::ServerColumn : C::IdColumn, Qt::AscendingOrder);
    Q_EMIT columnsShownChanged();
}

bool SessionTableView::restoreLayout(const QByteArray &state)
{
    QHeaderView *header = horizontalHeader();
    if (state.isEmpty() || !header->restoreState(state) || header->count() != SessionTableModel::ColumnCount) {
        applyDefaultLayout();
        return false;
    }
    if (!m_serverColumn)
        header->setSectionHidden(SessionTableModel::ServerColumn, true);
    rememberResourceChoice();
    showResourceColumnsAsChosen();
    // Never every column hidden: that would leave an empty grid and no header to fix it.
    bool anyShown = false;
    for (int column = 0; column < header->count(); ++column)
        anyShown = anyShown || !header->isSectionHidden(column);
    if (!anyShown) {
        applyDefaultLayout();
        return false;
    }
    sortByColumn(header->sortIndicatorSection(), header->sortIndicatorOrder());
    Q_EMIT columnsShownChanged();
    return true;
}

QByteArray SessionTableView::saveLayout()
{
    QHeaderView *header = horizontalHeader();
    if (m_resourceTotals)
        return header->saveState();
    // Shown for the moment of saving only, unseen: no signal, nothing painted in between.
    const QSignalBlocker blocker(header);
    for (size_t i = 0; i < ResourceColumns.size(); ++i)
        header->setSectionHidden(ResourceColumns[i], !m_resourceChosen[i]);
    const QByteArray state = header->saveState();
    for (const int column : ResourceColumns)
        header->setSectionHidden(column, true);
    return state;
}

void SessionTableView::setResourceTotalsAvailable(bool available)
{
    if (available == m_resourceTotals)
        return;
    if (!available)
        rememberResourceChoice();
    m_resourceTotals = available;
    // Not the user's change of the layout: no columnsShownChanged.
    showResourceColumnsAsChosen();
}

bool SessionTableView::showsResourceColumns() const
{
    return std::any_of(ResourceColumns.cbegin(), ResourceColumns.cend(),
                       [this](int column) { return !horizontalHeader()->isSectionHidden(column); });
}

void SessionTableView::setColumnShown(int column, bool shown)
{
    QHeaderView *header = horizontalHeader();
    // Keep at least one column, or the header menu could not be reached again.
    if (shown == !header->isSectionHidden(column) || (!shown && header->count() - header->hiddenSectionCount() <= 1))
        return;
    header->setSectionHidden(column, !shown);
    Q_EMIT columnsShownChanged();
}

void SessionTableView::rememberResourceChoice()
{
    for (size_t i = 0; i < ResourceColumns.size(); ++i)
        m_resourceChosen[i] = !horizontalHeader()->isSectionHidden(ResourceColumns[i]);
}

void SessionTableView::showResourceColumnsAsChosen()
{
    for (size_t i = 0; i < ResourceColumns.size(); ++i)
        horizontalHeader()->setSectionHidden(ResourceColumns[i], !m_resourceTotals || !m_resourceChosen[i]);
}

QList<int> SessionTableView::selectedRows() const
{
    QList<int> rows;
    const QModelIndexList selected = selectionModel() ? selectionModel()->selectedRows() : QModelIndexList();
    rows.reserve(selected.size());
    for (const QModelIndex &index : selected)
        rows.append(index.row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

QList<int> SessionTableView::selectedSourceRows() const
{
    const auto *proxy = qobject_cast<const QAbstractProxyModel *>(model());
    QList<int> rows;
    for (const int row : selectedRows())
        rows.append(proxy ? proxy->mapToSource(proxy->index(row, 0)).row() : row);
    return rows;
}

void SessionTableView::showHeaderMenu(const QPoint &pos)
{
    delete m_headerMenu;
    m_headerMenu = new QMenu(this);
    QHeaderView *header = horizontalHeader();
    for (int column = 0; column < header->count(); ++column) {
        if (column == SessionTableModel::ServerColumn && !m_serverColumn)
            continue;
        const QString title = model()->headerData(column, Qt::Horizontal).toString();
        const bool unavailable = SessionTableModel::isResourceColumn(column) && !m_resourceTotals;
        QAction *action = m_headerMenu->addAction(unavailable ? tr("%1 (no server here reports it)").arg(title) : title);
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(column));
        action->setEnabled(!unavailable);
        connect(action, &QAction::toggled, this, [this, column](bool shown) { setColumnShown(column, shown); });
    }
    m_headerMenu->addSeparator();
    connect(m_headerMenu->addAction(tr("Reset Columns")), &QAction::triggered, this,
            &SessionTableView::applyDefaultLayout);
    m_headerMenu->popup(header->viewport()->mapToGlobal(pos));
}
