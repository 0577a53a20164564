#include "CsvExporter.h"

#include <QBuffer>
#include <QHeaderView>
#include <QStandardItemModel>
#include <QTableView>

#include <gtest/gtest.h>

namespace {

struct Grid
{
    QStandardItemModel model{0, 3};
    QTableView view;

    Grid()
    {
        model.setHorizontalHeaderLabels({QStringLiteral("User"), QStringLiteral("Client"), QStringLiteral("Note")});
        model.appendRow({new QStandardItem(QStringLiteral("alice")), new QStandardItem(QStringLiteral("WS-1")),
                         new QStandardItem(QStringLiteral("=HYPERLINK(\"http://evil\")"))});
        model.appendRow({new QStandardItem(QStringLiteral("+bob")), new QStandardItem(QStringLiteral("a,b")),
                         new QStandardItem(QStringLiteral("@SUM(1)"))});
        model.appendRow({new QStandardItem(QStringLiteral("-carol")), new QStandardItem(QStringLiteral("tab\there")),
                         new QStandardItem(QStringLiteral("say \"hi\""))});
        view.setModel(&model);
    }
};

} // namespace

TEST(CsvExporterTest, NeutralisesFormulaStarts)
{
    EXPECT_EQ(CsvExporter::neutralised(QStringLiteral("=1+1")), QStringLiteral("'=1+1"));
    EXPECT_EQ(CsvExporter::neutralised(QStringLiteral("+1")), QStringLiteral("'+1"));
    EXPECT_EQ(CsvExporter::neutralised(QStringLiteral("-1")), QStringLiteral("'-1"));
    EXPECT_EQ(CsvExporter::neutralised(QStringLiteral("@x")), QStringLiteral("'@x"));
    EXPECT_EQ(CsvExporter::neutralised(QStringLiteral("alice")), QStringLiteral("alice"));
    EXPECT_EQ(CsvExporter::neutralised(QString()), QString());
}

TEST(CsvExporterTest, CsvHasHeaderQuotingAndNeutralisedCells)
{
    Grid grid;
    const QString csv = CsvExporter(&grid.model, grid.view.horizontalHeader()).csv();
    const QStringList lines = csv.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 4);
    EXPECT_EQ(lines[0], QStringLiteral("User,Client,Note"));
    EXPECT_EQ(lines[1], QStringLiteral("alice,WS-1,\"'=HYPERLINK(\"\"http://evil\"\")\""));
    EXPECT_EQ(lines[2], QStringLiteral("'+bob,\"a,b\",'@SUM(1)"));
    EXPECT_EQ(lines[3], QStringLiteral("'-carol,tab\there,\"say \"\"hi\"\"\""));
}

TEST(CsvExporterTest, FollowsVisualOrderAndSkipsHiddenColumns)
{
    Grid grid;
    grid.view.horizontalHeader()->moveSection(2, 0);
    grid.view.horizontalHeader()->setSectionHidden(1, true);
    const QString csv = CsvExporter(&grid.model, grid.view.horizontalHeader()).csv();
    EXPECT_TRUE(csv.startsWith(QStringLiteral("Note,User\r\n")));
}

TEST(CsvExporterTest, WritesUtf8WithBom)
{
    Grid grid;
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    ASSERT_TRUE(CsvExporter(&grid.model, grid.view.horizontalHeader()).writeCsv(&buffer));
    EXPECT_TRUE(buffer.data().startsWith("\xEF\xBB\xBFUser,"));
}

TEST(CsvExporterTest, TabSeparatedRowsForTheClipboard)
{
    Grid grid;
    const QString text = CsvExporter(&grid.model, grid.view.horizontalHeader()).tabSeparated({0, 2});
    EXPECT_EQ(text, QStringLiteral("alice\tWS-1\t'=HYPERLINK(\"http://evil\")\n'-carol\ttab here\tsay \"hi\"\n"));
}
