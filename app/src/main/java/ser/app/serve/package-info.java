/**
 * The {@code serve} demo: {@link ser.app.serve.DemoServer}, a page and a JSON API on the JDK's
 * {@code com.sun.net.httpserver}, predicting through {@link ser.app.Predictor} as {@code predict} does.
 */
package ser.app.serve;
