// Applying an enumeration snapshot to the session model behind the sort/filter proxy
// and a QTableView: the incremental apply against the naive reset baseline.
#include "SessionFilterProxyModel.h"
#include "SessionTableModel.h"

#include <QApplication>
#include <QHeaderView>
#include <QTableView>
#include <QTimeZone>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <random>

namespace {

const QString Server = QStringLiteral("demo:bench");
const QDateTime Base(QDate(2026, 11, 2), QTime(8, 0), Qt::UTC);

Session makeSession(int id, std::mt19937 &random)
{
    static const QStringList users{QStringLiteral("jsmith"),    QStringLiteral("mgarcia"), QStringLiteral("achen"),
                                   QStringLiteral("pkowalski"), QStringLiteral("snguyen"), QStringLiteral("rpatel")};
    Session s;
    s.server = Server;
    s.id = QString::number(id);
    s.user = users.at(int(random() % users.size())) + QString::number(random() % 500);
    s.domain = QStringLiteral("CORP");
    s.state = Session::State::Active;
    s.rawState = QStringLiteral("WTSActive");
    s.station = QStringLiteral("RDP-Tcp#%1").arg(id);
    s.clientName = QStringLiteral("WS-%1").arg(random() % 10000);
    s.clientAddress = QStringLiteral("10.20.%1.%2").arg(random() % 256).arg(random() % 254 + 1);
    s.remote = true;
    s.service = QStringLiteral("RDP");
    s.logonTime = Base.addSecs(id);
    s.connectTime = s.logonTime;
    s.idleSince = Base;
    return s;
}

// Two snapshots that differ by `churnPercent`: that share of sessions ends, as many
// new ones start, and as many change state.
std::pair<QList<Session>, QList<Session>> snapshots(int sessions, int churnPercent)
{
    std::mt19937 random(42);
    QList<Session> first;
    for (int id = 1; id <= sessions; ++id)
        first.append(makeSession(id, random));
    QList<Session> second = first;
    const int churn = sessions * churnPercent / 100;
    for (int i = 0; i < churn; ++i) {
        second.removeAt(int(random() % second.size()));
        second.append(makeSession(sessions + 1 + i, random));
        Session &changed = second[int(random() % second.size())];
        changed.state = Session::State::Disconnected;
        changed.disconnectTime = Base.addSecs(5);
    }
    return {first, second};
}

struct View
{
    SessionFilterProxyModel proxy;
    QTableView table;

    explicit View(QAbstractItemModel *model)
    {
        proxy.setSourceModel(model);
        proxy.sort(SessionTableModel::UserColumn, Qt::AscendingOrder);
        table.setModel(&proxy);
        table.setSortingEnabled(true);
        table.verticalHeader()->hide();
        table.resize(1200, 800);
        table.show();
        QApplication::processEvents();
    }
};

template<typename Apply>
void runApply(benchmark::State &state, Apply apply)
{
    const auto [first, second] = snapshots(int(state.range(0)), int(state.range(1)));
    SessionTableModel model;
    View view(&model);
    apply(model, view, first);
    bool flip = false;
    for (auto _ : state) {
        apply(model, view, flip ? first : second);
        flip = !flip;
        state.PauseTiming();
        QApplication::processEvents();
        state.ResumeTiming();
    }
    state.counters["sessions"] = double(state.range(0));
    state.counters["ns_per_session"] = benchmark::Counter(double(state.range(0)),
                                                          benchmark::Counter::kIsIterationInvariantRate
                                                              | benchmark::Counter::kInvert);
}

void BM_ApplyIncremental(benchmark::State &state)
{
    runApply(state,
             [](SessionTableModel &model, View &, const QList<Session> &s) { model.applySnapshot(Server, s, Base); });
}

// The naive baseline: the view sees a reset every time (the proxy is detached, the rows
// rebuilt, the proxy attached again, which resets it and sorts everything anew), with the
// same model, proxy and comparisons as the incremental path.
void BM_ApplyReset(benchmark::State &state)
{
    runApply(state, [](SessionTableModel &model, View &view, const QList<Session> &s) {
        view.proxy.setSourceModel(nullptr);
        model.removeServer(Server);
        model.applySnapshot(Server, s, Base);
        view.proxy.setSourceModel(&model);
    });
}

void arguments(benchmark::internal::Benchmark *b)
{
    for (const int sessions : {1000, 10000, 100000})
        for (const int churn : {0, 1, 10})
            b->Args({sessions, churn});
    b->Unit(benchmark::kMicrosecond);
}

BENCHMARK(BM_ApplyIncremental)->Apply(arguments);
BENCHMARK(BM_ApplyReset)->Apply(arguments);

// Keeps each run's time so the summary can set every variant beside its reference.
class SummaryReporter final : public benchmark::ConsoleReporter
{
public:
    void ReportRuns(const std::vector<Run> &runs) override
    {
        for (const Run &run : runs) {
            if (run.run_type == Run::RT_Iteration)
                times[run.benchmark_name()] = run.GetAdjustedRealTime();
        }
        ConsoleReporter::ReportRuns(runs);
    }
    std::map<std::string, double> times; // microseconds
};

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    SummaryReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();

    std::printf("\nsummary (microseconds per snapshot; speedup = reset / incremental)\n");
    for (const int sessions : {1000, 10000, 100000}) {
        for (const int churn : {0, 1, 10}) {
            const std::string suffix = "/" + std::to_string(sessions) + "/" + std::to_string(churn);
            const auto inc = reporter.times.find("BM_ApplyIncremental" + suffix);
            const auto reset = reporter.times.find("BM_ApplyReset" + suffix);
            if (inc == reporter.times.end() || reset == reporter.times.end())
                continue;
            std::printf("apply sessions=%d churn=%d%% incremental_us=%.1f reset_us=%.1f speedup=%.1fx\n", sessions,
                        churn, inc->second, reset->second, reset->second / inc->second);
        }
    }
    return 0;
}
