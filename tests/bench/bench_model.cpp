// bench_model: applying an enumeration snapshot through the chain the window uses (the
// session model, the sorting and filtering proxy, a shown QTableView), at 1k to 1M rows and
// 0, 1 and 10 % churn. The snapshots come with their digests, as the window works them out
// on a worker before it applies them on the GUI thread. Each benchmark also measures, in the same run and on the same rows,
// the naive reset baseline, and reports it as counters beside its own time:
//   reset_us      the baseline's time per snapshot
//   speedup       reset_us over the incremental time
//   ns_per_row    the incremental time per row: flat when the apply is linear in the rows
// A Google Benchmark program: --benchmark_filter, --benchmark_format=json and the other
// --benchmark_* flags work as usual.
#include "SessionFilterProxyModel.h"
#include "SessionTableModel.h"

#include <QApplication>
#include <QHeaderView>
#include <QTableView>
#include <QTimeZone>

#include <benchmark/benchmark.h>

#include <chrono>
#include <random>

namespace {

const QString Server = QStringLiteral("demo:bench");
const QDateTime Base(QDate(2026, 11, 2), QTime(8, 0), Qt::UTC);
// The reset baseline is repeated up to this long, and at least once.
constexpr std::chrono::milliseconds ResetBudget{500};

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

// Two snapshots that differ by `churnPercent`: that share of sessions, picked at random, ends,
// as many new ones start, and as many others change state. Built in linear time, so that a
// million rows take seconds, not hours.
std::pair<QList<Session>, QList<Session>> snapshots(int sessions, int churnPercent)
{
    std::mt19937 random(42);
    QList<Session> first;
    first.reserve(sessions);
    for (int id = 1; id <= sessions; ++id)
        first.append(makeSession(id, random));
    const int churn = int(qint64(sessions) * churnPercent / 100);
    enum Fate : char { Kept, Ended, Changed };
    std::vector<char> fate(size_t(sessions), Kept);
    for (const Fate pick : {Ended, Changed}) {
        for (int picked = 0; picked < churn;) {
            char &f = fate[random() % size_t(sessions)];
            if (f == Kept) {
                f = pick;
                ++picked;
            }
        }
    }
    QList<Session> second;
    second.reserve(sessions + churn);
    for (int i = 0; i < sessions; ++i) {
        if (fate[size_t(i)] == Ended)
            continue;
        second.append(first.at(i));
        if (fate[size_t(i)] == Changed) {
            second.last().state = Session::State::Disconnected;
            second.last().disconnectTime = Base.addSecs(5);
        }
    }
    for (int i = 0; i < churn; ++i)
        second.append(makeSession(sessions + 1 + i, random));
    return {first, second};
}

// The window's chain: model, proxy sorted by user, a shown table.
struct Chain
{
    SessionTableModel model;
    SessionFilterProxyModel proxy;
    QTableView table;

    Chain()
    {
        proxy.setSourceModel(&model);
        proxy.sort(SessionTableModel::UserColumn, Qt::AscendingOrder);
        table.setModel(&proxy);
        table.setSortingEnabled(true);
        table.verticalHeader()->hide();
        table.resize(1200, 800);
        table.show();
        QApplication::processEvents();
    }

    void apply(const ServerSnapshot &snapshot) { model.applySnapshots({&snapshot, 1}); }

    // The naive baseline: the table sees a reset (the proxy is detached, the rows rebuilt, the
    // proxy attached again, which sorts everything anew), with the same model, proxy and
    // comparisons.
    void reset(const ServerSnapshot &snapshot)
    {
        proxy.setSourceModel(nullptr);
        model.removeServer(Server);
        apply(snapshot);
        proxy.setSourceModel(&model);
    }
};

template<typename Apply>
double timed(Apply apply)
{
    const auto start = std::chrono::steady_clock::now();
    apply();
    const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // Painting is the event loop's, after the apply: not counted, but done so that the
    // table's state is that of a window.
    QApplication::processEvents();
    return elapsed;
}

void BM_Apply(benchmark::State &state)
{
    const int sessions = int(state.range(0));
    const auto [firstSessions, secondSessions] = snapshots(sessions, int(state.range(1)));
    const ServerSnapshot first{Server, firstSessions, Base, ServerSnapshot::digestsOf(firstSessions)};
    const ServerSnapshot second{Server, secondSessions, Base, ServerSnapshot::digestsOf(secondSessions)};
    Chain chain;
    chain.apply(first);
    QApplication::processEvents();

    bool flip = false;
    double incremental = 0;
    for (auto _ : state) {
        const double seconds = timed([&] { chain.apply(flip ? first : second); });
        state.SetIterationTime(seconds);
        incremental += seconds;
        flip = !flip;
    }
    incremental /= double(state.iterations());

    double reset = 0;
    int resets = 0;
    const auto until = std::chrono::steady_clock::now() + ResetBudget;
    do {
        reset += timed([&] { chain.reset(flip ? first : second); });
        flip = !flip;
        ++resets;
    } while (std::chrono::steady_clock::now() < until && resets < state.iterations());
    reset /= resets;

    state.counters["rows"] = sessions;
    state.counters["ns_per_row"] = incremental * 1e9 / sessions;
    state.counters["reset_us"] = reset * 1e6;
    state.counters["speedup"] = reset / incremental;
}

BENCHMARK(BM_Apply)
    ->ArgNames({"rows", "churn"})
    ->ArgsProduct({{1000, 10000, 100000, 1000000}, {0, 1, 10}})
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond);

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
