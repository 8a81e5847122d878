/**
 * Fetching RAVDESS: {@link ser.app.download.Downloader} (HTTP with resume by Range, bounded by the known size or
 * a maximum, a server's Content-Range and lengths checked, size/MD5/content check before the final rename) and
 * {@link ser.app.download.SafeUnzip} (extraction that refuses entries escaping the target folder and archives
 * over the entry, byte or compression-ratio bounds, and checks every entry's CRC-32).
 */
package ser.app.download;
