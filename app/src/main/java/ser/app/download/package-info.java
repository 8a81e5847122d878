/**
 * Fetching RAVDESS: {@link ser.app.download.Downloader} (HTTP with resume by Range, size and MD5 check, progress)
 * and {@link ser.app.download.SafeUnzip} (extraction that refuses entries escaping the target folder).
 */
package ser.app.download;
