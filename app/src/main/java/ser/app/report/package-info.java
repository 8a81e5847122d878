/**
 * What a run reports: {@link ser.app.report.Metrics} (accuracy, macro F1, per-class precision and recall, the
 * confusion matrix), {@link ser.app.report.Plots} (confusion heatmap and loss/accuracy curves as PNG and SVG,
 * drawn with JFreeChart and JFreeSVG in headless mode), {@link ser.app.report.CsvLogger} (one CSV row per epoch) and
 * {@link ser.app.report.ProgressBar} (samples/s and ETA on stderr).
 */
package ser.app.report;
