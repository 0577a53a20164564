#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <functional>

class QAbstractItemModel;
class QHeaderView;
class QIODevice;
class QWidget;

// Turns rows of a model into text: CSV for files and tab-separated text for the
// clipboard, with the columns as the header shows them (visible ones, in visual order).
// Cells that a spreadsheet would run as a formula are neutralised.
class CsvExporter final
{
    Q_DECLARE_TR_FUNCTIONS(CsvExporter)

public:
    CsvExporter(const QAbstractItemModel *model, const QHeaderView *header);

    // Every row of the model (for a proxy: the rows the filter lets through).
    QString csv() const;
    bool writeCsv(QIODevice *device) const;
    // csv() into `fileName`, replacing it only once all is written.
    bool writeCsvFile(const QString &fileName) const;
    // Only `rows`, without a header line: what Copy puts on the clipboard.
    QString tabSeparated(const QList<int> &rows) const;

    // Prefixes a quote to cells that start like a formula (= + - @, tab, CR).
    static QString neutralised(const QString &cell);
    static QString csvField(const QString &cell);

    // Asks where to save (a window-modal file dialog on `parent`, titled `title`, suggesting
    // BASENAME-yyyyMMdd-HHmm.csv) and calls `save` with the file chosen; says so when it
    // returns false. `saved` (if set) hears of a file written.
    static void saveAs(QWidget *parent, const QString &title, const QString &baseName,
                       std::function<bool(const QString &)> save, std::function<void(const QString &)> saved = {});

private:
    QList<int> columns() const;
    QString cell(int row, int column) const;

    const QAbstractItemModel *m_model;
    const QHeaderView *m_header;
};
