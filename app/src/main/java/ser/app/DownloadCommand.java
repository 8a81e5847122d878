package ser.app;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import ser.app.download.Downloader;
import ser.app.download.SafeUnzip;
import ser.data.RavdessIndex;

/**
 * Fetches RAVDESS' audio archives from Zenodo (record 1188976) into --out (default ./data), resuming a partial
 * download, checking size and MD5 where known, and extracting safely. The speech archive's MD5
 * (bc696df654c87fed845eb13823edef8a) is the value published with the record as quoted by other projects; the
 * song archive's is not known here, so unless --song-md5 is given it is checked by its size from the server and by
 * reading every entry's CRC-32 before it is kept. A download never grows past the archive's known size (the speech
 * archive with its published MD5: 208,468,073 bytes) or, with no size known, past --max-bytes.
 */
@Command(name = "download", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Download and unpack RAVDESS (Zenodo record 1188976, CC BY-NC-SA 4.0) into ./data.")
final class DownloadCommand extends FolderWritingCommand {

    static final String SPEECH = "Audio_Speech_Actors_01-24.zip";
    static final String SONG = "Audio_Song_Actors_01-24.zip";
    static final String SPEECH_MD5 = "bc696df654c87fed845eb13823edef8a";
    /** The size of the speech archive whose MD5 is {@link #SPEECH_MD5}, in bytes. */
    static final long SPEECH_BYTES = 208_468_073L;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "data", description = "target folder (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--song", description = "also fetch the song archive (the notebook used speech and song)")
    boolean song;

    @Option(names = "--base-url", defaultValue = "https://zenodo.org/records/1188976/files/", description = "where the archives are (default ${DEFAULT-VALUE})")
    String baseUrl;

    @Option(names = "--speech-md5", defaultValue = SPEECH_MD5, description = "expected MD5 of the speech archive; 'none' skips the check")
    String speechMd5;

    @Option(names = "--song-md5", defaultValue = "none", description = "expected MD5 of the song archive; 'none' skips the check")
    String songMd5;

    @Option(names = "--keep-zip", description = "keep the archives after extracting")
    boolean keepZip;

    @Option(names = "--max-bytes", paramLabel = "N", defaultValue = "1000000000",
            description = "largest archive accepted when its size is not known (default ${DEFAULT-VALUE})")
    long maxBytes;

    @Option(names = "--timeout", defaultValue = "60", description = "connect/read timeout in seconds (default ${DEFAULT-VALUE})")
    int timeout;

    @Override
    protected Integer run() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        String speech = md5OrNull("--speech-md5", speechMd5);
        String songSum = md5OrNull("--song-md5", songMd5);
        if (maxBytes <= 0) {
            throw new UserError("--max-bytes must be positive, got " + maxBytes);
        }
        if (timeout <= 0) {
            throw new UserError("--timeout must be a positive number of seconds, got " + timeout);
        }
        List<String[]> archives = new ArrayList<>();
        archives.add(new String[]{SPEECH, speechMd5});
        if (song) {
            archives.add(new String[]{SONG, songMd5});
        }
        Downloader downloader = new Downloader(timeout * 1000);
        boolean terminal = System.console() != null;
        lock = FolderLock.acquire(out, "download", spec.commandLine().getErr());
        Files.createDirectories(out);
        for (String[] a : archives) {
            Path zip = out.resolve(a[0]);
            URI uri = URI.create(baseUrl.endsWith("/") ? baseUrl + a[0] : baseUrl + "/" + a[0]);
            String md5 = a[0].equals(SPEECH) ? speech : songSum;
            long expected = SPEECH_MD5.equals(md5) ? SPEECH_BYTES : -1;
            Downloader.Check check = md5 != null ? null : f -> SafeUnzip.verify(f, SafeUnzip.Limits.DEFAULT);
            o.println("fetching " + uri + " -> " + zip);
            o.flush();
            long[] total = {-1};
            long[] last = {0};
            long t0 = System.nanoTime();
            boolean fetched = downloader.fetch(uri, zip, expected, maxBytes, md5, check, have -> {
                long now = System.nanoTime();
                if (terminal && now - last[0] > 200_000_000L) {
                    last[0] = now;
                    double s = (now - t0) / 1e9;
                    System.err.printf(Locale.ROOT, "\r  %.1f / %s MB  %.1f MB/s   ", have / 1e6,
                            total[0] < 0 ? "?" : String.format(Locale.ROOT, "%.1f", total[0] / 1e6), have / 1e6 / Math.max(s, 1e-9));
                }
            }, size -> total[0] = size);
            if (terminal) {
                System.err.print("\r");
            }
            o.println(fetched ? "  downloaded and verified (" + Files.size(zip) + " bytes"
                    + (md5 != null ? ", MD5 OK" : ", MD5 not checked, every entry's CRC-32 OK") + ")" : "  already present and verified");
            int n = SafeUnzip.extract(zip, out);
            o.println("  extracted " + n + " files into " + out);
            if (!keepZip) {
                Files.delete(zip);
            }
        }
        RavdessIndex index = RavdessIndex.scan(out, s -> { });
        o.println(out + " now holds " + index.files().size() + " RAVDESS recordings. RAVDESS is licensed CC BY-NC-SA 4.0;"
                + " cite Livingstone & Russo (2018), PLoS ONE 13(5): e0196391.");
        o.flush();
        return 0;
    }

    /** null for 'none', otherwise the MD5 in lower case; refuses anything else before any download starts. */
    private static String md5OrNull(String option, String value) {
        if (value.equalsIgnoreCase("none")) {
            return null;
        }
        try {
            return Downloader.requireMd5(option, value);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
