#include "SessionTableView.h"

#include "SessionItemDelegate.h"
#include "SessionTableModel.h"

#include <QAbstractProxyModel>
#include <QHeaderView>
#include <QMenu>

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
    };
    for (const auto &[column, sample] : samples)
        header->resizeSection(column, width(sample, column));
    for (int column = 0; column < header->count(); ++column)
        header->setSectionHidden(column, false);
    header->setSectionHidden(C::ServerColumn, !m_serverColumn);
    for (const int column : {C::DomainColumn, C::ConnectTimeColumn, C::DisconnectTimeColumn})
        header->setSectionHidden(column, true);
    sortByColumn(m_serverColumn ? C::ServerColumn : C::IdColumn, Qt::AscendingOrder);
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
    // Never every column hidden: that would leave an empty grid and no header to fix it.
    bool anyShown = false;
    for (int column = 0; column < header->count(); ++column)
        anyShown = anyShown || !header->isSectionHidden(column);
    if (!anyShown) {
        applyDefaultLayout();
        return false;
    }
    sortByColumn(header->sortIndicatorSection(), header->sortIndicatorOrder());
    return true;
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
        QAction *action = m_headerMenu->addAction(model()->headerData(column, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(column));
        connect(action, &QAction::toggled, header, [header, column](bool shown) {
            // Keep at least one column, or the header menu could not be reached again.
            if (shown || header->count() - header->hiddenSectionCount() > 1)
                header->setSectionHidden(column, !shown);
        });
    }
    m_headerMenu->addSeparator();
    connect(m_headerMenu->addAction(tr("Reset Columns")), &QAction::triggered, this,
            &SessionTableView::applyDefaultLayout);
    m_headerMenu->popup(header->viewport()->mapToGlobal(pos));
}
