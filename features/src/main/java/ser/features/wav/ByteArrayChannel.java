package ser.features.wav;

import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only {@link SeekableByteChannel} over {@code bytes[offset, offset + length)}, so a WAV file that arrived
 * in memory (an upload, a fuzz case) is read by the same code as a file on disk.
 */
public final class ByteArrayChannel implements SeekableByteChannel {
    private final byte[] bytes;
    private final int offset;
    private final int length;
    private long position;
    private boolean open = true;

    /** The whole array. */
    public ByteArrayChannel(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    public ByteArrayChannel(byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IndexOutOfBoundsException("range [" + offset + ", " + (offset + length) + ") of " + bytes.length);
        }
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public int read(ByteBuffer dst) {
        if (position >= length) return -1;
        int n = (int) Math.min(dst.remaining(), length - position);
        dst.put(bytes, offset + (int) position, n);
        position += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        if (newPosition < 0) throw new IllegalArgumentException("negative position " + newPosition);
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return length;
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
