/**
 * The command-line program (one runnable jar): {@link ser.app.Main} with the subcommands train, evaluate,
 * predict, features, summary, download and devices. Only this package reads flags and the environment; it picks
 * the paths and the backend and passes them down to data, features, model and engine.
 */
package ser.app;
