#pragma once

#include <QSet>
#include <QSortFilterProxyModel>

class ProcessTableModel;

// Sorts ProcessTableModel on its typed values, filters on text in any column and, when
// sessions are chosen, on those sessions.
class ProcessFilterProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    // A session by its server and id, as a process names it.
    using SessionKey = std::pair<QString, QString>;

    explicit ProcessFilterProxyModel(QObject *parent = nullptr);

    // Only a ProcessTableModel.
    void setSourceModel(QAbstractItemModel *model) override;

    // Shows only the processes of these sessions; an empty set shows every session.
    void setSessions(const QSet<SessionKey> &sessions);
    const QSet<SessionKey> &sessions() const { return m_sessions; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    const ProcessTableModel *m_processes = nullptr;
    QSet<SessionKey> m_sessions;
};
