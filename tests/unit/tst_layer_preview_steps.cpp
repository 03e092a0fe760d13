// The layer preview's rows without an engine: parsed steps, a plan laid over them, the
// first changed line of an edit, and which rows an edit or a changed context file marks.

#include "dockerfile/layerpreviewmodel.h"
#include "dockerfile/previewsteps.h"
#include "dockerfile/stepdetails.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTreeWidget>

using namespace berth::studio;

namespace {

const QString kTwoStages = "FROM busybox AS base\n"
                           "ENV A=1\n"
                           "COPY src/ /src/\n"
                           "RUN make\n"
                           "FROM base\n"
                           "COPY docs /docs\n"
                           "CMD [\"sh\"]\n";

QJsonObject planStep(int line, const QString& status) {
    return QJsonObject{{"Range", QJsonObject{{"Start", QJsonObject{{"Line", line}}}}},
                       {"CacheStatus", status}};
}

} // namespace

class TestLayerPreviewSteps : public QObject {
    Q_OBJECT

private slots:
    void parsedStepsKeepLinesAndKinds() {
        const std::vector<PreviewStep> steps = parseSteps(kTwoStages, CacheState::Pending);
        QCOMPARE(steps.size(), std::size_t(7));
        QCOMPARE(steps[0].kind, StepKind::Base);
        QCOMPARE(steps[1].kind, StepKind::Config);
        QCOMPARE(steps[2].kind, StepKind::Layer);
        QCOMPARE(steps[2].line, 3);
        QCOMPARE(steps[2].copySources, QStringList{"src/"});
        QCOMPARE(steps[4].stage, 1);
        QCOMPARE(steps[6].config.cmd, QStringList{"sh"});
        QCOMPARE(steps[6].config.env.value(0).second, QString("1"));
    }

    void firstChangedLineOfEdit() {
        QCOMPARE(firstChangedLine("a\nb\nc\n", "a\nb\nc\n"), 0);
        QCOMPARE(firstChangedLine("a\nb\nc\n", "a\nB\nc\n"), 2);
        QCOMPARE(firstChangedLine("a\nb\n", "a\nb\nc\n"), 3);
        QCOMPARE(firstChangedLine("", "FROM x\n"), 1);
    }

    // Steps the plan lists take its status; a stage the target does not need is unknown.
    void planSetsStatusByLine() {
        std::vector<PreviewStep> steps = parseSteps(kTwoStages, CacheState::Pending);
        QJsonObject copy = planStep(3, "hit");
        copy["LayerSize"] = 42;
        copy["LastRun"] = "2026-12-05T01:02:03.5Z";
        const QJsonObject plan{{"Steps", QJsonArray{planStep(1, "hit"), planStep(2, "hit"), copy,
                                                    planStep(4, "rebuild")}}};
        applyPlan(steps, plan);
        QCOMPARE(steps[2].cache, CacheState::Hit);
        QCOMPARE(steps[2].layerSize, qint64(42));
        QVERIFY(steps[2].lastRun.isValid());
        QCOMPARE(steps[3].cache, CacheState::Rebuild);
        QCOMPARE(steps[5].cache, CacheState::Unknown);
    }

    // An edit marks its step and every later step, the later stages included.
    void editMarksFromItsStep() {
        LayerPreviewModel model;
        model.setSteps(parseSteps(kTwoStages, CacheState::Hit));
        model.invalidateFromLine(2);
        QCOMPARE(model.step(0)->cache, CacheState::Hit);
        for (int row = 1; row < 7; ++row) {
            if (row == 4) {
                QCOMPARE(model.step(row)->cache, CacheState::Hit); // the FROM of stage 1
                continue;
            }
            QCOMPARE(model.step(row)->cache, CacheState::Invalidated);
        }
    }

