#pragma once

#include "SessionTableModel.h"

#include <QTableView>

#include <array>

class QMenu;

// The session grid: whole-row extended selection, sortable and movable columns, compact
// fixed-height rows (cheap with thousands of them), and a header menu to show or hide
// columns. `serverColumn` says whether the Server column may be shown at all.
class SessionTableView final : public QTableView
{
    Q_OBJECT

public:
    explicit SessionTableView(bool serverColumn, QWidget *parent = nullptr);

    // Applies widths and the default hidden columns; call once the model is set.
    void applyDefaultLayout();
    // Restores a saved header state; false (and the default layout) when it does not fit.
    bool restoreLayout(const QByteArray &state);
    // The header state to save: with the user's choice for the resource columns even while
    // they are hidden because no server here gives them.
    QByteArray saveLayout();

    // Whether a server shown here gives resource totals (SessionSource::ResourceTotals).
    // Where none does, the resource columns are hidden and the header menu cannot show them;
    // where one does, they show as the user chose (shown by default).
    void setResourceTotalsAvailable(bool available);
    bool resourceTotalsAvailable() const { return m_resourceTotals; }
    // Whether a resource column is on screen: then the sources should read the totals.
    bool showsResourceColumns() const;
    // Shows or hides a column, as the header menu does (never the last one shown).
    void setColumnShown(int column, bool shown);

    // Source rows of the selection, through the proxy, in view order.
    QList<int> selectedSourceRows() const;
    // Proxy rows of the selection, in view order.
    QList<int> selectedRows() const;

Q_SIGNALS:
    // The user showed or hid columns, or a layout was applied (QHeaderView has no signal for
    // it); not emitted when the availability of the resource totals shows or hides them.
    void columnsShownChanged();

private:
    void showHeaderMenu(const QPoint &pos);
    void rememberResourceChoice();
    void showResourceColumnsAsChosen();

    static constexpr std::array<int, 3> ResourceColumns{SessionTableModel::ProcessesColumn,
                                                        SessionTableModel::MemoryColumn, SessionTableModel::CpuColumn};

    const bool m_serverColumn;
    bool m_resourceTotals = false;
    // Per resource column, whether the user wants it shown where the totals are available.
    std::array<bool, ResourceColumns.size()> m_resourceChosen{true, true, true};
    QMenu *m_headerMenu = nullptr;
};
