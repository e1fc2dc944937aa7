package org.civicinsights.batch.outreach;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and size of the bytes through a stream, so a file is checked while it streams, never held in memory. */
final class Sha256Count {
    private final MessageDigest digest;
    private long bytes;

    Sha256Count() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    long bytes() {
        return bytes;
    }

    /** The hash in lower-case hex; call once, after the stream is done. */
    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    OutputStream wrap(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                digest.update((byte) b);
                bytes++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                digest.update(b, off, len);
                bytes += len;
            }
        };
    }

    InputStream wrap(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    digest.update((byte) b);
                    bytes++;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) {
                    digest.update(b, off, n);
                    bytes += n;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                throw new UnsupportedOperationException("skipped bytes would not be hashed");
            }

            @Override
            public boolean markSupported() {
                return false;
            }
        };
    }
}
