#include "CsvExporter.h"

#include <QAbstractItemModel>
#include <QDateTime>
#include <QFileDialog>
#include <QHeaderView>
#include <QIODevice>
#include <QMessageBox>
#include <QSaveFile>
#include <QStringConverter>

CsvExporter::CsvExporter(const QAbstractItemModel *model, const QHeaderView *header)
    : m_model(model)
    , m_header(header)
{}

QList<int> CsvExporter::columns() const
{
    QList<int> result;
    for (int visual = 0; visual < m_header->count(); ++visual) {
        const int logical = m_header->logicalIndex(visual);
        if (!m_header->isSectionHidden(logical))
            result.append(logical);
    }
    return result;
}

QString CsvExporter::cell(int row, int column) const
{
    return m_model->index(row, column).data(Qt::DisplayRole).toString();
}

QString CsvExporter::neutralised(const QString &cell)
{
    static const QString FormulaStarts = QStringLiteral("=+-@\t\r");
    if (!cell.isEmpty() && FormulaStarts.contains(cell.front()))
        return QLatin1Char('\'') + cell;
    return cell;
}

QString CsvExporter::csvField(const QString &cell)
{
    const QString safe = neutralised(cell);
    if (!safe.contains(QLatin1Char(',')) && !safe.contains(QLatin1Char('"')) && !safe.contains(QLatin1Char('\n'))
        && !safe.contains(QLatin1Char('\r')) && !safe.contains(QLatin1Char(';')))
        return safe;
    QString quoted = safe;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString CsvExporter::csv() const
{
    const QList<int> cols = columns();
    QStringList fields;
    QString text;
    for (const int column : cols)
        fields.append(csvField(m_model->headerData(column, Qt::Horizontal).toString()));
    text += fields.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    for (int row = 0; row < m_model->rowCount(); ++row) {
        fields.clear();
        for (const int column : cols)
            fields.append(csvField(cell(row, column)));
        text += fields.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return text;
}

bool CsvExporter::writeCsvFile(const QString &fileName) const
{
    QSaveFile file(fileName);
    return file.open(QIODevice::WriteOnly) && writeCsv(&file) && file.commit();
}

void CsvExporter::saveAs(QWidget *parent, const QString &title, const QString &baseName,
                         std::function<bool(const QString &)> save, std::function<void(const QString &)> saved)
{
    auto *dialog = new QFileDialog(parent, title);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setNameFilter(tr("CSV files (*.csv)"));
    dialog->setDefaultSuffix(QStringLiteral("csv"));
    dialog->selectFile(QStringLiteral("%1-%2.csv")
                           .arg(baseName, QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm"))));
    QObject::connect(dialog, &QFileDialog::fileSelected, parent,
                     [parent, title, save = std::move(save), saved = std::move(saved)](const QString &fileName) {
                         if (!save(fileName)) {
                             auto *box = new QMessageBox(QMessageBox::Warning, title,
                                                         tr("Could not write %1.").arg(fileName), QMessageBox::Ok,
                                                         parent);
                             box->setAttribute(Qt::WA_DeleteOnClose);
                             box->open();
                         } else if (saved) {
                             saved(fileName);
                         }
                     });
    dialog->open();
}

bool CsvExporter::writeCsv(QIODevice *device) const
{
    // With a BOM, so that spreadsheets read the names as UTF-8.
    const QByteArray bytes = QByteArrayLiteral("\xEF\xBB\xBF") + csv().toUtf8();
    return device->write(bytes) == bytes.size();
}

QString CsvExporter::tabSeparated(const QList<int> &rows) const
{
    const QList<int> cols = columns();
    QString text;
    for (const int row : rows) {
        QStringList fields;
        for (const int column : cols) {
            QString value = neutralised(cell(row, column));
            // A spreadsheet pasting this starts a new row at a CR as at an LF.
            for (const QChar breaking : {u'\t', u'\n', u'\r'})
                value.replace(breaking, QLatin1Char(' '));
            fields.append(value);
        }
        text += fields.join(QLatin1Char('\t')) + QLatin1Char('\n');
    }
    return text;
}
