#pragma once

#include <QList>
#include <QString>

class QAbstractItemModel;
class QHeaderView;
class QIODevice;

// Turns rows of a model into text: CSV for files and tab-separated text for the
// clipboard, with the columns as the header shows them (visible ones, in visual order).
// Cells that a spreadsheet would run as a formula are neutralised.
class CsvExporter final
{
public:
    CsvExporter(const QAbstractItemModel *model, const QHeaderView *header);

    // Every row of the model (for a proxy: the rows the filter lets through).
    QString csv() const;
    bool writeCsv(QIODevice *device) const;
    // Only `rows`, without a header line: what Copy puts on the clipboard.
    QString tabSeparated(const QList<int> &rows) const;

    // Prefixes a quote to cells that start like a formula (= + - @, tab, CR).
    static QString neutralised(const QString &cell);
    static QString csvField(const QString &cell);

private:
    QList<int> columns() const;
    QString cell(int row, int column) const;

    const QAbstractItemModel *m_model;
    const QHeaderView *m_header;
};
