#pragma once

#include <QTableView>

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
    // Source rows of the selection, through the proxy, in view order.
    QList<int> selectedSourceRows() const;
    // Proxy rows of the selection, in view order.
    QList<int> selectedRows() const;

private:
    void showHeaderMenu(const QPoint &pos);

    const bool m_serverColumn;
    QMenu *m_headerMenu = nullptr;
};
