#include "AuditHistoryDialog.h"

#include "CsvExporter.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

AuditHistoryDialog::AuditHistoryDialog(QString path, QWidget *parent)
    : QDialog(parent)
    , m_path(std::move(path))
    , m_model(new AuditTableModel(this))
    , m_filtered(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_view(new QTableView(this))
    , m_status(new QLabel(this))
{
    setWindowTitle(tr("History"));
    setObjectName(QStringLiteral("AuditHistoryDialog"));
    resize(1000, 480);

    m_filtered->setSourceModel(m_model);
    m_filtered->setFilterKeyColumn(-1);
    m_filtered->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filtered->setSortRole(AuditTableModel::SortRole);

    m_filter->setPlaceholderText(tr("Filter: user, server, action, outcome, batch…"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("History filter"));
    connect(m_filter, &QLineEdit::textChanged, m_filtered, &QSortFilterProxyModel::setFilterFixedString);

    m_view->setModel(m_filtered);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(AuditTableModel::Time, Qt::DescendingOrder);

    m_status->setText(tr("Reading %1…").arg(QDir::toNativeSeparators(m_path)));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *reloadButton = buttons->addButton(tr("&Reload"), QDialogButtonBox::ActionRole);
    QPushButton *exportButton = buttons->addButton(tr("&Export CSV…"), QDialogButtonBox::ActionRole);
    connect(reloadButton, &QPushButton::clicked, this, &AuditHistoryDialog::reload);
    connect(exportButton, &QPushButton::clicked, this, &AuditHistoryDialog::openExportDialog);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(&m_loading, &QFutureWatcherBase::finished, this, &AuditHistoryDialog::showLoaded);
    reload();
}

// The watcher is a member: destroyed, it reports nothing; the worker holds only its copy of the path.
AuditHistoryDialog::~AuditHistoryDialog() = default;

void AuditHistoryDialog::reload()
{
    if (m_loading.isRunning()) {
        m_reloadAgain = true; // what changed since that reading began
        return;
    }
    m_loading.setFuture(QtConcurrent::run([path = m_path] { return AuditLog::read(path); }));
}

void AuditHistoryDialog::showLoaded()
{
    if (m_reloadAgain) {
        m_reloadAgain = false;
        reload();
        return;
    }
    const AuditLog::Contents contents = m_loading.result();
    m_model->setRecords(contents.records);
    QString status = tr("Records: %1, from %2").arg(contents.records.size()).arg(QDir::toNativeSeparators(m_path));
    if (!contents.problems.isEmpty())
        status += u' ' + tr("(not read: %1)").arg(contents.problems.join(QStringLiteral("; ")));
    m_status->setText(status);
    Q_EMIT loaded();
}

QString AuditHistoryDialog::statusText() const
{
    return m_status->text();
}

void AuditHistoryDialog::setFilterText(const QString &text)
{
    m_filter->setText(text);
}

bool AuditHistoryDialog::exportCsv(const QString &fileName) const
{
    return CsvExporter(m_filtered, m_view->horizontalHeader()).writeCsvFile(fileName);
}

void AuditHistoryDialog::openExportDialog()
{
    CsvExporter::saveAs(this, tr("Export History"), QStringLiteral("history"),
                        [this](const QString &fileName) { return exportCsv(fileName); });
}
