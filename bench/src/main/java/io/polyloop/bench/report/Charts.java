package io.polyloop.bench.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** PNG bar charts of result tables (XChart), one bar group per subject that ran. */
public final class Charts {
    private Charts() {
    }

    /**
     * Draws {@code metrics} of every table for every subject that ran: one series per (table, metric).
     *
     * @param seriesLabel names a series from its table and metric
     * @return the file written
     */
    public static Path bars(Path file, String title, String yTitle, List<Table> tables, List<Metric> metrics,
                            boolean logY, java.util.function.BiFunction<Table, Metric, String> seriesLabel)
            throws IOException {
        List<String> subjects = new ArrayList<>();
        for (Table t : tables) {
            for (Row r : t.rows()) {
                if (r.unavailable() == null && !subjects.contains(r.subject())) {
                    subjects.add(r.subject());
                }
            }
        }
        CategoryChart chart = new CategoryChartBuilder().width(1200).height(600).title(title)
                .xAxisTitle("").yAxisTitle(yTitle).build();
        Styler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisLabelRotation(20);
        chart.getStyler().setYAxisLogarithmic(logY);
        if (logY) {
            chart.getStyler().setYAxisMin(1.0); // bars start at the axis minimum, which a log axis needs above 0
        }
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        if (subjects.isEmpty()) {
            subjects.add("(nothing ran)");
        }
        for (Table t : tables) {
            for (Metric m : metrics) {
                List<Double> ys = new ArrayList<>();
                for (String subject : subjects) {
                    double v = Double.NaN;
                    for (Row r : t.rows()) {
                        if (r.subject().equals(subject) && r.unavailable() == null) {
                            v = r.value(m);
                        }
                    }
                    // XChart cannot draw NaN, and 0 on a log axis: a missing bar is drawn as the axis floor.
                    ys.add(Double.isNaN(v) || v <= 0 ? (logY ? 1.0 : 0.0) : v);
                }
                chart.addSeries(seriesLabel.apply(t, m), subjects, ys);
            }
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