    // The efficiency counts the target stage's whole image: the FROM step carries the waste
    // of the base image's layers and the stage's image size, as the engine reports them.
    void efficiencyCountsBaseLayers() {
        std::vector<PreviewStep> steps = parseSteps(kTwoStages, CacheState::Pending);
        QJsonObject from = planStep(5, "hit");
        from["WastedBytes"] = 3000;
        QJsonObject copy = planStep(6, "hit");
        copy["WastedBytes"] = 1000;
        const QJsonObject plan{
            {"Steps", QJsonArray{planStep(1, "hit"), planStep(2, "hit"), planStep(3, "hit"),
                                 planStep(4, "hit"), from, copy, planStep(7, "hit")}},
            {"Efficiency", QJsonObject{{"Stages", QJsonArray{QJsonObject{
                                                      {"Stage", 1}, {"ImageBytes", 16000}}}}}}};
        applyPlan(steps, plan);
        QCOMPARE(steps[4].wastedBytes, qint64(3000));
        QCOMPARE(steps[4].imageBytes, qint64(16000));
        QCOMPARE(steps[0].imageBytes, qint64(-1));
        QCOMPARE(steps[5].imageBytes, qint64(-1));
        const QString summary = StepDetails::efficiencySummary(steps);
        QVERIFY2(summary.contains("75.0%"), qPrintable(summary));
        QVERIFY2(summary.contains("base image included"), qPrintable(summary));
    }

    // A changed context file marks the COPY that reads it and the rest of that stage only.
    void contextFileMarksItsCopy() {
        LayerPreviewModel model;
        model.setSteps(parseSteps(kTwoStages, CacheState::Hit));
        model.invalidateCopiesOf("src/main.c");
        QCOMPARE(model.step(1)->cache, CacheState::Hit);
        QCOMPARE(model.step(2)->cache, CacheState::Invalidated);
        QCOMPARE(model.step(3)->cache, CacheState::Invalidated);
        QCOMPARE(model.step(5)->cache, CacheState::Hit);

        model.setSteps(parseSteps(kTwoStages, CacheState::Hit));
        model.invalidateCopiesOf("docs/guide.md");
        QCOMPARE(model.step(2)->cache, CacheState::Hit);
        QCOMPARE(model.step(5)->cache, CacheState::Invalidated);
        QCOMPARE(model.step(6)->cache, CacheState::Invalidated);
    }

    // The Config tab shows no count where a list is empty or full: an empty ENV reads
    // "(none)", a LABEL row lists its names as children, and CMD keeps its arguments apart.
    void configTabShowsValuesNotCounts() {
        const std::vector<PreviewStep> steps =
            parseSteps("FROM busybox\n"
                       "LABEL maintainer=devops\n"
                       "ARG VERSION\n"
                       "CMD [\"sh\", \"-c\", \"echo one two\"]\n",
                       CacheState::Pending);
        QCOMPARE(steps.size(), std::size_t(4));
        StepDetails details;
        details.showStep(steps, 3);
        QTreeWidget* tree = details.configTree();
        const auto row = [tree](const QString& name) -> QTreeWidgetItem* {
            const QList<QTreeWidgetItem*> found = tree->findItems(name, Qt::MatchExactly);
            return found.size() == 1 ? found.first() : nullptr;
        };

        QTreeWidgetItem* env = row("ENV");
        QVERIFY(env);
        QCOMPARE(env->text(1), QString("(none)"));
        QCOMPARE(env->childCount(), 0);

        QTreeWidgetItem* label = row("LABEL");
        QVERIFY(label);
        QCOMPARE(label->text(1), QString());
        QCOMPARE(label->childCount(), 1);
        QCOMPARE(label->child(0)->text(0), QString("maintainer"));
        QCOMPARE(label->child(0)->text(1), QString("devops"));

        QTreeWidgetItem* arg = row("ARG");
        QVERIFY(arg);
        QCOMPARE(arg->text(1), QString());
        QCOMPARE(arg->childCount(), 1);
        QCOMPARE(arg->child(0)->text(1), QString("(no value)"));

        QTreeWidgetItem* cmd = row("CMD");
        QVERIFY(cmd);
        QCOMPARE(cmd->text(1), QString("[\"sh\", \"-c\", \"echo one two\"]"));
        QTreeWidgetItem* entrypoint = row("ENTRYPOINT");
        QVERIFY(entrypoint);
        QCOMPARE(entrypoint->text(1), QString("(not set)"));
        QTreeWidgetItem* expose = row("EXPOSE");
        QVERIFY(expose);
        QCOMPARE(expose->text(1), QString("(none)"));

        // The first step has neither labels nor a CMD yet.
        details.showStep(steps, 0);
        QTreeWidgetItem* firstLabel = row("LABEL");
        QVERIFY(firstLabel);
        QCOMPARE(firstLabel->text(1), QString("(none)"));
        QCOMPARE(firstLabel->childCount(), 0);
    }
};

QTEST_MAIN(TestLayerPreviewSteps)
#include "tst_layer_preview_steps.moc"
