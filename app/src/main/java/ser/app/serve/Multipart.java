package ser.app.serve;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The file part of a {@code multipart/form-data} body (RFC 7578), found without copying: a body is
 * <pre>
 *   --BOUNDARY CRLF headers CRLF CRLF content CRLF --BOUNDARY CRLF headers ... CRLF --BOUNDARY-- CRLF
 * </pre>
 * and the part wanted is the first one whose {@code Content-Disposition} names a {@code filename} (what a browser's
 * file input sends), or else the first part named {@code file}.
 */
final class Multipart {

    /** {@code body[offset, offset + length)} is the file's content; {@code filename} as the client sent it, or null. */
    record Part(String filename, int offset, int length) {
    }

    private Multipart() {
    }

    /** The boundary parameter of a multipart Content-Type, unquoted, or null when there is none. */
    static String boundary(String contentType) {
        for (String param : contentType.split(";")) {
            String p = param.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length()).strip();
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                return b.isEmpty() || b.length() > 200 ? null : b;
            }
        }
        return null;
    }

    /** The file part of {@code body[0, length)}, or null when no part carries a file. */
    static Part file(byte[] body, int length, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(body, length, delimiter, 0);
        Part named = null;
        while (at >= 0) {
            int lineEnd = at + delimiter.length;
            if (lineEnd + 2 > length || (body[lineEnd] == '-' && body[lineEnd + 1] == '-')) {
                break;                                    // the closing delimiter "--BOUNDARY--"
            }
            int headersStart = indexOf(body, length, new byte[] {'\r', '\n'}, lineEnd);
            if (headersStart < 0) break;
            headersStart += 2;
            int headersEnd = indexOf(body, length, new byte[] {'\r', '\n', '\r', '\n'}, headersStart);
            if (headersEnd < 0) break;
            int contentStart = headersEnd + 4;
            int end = indexOf(body, length, next, contentStart);
            if (end < 0) break;                           // a part without its closing delimiter: truncated
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            String disposition = null;
            for (String line : headers.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                    disposition = line.substring("content-disposition:".length());
                }
            }
            if (disposition != null) {
                String filename = param(disposition, "filename");
                if (filename != null) {
                    return new Part(filename, contentStart, end - contentStart);
                }
                if (named == null && "file".equals(param(disposition, "name"))) {
                    named = new Part(null, contentStart, end - contentStart);
                }
            }
            at = end + 2;
        }
        return named;
    }

    /** A {@code key="value"} (or unquoted) parameter of a header value; {@code name} does not match {@code filename}. */
    private static String param(String header, String key) {
        for (String p : header.split(";")) {
            String s = p.strip();
            int eq = s.indexOf('=');
            if (eq > 0 && s.substring(0, eq).strip().equalsIgnoreCase(key)) {
                String v = s.substring(eq + 1).strip();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return null;
    }

    private static int indexOf(byte[] a, int length, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (a[i + j] != pattern[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
